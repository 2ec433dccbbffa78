/**
 * `lrlab export --format tfjs|keras [--out FILE]`: the run `lrlab fit` would train, with the same flags,
 * as a self-contained script for TensorFlow.js or Keras that reproduces it update for update.
 *
 * The core decides what the script must reproduce (core/export/export-plan.ts); the renderers only put it
 * into words (render/export/). Without `--out` the script goes to standard output.
 */
import { basename } from "node:path";
import type { Command } from "commander";
import { LrlabError } from "../../core/errors.js";
import { type ExportDataSource, exportPlan, judgeForExport } from "../../core/export/export-plan.js";
import { kerasScript } from "../../render/export/keras.js";
import { ROUNDING_WORDS } from "../../render/export/script-words.js";
import { tfjsScript } from "../../render/export/tfjs.js";
import { formatCount } from "../../render/numbers.js";
import { formatDuration } from "../format.js";
import { type Io, STDIN_PATH } from "../io.js";
import { addModelOptions, modelSetupFrom, startingWeights } from "../model-options.js";
import { refuseOutputOverInput } from "../output-guard.js";
import { addRunOptions, flagName } from "../run-options.js";

export const EXPORT_FORMATS = ["tfjs", "keras"] as const;

/** From this many updates (a quarter of an hour at 1 ms each) export says how long the script will take. */
const LONG_SCRIPT_UPDATES = 1_000_000;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function registerExport(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command("export")
    .description(
      "write the run `lrlab fit` would train (same flags) as a runnable TF.js (node) or Keras (Python) script that reproduces it update for update and prints its final loss and weights as one JSON line",
    );
  addRunOptions(command);
  addModelOptions(command);
  command
    .option("--format <name>", `${EXPORT_FORMATS.join(" | ")}: TensorFlow.js for node, or Keras 3 in Python`)
    .option("--out <file>", "write the script here (default: standard output)");
  for (const long of ["--format", "--out"])
    command.options.find((option) => option.long === long)?.helpGroup("Output:");
  command.action(async (options: Record<string, unknown>) => {
    setExitCode(await runExport(options, io, fitCommandLine(command)));
  });
}

/** Runs `export` with parsed options and returns the exit code. */
export async function runExport(
  options: Readonly<Record<string, unknown>>,
  io: Io,
  command = "lrlab fit",
): Promise<number> {
  const format = formatOf(options.format);
  if (options.trackSharpness !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      "--track-sharpness is not exported: the script trains and prints its final loss and weights; drop the flag",
    );
  }
  const dataPath = typeof options.data === "string" ? options.data : undefined;
  if (dataPath === STDIN_PATH) {
    throw new LrlabError(
      "E_USAGE",
      "--data -: the script reads the data file again, and standard input cannot be read twice; give a file path",
    );
  }
  const setup = await modelSetupFrom(options, io);
  // The plan reads --init's weights too; checking them here first names the file in any error.
  startingWeights(setup);
  const out = typeof options.out === "string" ? options.out : undefined;
  refuseOutputOverInput(io, out, setup.inputs);
  const source: ExportDataSource =
    dataPath === undefined ? { kind: "inline" } : { kind: "file", path: io.resolvePath(dataPath) };
  const refusedAs = { plateau: "--schedule plateau", tolerance: "--tolerance" };
  // Refused runs are refused before the run is trained for its verdict.
  const checked = exportPlan(setup.config, setup.prepared, setup.data, source, {
    nameOf: flagName,
    refusedAs,
  });
  const updates = checked.run.totalSteps;
  if (updates >= LONG_SCRIPT_UPDATES) {
    // lrlab fit says how long it will take; the script, one update at a time in TF.js or Keras, is slower.
    io.stderr(
      `lrlab: note: the script runs ${formatCount(updates)} updates one at a time; at a millisecond or more each that is at least ${formatDuration(updates)}\n`,
    );
  }
  const verdict = judgeForExport(setup.config, setup.prepared, { nameOf: flagName });
  const plan = exportPlan(setup.config, setup.prepared, setup.data, source, {
    nameOf: flagName,
    refusedAs,
    verdict,
  });
  // The "Run it with" line names the file as the user will run it, from the directory it is written to.
  const context = { command, ...(out === undefined ? {} : { fileName: basename(out) }) };
  const script = format === "tfjs" ? tfjsScript(plan, context) : kerasScript(plan, context);
  if (plan.roundingWarning) io.stderr(`lrlab: note: ${ROUNDING_WORDS[plan.roundingWarning][format]}\n`);
  if (out === undefined) {
    io.stdout(script);
  } else {
    io.writeFileAtomic(out, script);
    io.stdout(`Wrote ${out} (${format === "tfjs" ? "TF.js, run with node" : "Keras, run with python3"})\n`);
  }
  return 0;
}

function formatOf(raw: unknown): ExportFormat {
  if (raw === undefined) {
    throw new LrlabError("E_USAGE", `--format: expected one of ${EXPORT_FORMATS.join(", ")}; give one`);
  }
  if (!(EXPORT_FORMATS as readonly unknown[]).includes(raw)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--format: expected one of ${EXPORT_FORMATS.join(", ")}, got ${JSON.stringify(String(raw))}`,
    );
  }
  return raw as ExportFormat;
}

/**
 * The `lrlab fit` command line of this export, for the script's first comment: the arguments as typed,
 * without --format and --out, each quoted where a shell would need it.
 */
function fitCommandLine(command: Command): string {
  const raw = (command.parent as (Command & { rawArgs?: string[] }) | null)?.rawArgs ?? [];
  const args = raw.slice(raw.indexOf("export") + 1);
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--format" || arg === "--out") {
      i++;
      continue;
    }
    if (/^--(format|out)=/.test(arg)) continue;
    kept.push(/^[\w./:=,+-]+$/.test(arg) ? arg : JSON.stringify(arg));
  }
  return ["lrlab fit", ...kept].join(" ");
}
