// Production server: apply migrations, then serve the built app with the HTTP layer of
// app/http.server.ts. `npm run build` compiles this file to build/server.js (esbuild), so
// production runs plain JavaScript on Node, without a TypeScript compiler in memory.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { databasePath, migrateDatabase, openDatabase } from "../app/db/client.server";
import { createHttpApp } from "../app/http.server";

const migrator = openDatabase(databasePath());
migrateDatabase(migrator.db);
migrator.sqlite.close();

const buildDir = path.resolve(process.env.BUILD_PATH || "build");
const build = (await import(
  pathToFileURL(path.join(buildDir, "server/index.js")).href
)) as ServerBuild;
const app = createHttpApp(build, path.join(buildDir, "client"));
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "localhost";
app.listen(port, host, () => {
  process.stdout.write(
    `CRG Engagement CRM listening on http://localhost:${port} (database ${databasePath()})\n`,
  );
});
