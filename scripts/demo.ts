// The quick start: migrate and fill the demo database, then serve the build with the compiled
// production server (build/server.js with its Node flags, as npm start does) and say how to sign in.
import { spawn } from "node:child_process";
import path from "node:path";
import { databasePath, migrateDatabase, openDatabase } from "../app/db/client.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from "./demo-data";
import { serverNodeArguments } from "./server-command";

process.env.DATABASE_PATH ||= "data/demo.sqlite";
process.env.NODE_ENV ||= "production";
// The demo is served over plain http on localhost.
process.env.COOKIE_SECURE ||= "false";

const { sqlite, db } = openDatabase(databasePath());
migrateDatabase(db);
await loadDemoData(db);
sqlite.close();

const port = Number(process.env.PORT || 3000);
const server = spawn(
  process.execPath,
  serverNodeArguments(path.resolve(process.env.BUILD_PATH || "build")),
  { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, PORT: String(port) } },
);
const logins = DEMO_ACCOUNTS.map(
  (account) => `  ${account.email.padEnd(20)} ${account.description}`,
).join("\n");
let announced = false;
server.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  // The server says when it listens; only then is the address worth giving.
  if (!announced && chunk.toString().includes("listening on")) {
    announced = true;
    process.stdout.write(
      `\nCRG Engagement CRM demo is running at http://localhost:${port}\nDatabase: ${databasePath()}\n\nDemo accounts (password "${DEMO_PASSWORD}"):\n${logins}\n\nPress Ctrl+C to stop.\n`,
    );
  }
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code) => process.exit(code ?? 0));
