// Starts the real localiam binary on a free port (--port 0) for a test, and stops it.
// LOCALIAM_BINARY names the binary (default: build/localiam at the repository root).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function startLocaliam(args = []) {
  const binary = process.env.LOCALIAM_BINARY || path.join(repo, "build", "localiam");
  // stderr (the log: at `info`, a line per request) goes to ours, and stdout keeps its reader
  // after the "listening on" line: a pipe that nobody reads fills after a few hundred requests
  // and the server stalls on its next write. fixture.test.js makes 600 calls at `info`.
  const child = spawn(binary, ["--port", "0", "--data", ":memory:", "--log-level", "warn", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`localiam exited with ${code}: ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.on("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}
