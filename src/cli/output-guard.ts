/** The one rule every command's --out obeys before it writes: never over one of the command's inputs. */
import { LrlabError } from "../core/errors.js";
import type { Io } from "./io.js";

/**
 * Throws a one-line usage error if `out` is one of `inputs` by any path: through a symbolic link to the
 * file or to a directory above it, or a hard link (see {@link Io.sameFile}), not only by the same spelling.
 * `what` names the input in the message, e.g. "the input data file".
 */
export function refuseOutputOverInput(
  io: Io,
  out: string | undefined,
  inputs: readonly string[],
  what = "an input file",
): void {
  if (out === undefined || !inputs.some((input) => io.sameFile(input, out))) return;
  throw new LrlabError("E_USAGE", `--out ${out}: that is ${what}; choose another name`);
}
