// Starts the real production server once for every e2e file: a fresh demo database, the built app.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../../app/db/client.server";
import { loadDemoData } from "../../scripts/demo-data";
import { serverNodeArguments } from "../../scripts/server-command";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the server answers, e.g. http://127.0.0.1:41234 (no trailing slash). */
    baseUrl: string;
    /** The server's SQLite file, for tests that check what was (not) written. */
    databasePath: string;
  }
}

export const CHROMIUM_PATH = "/usr/bin/chromium";
const STARTUP_TIMEOUT_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}

async function waitUntilAnswering(url: string, server: ChildProcess, output: () => string) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`The e2e server exited before answering:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/login`, { redirect: "manual" });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The e2e server did not answer within ${STARTUP_TIMEOUT_MS} ms:\n${output()}`);
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const forceKill = setTimeout(() => signalGroup(server, "SIGKILL"), 5_000);
    server.once("exit", () => {
      clearTimeout(forceKill);
      resolve();
    });
    signalGroup(server, "SIGTERM");
  });
}

/** The server runs in its own process group, so anything it starts stops with it. */
function signalGroup(server: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-server.pid!, signal);
  } catch {
    // Already gone.
  }
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the browser tests need Debian's Chromium. Run \`apt-get install -y chromium\` (npx playwright install cannot download here).`,
    );
  }
  const buildDir = path.resolve(process.env.BUILD_PATH || "build");
  if (!fs.existsSync(path.join(buildDir, "server.js"))) {
    throw new Error(
      `No production build at ${buildDir}/server.js: run npm run build first (the e2e tests serve the built app).`,
    );
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crg-e2e-"));
  const databasePath = path.join(dir, "e2e.sqlite");
  const { sqlite, db } = openDatabase(databasePath);
  migrateDatabase(db);
  await loadDemoData(db);
  sqlite.close();

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = "";
  // The compiled server npm start runs, on plain Node with its flags.
  const server = spawn(process.execPath, serverNodeArguments(buildDir), {
    cwd: process.cwd(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_PATH: databasePath,
      BUILD_PATH: buildDir,
      COOKIE_SECURE: "false",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
    },
  });
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const teardown = async () => {
    await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(baseUrl, server, () => output);
  } catch (error) {
    await teardown();
    throw error;
  }

  project.provide("baseUrl", baseUrl);
  project.provide("databasePath", databasePath);
  return teardown;
}
