/**
 * Running what `lrlab export` writes: a TF.js script with node where `@tensorflow/tfjs` resolves (a
 * `node_modules` link to this package's), and a section of a script cut out by its headings.
 */
import { spawnSync } from "node:child_process";
import { existsSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { root } from "./cli.js";

/** What an exported script prints last: its final loss (null when not finite) and weights. */
export interface ScriptResult {
  /** As `lrlab fit --json` reports it: "completed" or "diverged", and the step it diverged at. */
  readonly status: "completed" | "diverged";
  readonly divergedAtStep: number | null;
  readonly loss: number | null;
  readonly weights: unknown[];
}

/** Makes `@tensorflow/tfjs` resolvable from scripts in `directory`, as a user's `npm install` would. */
export function linkTensorflow(directory: string): void {
  const link = join(directory, "node_modules");
  if (!existsSync(link)) symlinkSync(join(root, "node_modules"), link, "dir");
}

/** Runs `node script` in `cwd` and returns the JSON of its one line on stdout; throws with its stderr if it fails. */
export function runNodeScript(script: string, cwd: string): ScriptResult {
  const { status, stdout, stderr } = spawnSync(process.execPath, [script], { cwd, encoding: "utf8" });
  if (status !== 0) throw new Error(`node ${script} failed: ${stderr}`);
  const lines = stdout.trim().split("\n");
  if (lines.length !== 1) throw new Error(`expected one line on stdout, got:\n${stdout}`);
  return JSON.parse(lines[0] as string) as ScriptResult;
}

/** The text from the line that starts with `from` up to (not including) the line that starts with `to`. */
export function sectionOf(script: string, from: string, to: string): string {
  const start = script.indexOf(`\n${from}`);
  const end = script.indexOf(`\n${to}`, start + 1);
  if (start < 0 || end < 0)
    throw new Error(`no section from ${JSON.stringify(from)} to ${JSON.stringify(to)}`);
  return script.slice(start + 1, end);
}
