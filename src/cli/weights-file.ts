/**
 * `--init FILE.json`: starting weights in Keras `model.get_weights()` order, read with a size limit and
 * one-line errors naming the file. The line reads its (w, b) from the same layout, [[[w]], [b]] (a Dense(1)
 * on one input), so a line started from a file is the line's lesson like any other start.
 */
import { LrlabError } from "../core/errors.js";
import { fromKerasWeights } from "../core/models/model.js";
import type { Io } from "./io.js";

/**
 * The `--init` file's JSON, or a one-line error naming the file. With the model's parameter count, a file
 * far larger than its weights can be written in is refused as soon as that many characters have been read.
 */
export async function readWeights(io: Io, path: string, parameterCount?: number): Promise<unknown> {
  const limit = Math.min(
    MAX_INIT_CHARACTERS,
    parameterCount === undefined ? MAX_INIT_CHARACTERS : 4096 + CHARACTERS_PER_WEIGHT * parameterCount,
  );
  let text = "";
  let stream: AsyncIterable<unknown>;
  try {
    stream = io.openTextStream(path);
  } catch (error) {
    if (error instanceof LrlabError) throw new LrlabError(error.code, `--init: ${error.message}`);
    throw error;
  }
  for await (const chunk of stream) {
    text += chunk as string;
    // Weights of the largest model the flags allow fit in far less; a bigger file is a wrong file.
    if (text.length > limit) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        parameterCount === undefined
          ? `--init ${path}: larger than ${MAX_INIT_CHARACTERS / 1e6} MB; expected the weights of one model in Keras model.get_weights() order`
          : `--init ${path}: more than ${limit.toLocaleString("en-US")} characters, far more than the ${parameterCount.toLocaleString("en-US")} weights of this model take; expected its weights in Keras model.get_weights() order`,
      );
    }
  }
  // A UTF-8 byte-order mark (Notepad, PowerShell's Out-File write one) is skipped, as the CSV reader does.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // Python's json.dump writes NaN and Infinity, which JSON does not have.
    const pythonNumbers = /\b(NaN|-?Infinity)\b/.exec(text);
    const hint = pythonNumbers
      ? `: it holds ${pythonNumbers[1]}, which JSON has no word for (Python's json.dump writes it); start from finite weights`
      : ` (${reason})`;
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--init ${path}: not JSON${hint}; expected an array in Keras model.get_weights() order`,
    );
  }
}

/** The largest `--init` file read, in characters. */
const MAX_INIT_CHARACTERS = 64e6;
/**
 * Room for one weight: "-2.2250738585072014e-308," is 25 characters, and a pretty-printed dump (Python's
 * json.dump with indent) puts each number on a line of its own, indented by its depth.
 */
const CHARACTERS_PER_WEIGHT = 100;

/** The line y = w·x + b as Keras sees it: one Dense(1) on one input. */
const LINE_LAYERS = { layers: [{ inputs: 1, units: 1 }] };

/** The line's start (w, b) from `--init` weights, [[[w]], [b]]; a wrong shape names the file and the layer. */
export function lineStartFromWeights(weights: unknown, path: string): { w: number; b: number } {
  try {
    const params = fromKerasWeights(LINE_LAYERS, weights);
    return { w: params[0] as number, b: params[1] as number };
  } catch (error) {
    if (error instanceof LrlabError) throw new LrlabError(error.code, `--init ${path}: ${error.message}`);
    throw error;
  }
}
