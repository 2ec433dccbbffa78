/**
 * The plot kinds that cannot take a model: `slices` and `animation` draw the line's own pictures (its loss
 * along w and b, the red line moving onto the green one), and `schedule` and `history` do not depend on
 * the model at all. They take `--model` and the other model flags, hidden from their help, only to answer
 * them with one line that says why and what to use instead, rather than "unknown option". `--model line`
 * is the default and is accepted, as everywhere.
 */
import type { Command } from "commander";
import { LrlabError } from "../../core/errors.js";
import { addModelOptions, modelNameOf, refuseModelFlags } from "../model-options.js";

/** Adds the model flags to a kind that refuses them, hidden from its help. */
export function addRefusedModelOptions(command: Command): void {
  const before = new Set(command.options);
  addModelOptions(command);
  for (const option of command.options) if (!before.has(option)) option.hideHelp();
}

/**
 * Refuses a model other than the line with `why(model)`, one line that says what the kind draws and what
 * to use instead; the other model flags with the line as the line's commands refuse them.
 */
export function refuseModels(
  options: Readonly<Record<string, unknown>>,
  why: (model: string) => string,
): void {
  const model = modelNameOf(options);
  if (model !== "line") throw new LrlabError("E_USAGE", why(model));
  refuseModelFlags(options);
}

/** The model flags as commander names them, with how a user types them. */
const MODEL_FLAGS: readonly (readonly [string, string])[] = [
  ["degree", "--degree"],
  ["hidden", "--hidden"],
  ["activation", "--activation"],
  ["standardize", "--standardize"],
  ["init", "--init"],
  ["trackSharpness", "--track-sharpness"],
];

/**
 * For a kind that does not depend on the model: refuses `--model` other than the line and every other
 * model flag with `why(flag)`, e.g. "… the same for every model: drop --model mlp".
 */
export function refuseAnyModel(
  options: Readonly<Record<string, unknown>>,
  why: (flag: string) => string,
): void {
  const model = modelNameOf(options);
  if (model !== "line") throw new LrlabError("E_USAGE", why(`--model ${model}`));
  for (const [key, flag] of MODEL_FLAGS) {
    if (options[key] !== undefined) throw new LrlabError("E_USAGE", why(flag));
  }
}
