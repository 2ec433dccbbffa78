/**
 * Which optimizer made a history, for the bound `plot history` draws over its sharpness: gradient
 * descent's 2/η, momentum's 2(1 + β)/η, or none for Adam, RMSprop and Adagrad. An lrlab fit's JSON names
 * it; a CSV history (lrlab fit's, Keras's CSVLogger) and a Keras or TF.js history do not, so the user says
 * it with `--optimizer` (and `--momentum`, `--nesterov`), as `lrlab fit` takes them.
 */
import type { Command } from "commander";
import { LrlabError } from "../../core/errors.js";
import { createOptimizer, OPTIMIZER_NAMES, optimizerToConfig } from "../../core/optimizers/registry.js";
import type { OptimizerLike } from "../../core/theory/regime.js";
import { flagName } from "../run-options.js";

export function addOptimizerOptions(command: Command): void {
  command
    .option(
      "--optimizer <name>",
      `the optimizer of the run, when the file does not name it (a CSV, a Keras or TF.js history): ${OPTIMIZER_NAMES.join(" | ")}; it sets the bound drawn over the sharpness`,
    )
    .option("--momentum <beta>", "with --optimizer sgd or momentum: its momentum (momentum's default 0.9)")
    .option("--nesterov", "with --optimizer sgd or momentum: Nesterov momentum");
}

/** The optimizer the flags name, or null without --optimizer; a flag that cannot apply is refused. */
export function optimizerFromFlags(
  options: Readonly<Record<string, unknown>>,
  named: OptimizerLike | null,
): OptimizerLike | null {
  const name = options.optimizer;
  const momentum = options.momentum;
  const nesterov = options.nesterov === true;
  if (name === undefined) {
    if (momentum !== undefined || nesterov) {
      throw new LrlabError(
        "E_USAGE",
        `${momentum !== undefined ? "--momentum" : "--nesterov"} applies only with --optimizer sgd or momentum`,
      );
    }
    return null;
  }
  if (named) {
    throw new LrlabError(
      "E_USAGE",
      `--optimizer: the file names its optimizer (${named.name}); drop --optimizer`,
    );
  }
  const sgdLike = name === "sgd" || name === "momentum";
  if (!sgdLike && (momentum !== undefined || nesterov)) {
    throw new LrlabError(
      "E_USAGE",
      `${momentum !== undefined ? "--momentum" : "--nesterov"} applies only with --optimizer sgd or momentum, not ${String(name)}`,
    );
  }
  const args: Record<string, unknown> = {};
  if (momentum !== undefined) {
    const value = Number(momentum);
    if (momentum === "" || !Number.isFinite(value)) {
      throw new LrlabError("E_USAGE", `--momentum: expected a number from 0 to 1, got "${String(momentum)}"`);
    }
    args.momentum = value;
  }
  if (nesterov) args.nesterov = true;
  const { name: registered, ...config } = optimizerToConfig(createOptimizer(String(name), args, flagName));
  return { name: registered, config };
}
