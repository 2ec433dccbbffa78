/**
 * The one error type for user mistakes: bad data, bad arguments, unknown names.
 *
 * Anything thrown as an `LrlabError` is the user's to fix, and its message is one line that names the
 * file, line, column, flag or argument and what was expected. The CLI prints it and exits with status 2;
 * anything else is a bug and keeps its stack trace.
 */
export type LrlabErrorCode =
  | "E_BAD_ARGUMENT"
  | "E_BAD_CSV"
  | "E_BAD_DATA"
  | "E_UNKNOWN_COLUMN"
  | "E_UNKNOWN_OPTIMIZER"
  | "E_UNKNOWN_SCHEDULE"
  | "E_UNKNOWN_LOSS"
  | "E_USAGE"
  | "E_IO";

export class LrlabError extends Error {
  override readonly name = "LrlabError";
  readonly code: LrlabErrorCode;

  constructor(code: LrlabErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** True for the errors that are the user's to fix (and print as one line). */
export function isLrlabError(error: unknown): error is LrlabError {
  return error instanceof LrlabError;
}
