// Builds dist/ from src/: a clean tree (no stale files from deleted sources), then tsc, then the CLI made
// executable so `npx lrlab` can run it directly, then the web lab with Vite (dist/web; src/web is not
// compiled by tsc). Run it as `npm run build` (npm puts tsc and vite on the PATH).
import { execFileSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
execFileSync("tsc", ["-p", "tsconfig.build.json"], { stdio: "inherit" });
chmodSync(new URL("../dist/cli/bin.js", import.meta.url), 0o755);
execFileSync("vite", ["build", "--logLevel", "warn"], { stdio: "inherit" });
