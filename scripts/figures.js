// Draws the README's figures into docs/ with the real CLI: `npm run figures` (after `npm run build`).
import { execFileSync } from "node:child_process";

const figures = [
  ["plot", "fit", "--at", "0,2,5,20", "--lr", "0.2", "--out", "docs/fit.png"],
  ["plot", "loss", "--out", "docs/loss.png"],
  ["plot", "slices", "--out", "docs/slices.png"],
  ["plot", "landscape", "--out", "docs/landscape.png"],
  ["plot", "sweep", "--from", "0.01", "--to", "1", "--count", "13", "--out", "docs/sweep.png"],
  ["plot", "find-lr", "--out", "docs/find-lr.png"],
  [
    "plot",
    "schedule",
    "--compare",
    "exponential,cosine,cosine-restarts,one-cycle",
    "--lr",
    "0.1",
    "--out",
    "docs/schedule.png",
  ],
  ["plot", "animation", "--out", "docs/animation.gif"],
  [
    "plot",
    "sharpness",
    "--model",
    "mlp",
    "--hidden",
    "16",
    "--lr",
    "0.1",
    "--steps",
    "1000",
    "--out",
    "docs/sharpness.png",
  ],
  [
    "plot",
    "landscape",
    "--model",
    "mlp",
    "--lr",
    "0.1",
    "--steps",
    "1000",
    "--directions",
    "hessian",
    "--out",
    "docs/landscape-hessian.png",
  ],
];
for (const args of figures) {
  execFileSync(process.execPath, ["dist/cli/bin.js", ...args], { stdio: "inherit" });
}
