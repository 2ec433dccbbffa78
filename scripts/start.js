// `npm start`: builds the web lab and serves it on 127.0.0.1 only (port 5173, or $PORT), nothing to other
// hosts. Stops with Ctrl-C.
import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const vite = fileURLToPath(new URL("../node_modules/vite/bin/vite.js", import.meta.url));
const host = "127.0.0.1";
const port = process.env.PORT ?? "5173";
if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`lrlab: error: PORT=${port}: expected a port number from 1 to 65535`);
  process.exit(2);
}

execFileSync(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
const server = spawn(
  process.execPath,
  [vite, "preview", "--host", host, "--port", port, "--strictPort", "--logLevel", "warn"],
  { cwd: root, stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

// Say where it is once it answers.
const url = `http://${host}:${port}/`;
for (let tries = 0; tries < 200 && server.exitCode === null; tries++) {
  try {
    if ((await fetch(url)).ok) {
      console.log(`lrlab web lab: ${url}`);
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
