// Production server: apply migrations, then serve the built app with the HTTP layer of app/http.server.ts.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { databasePath, migrateDatabase, openDatabase } from "../app/db/client.server";
import { createHttpApp } from "../app/http.server";

export async function startServer(
  port: number,
): Promise<{ close: () => Promise<void>; url: string }> {
  const migrator = openDatabase(databasePath());
  migrateDatabase(migrator.db);
  migrator.sqlite.close();

  const buildDir = path.resolve(process.env.BUILD_PATH || "build");
  const build = (await import(
    pathToFileURL(path.join(buildDir, "server/index.js")).href
  )) as ServerBuild;
  const app = createHttpApp(build, path.join(buildDir, "client"));
  const host = process.env.HOST || "localhost";
  return new Promise((resolve) => {
    const server = app.listen(port, host, () => {
      resolve({
        url: `http://localhost:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.env.PORT || 3000);
  const { url } = await startServer(port);
  process.stdout.write(`CRG Engagement CRM listening on ${url} (database ${databasePath()})\n`);
}
