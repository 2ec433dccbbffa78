/**
 * The checks the lrlab/tfjs functions make of their options before anything trains: an option name they
 * do not know is refused, naming it and the nearest known one (`startLearningRate` is `startLr` here; it
 * was silently ignored), and `findLearningRate`'s `validate` and `validationData` values get an Error naming
 * the option (`findLearningRate: validate.seeds: expected an integer ≥ 1, got 0`), not a TypeError from deep
 * inside or a silent default.
 */
import * as tf from "@tensorflow/tfjs";
import { CHECK_MULTIPLIERS, CHECK_SEEDS } from "../core/choosing/suggestion-check.js";
import { LrlabError } from "../core/errors.js";
import { checkParam, type NumberListParam, type NumberParam, nearestName } from "../core/params.js";

/** The keys `validate` takes as an object, each with the core's kind of check. */
const VALIDATE_SPECS: Readonly<Record<string, NumberParam | NumberListParam>> = {
  multipliers: {
    key: "multipliers",
    keras: "multipliers",
    flag: "multipliers",
    kind: "numbers",
    default: CHECK_MULTIPLIERS,
    min: 0,
    minExclusive: true,
    description: "multiples of the suggestion to train at",
  },
  // As the CLI's --validate-steps: up to a million updates per run.
  seeds: {
    key: "seeds",
    keras: "seeds",
    flag: "seeds",
    kind: "integer",
    default: CHECK_SEEDS,
    min: 1,
    max: 100,
    description: "seeds per multiple",
  },
  steps: {
    key: "steps",
    keras: "steps",
    flag: "steps",
    kind: "integer",
    min: 1,
    max: 1_000_000,
    description: "updates per brief run",
  },
};

/**
 * Throws an `LrlabError` naming the first option of `options` that is not in `known` (one given as
 * undefined is no option at all), with the nearest known name: the one it is an alias of (`aliases`, e.g.
 * the CLI's JSON name `startLearningRate` of `startLr`), the same name in another case (`start_lr`), or a
 * plausible typo. `where` prefixes a nested object's names (`validate.`).
 */
export function checkOptionNames(
  options: unknown,
  known: readonly string[],
  who: string,
  {
    aliases = {},
    where = "",
  }: { readonly aliases?: Readonly<Record<string, string>>; readonly where?: string } = {},
): void {
  if (typeof options !== "object" || options === null) return;
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || known.includes(key)) continue;
    const squashed = (name: string) => name.toLowerCase().replace(/[_-]/g, "");
    const hint =
      (Object.hasOwn(aliases, key) ? aliases[key] : undefined) ??
      known.find((name) => squashed(name) === squashed(key)) ??
      nearestName(key, known);
    fail(
      `${who}: ${where}${key}: not an option${hint === undefined ? "" : ` (did you mean ${where}${hint}?)`}; expected ${known.join(", ")}`,
    );
  }
}

/** Throws an `LrlabError` naming the option unless `validate` and `validationData` make sense. */
export function checkValidateOptions(validate: unknown, validationData: unknown, who: string): void {
  if (validate !== undefined && typeof validate !== "boolean") {
    if (typeof validate !== "object" || validate === null || Array.isArray(validate)) {
      fail(
        `${who}: validate: expected true, false or { multipliers, seeds, steps }, got ${String(validate)}`,
      );
    }
    checkOptionNames(validate, Object.keys(VALIDATE_SPECS), who, { where: "validate." });
    for (const [key, value] of Object.entries(validate as Record<string, unknown>)) {
      const spec = VALIDATE_SPECS[key];
      if (!spec || value === undefined) continue;
      checkParam(spec, value, `${who}: validate.${key}`);
      if (key === "multipliers" && new Set(value as number[]).size !== (value as number[]).length) {
        fail(
          `${who}: validate.multipliers: expected each multiple once, got [${(value as number[]).join(", ")}]`,
        );
      }
    }
  }
  if (validationData !== undefined) {
    // Only the check ranks on it: without `validate` it was silently ignored (retest 7).
    if (!validate) fail(`${who}: validationData: is used only by validate; add validate: true, or drop it`);
    checkValidationData(validationData, who);
  }
}

/** `[x, y]`, each a tensor or a list of tensors, all with the same number of rows (at least 1). */
function checkValidationData(data: unknown, who: string): void {
  const expected = `${who}: validationData: expected [x, y], each a tf.Tensor or an array of them, with the same number of rows`;
  if (!Array.isArray(data) || data.length !== 2) {
    fail(`${expected}, got ${Array.isArray(data) ? `an array of ${data.length}` : typeof data}`);
  }
  const tensors = (data as unknown[]).flatMap((part) => (Array.isArray(part) ? part : [part]));
  if (tensors.length < 2 || !tensors.every((tensor) => tensor instanceof tf.Tensor))
    fail(`${expected}, got something else`);
  const rows = (tensors as tf.Tensor[]).map((tensor) => tensor.shape[0] ?? 0);
  if ((rows[0] ?? 0) === 0 || rows.some((count) => count !== rows[0])) {
    fail(`${expected} (at least 1), got ${rows.join(", ")} rows`);
  }
}

function fail(message: string): never {
  throw new LrlabError("E_BAD_ARGUMENT", message);
}
