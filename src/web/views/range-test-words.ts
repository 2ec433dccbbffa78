/**
 * What the LR range test tab says about its own scope. The tab runs the range test of the lesson's line
 * y = w·x + b (`lrlab find-lr` without --model), whatever model Beyond the line has picked, and its Try
 * buttons set the one learning rate both tabs share; a learner who picked a network there must not take
 * the line's suggestions for the network's.
 */
import { quotedName } from "../feature-columns.js";
import type { LabModelName } from "../model-settings.js";

/** The picked model's name, as a sentence names it. */
const MODEL_NAMES: Readonly<Record<LabModelName, string>> = {
  line: "line",
  linear: "linear regression",
  polynomial: "polynomial",
  logistic: "logistic regression",
  mlp: "neural network (mlp)",
};

/** Which model the range test trains, and, when Beyond the line picked another, that it is not that one. */
export function rangeTestScopeWords(model: LabModelName, xName: string, yName: string): string {
  const line = `This range test trains the lesson's line y = w·x + b on ${quotedName(xName)} and ${quotedName(yName)}, x as it is (as \`lrlab find-lr\` without --model does).`;
  if (model === "line") return line;
  return `${line} It is not the ${MODEL_NAMES[model]} picked on Beyond the line, whose x columns and settings do not apply here: \`lrlab find-lr --model ${model}\` runs that one. A Try button sets the lesson's rate, which the ${MODEL_NAMES[model]} shares.`;
}

/** A Try button's words: the suggestion, that it becomes the lesson's rate, and the rate as typed. */
export function tryButtonWords(suggestion: string, rate: string): string {
  return `Try ${suggestion} as the lesson's rate: ${rate}`;
}
