// How the production server is started everywhere: plain Node on build/server.js with the V8 flags
// of package.json's "config.serverNodeFlags", the one place they are set. `npm start` reads them as
// $npm_package_config_serverNodeFlags; the demo, the e2e server and the bench spawn this command.
//
// Why flags at all: left alone, V8 lets the heap grow with garbage long after the live data is small
// (the server peaked at 560–940 MB RSS under the bench, issue 7). Capping the old space makes it
// collect sooner; it is safe because no request holds much at once (CSV exports stream in chunks,
// app/domain/csv.server.ts). The values were chosen by measurement: see
// docs/decisions/013-streamed-exports-and-server-memory.md.
import fs from "node:fs";
import path from "node:path";

const packageJson = JSON.parse(
  fs.readFileSync(new URL("../package.json", import.meta.url), "utf8"),
) as { config: { serverNodeFlags: string } };

export const SERVER_NODE_FLAGS: readonly string[] = packageJson.config.serverNodeFlags
  .split(/\s+/)
  .filter(Boolean);

/** The arguments for `node` that start the compiled server of buildDir, flags first. */
export function serverNodeArguments(buildDir: string): string[] {
  return [...SERVER_NODE_FLAGS, path.join(buildDir, "server.js")];
}
