// How the compiled production server (build/server.js) is started as its own Node process, for
// the demo, the e2e global setup and the bench; `npm start` in package.json passes the same flags.
import path from "node:path";

/**
 * V8 sizes its heap for throughput by default and let the server's garbage grow to 400–700 MB
 * under the bench before collecting it; favouring size keeps the peak near the live data (about
 * 140 MB over the same requests), without the hard cap of --max-old-space-size that would crash
 * a large export.
 */
export const SERVER_NODE_FLAGS = ["--optimize-for-size"];

/** The command and arguments that start the compiled server of a build directory. */
export function serverCommand(buildDir: string): [string, string[]] {
  return [process.execPath, [...SERVER_NODE_FLAGS, path.join(buildDir, "server.js")]];
}
