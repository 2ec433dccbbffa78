/**
 * The checks `findLearningRate` makes of its `validate` and `validationData` options before anything
 * trains: each wrong value gets an Error naming the option (`findLearningRate: validate.seeds: expected
 * an integer ≥ 1, got 0`), not a TypeError from deep inside or a silent default.
 */
import * as tf from "@tensorflow/tfjs";
import { CHECK_MULTIPLIERS, CHECK_SEEDS } from "../core/choosing/suggestion-check.js";
import { LrlabError } from "../core/errors.js";
import { checkParam, type NumberListParam, type NumberParam } from "../core/params.js";

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

/** Throws an `LrlabError` naming the option unless `validate` and `validationData` make sense. */
export function checkValidateOptions(validate: unknown, validationData: unknown, who: string): void {
  if (validate !== undefined && typeof validate !== "boolean") {
    if (typeof validate !== "object" || validate === null || Array.isArray(validate)) {
      fail(
        `${who}: validate: expected true, false or { multipliers, seeds, steps }, got ${String(validate)}`,
      );
    }
    for (const [key, value] of Object.entries(validate as Record<string, unknown>)) {
      const spec = VALIDATE_SPECS[key];
      if (!spec) {
        fail(`${who}: validate.${key}: not an option; expected ${Object.keys(VALIDATE_SPECS).join(", ")}`);
      }
      if (value === undefined) continue;
      checkParam(spec, value, `${who}: validate.${key}`);
      if (key === "multipliers" && new Set(value as number[]).size !== (value as number[]).length) {
        fail(
          `${who}: validate.multipliers: expected each multiple once, got [${(value as number[]).join(", ")}]`,
        );
      }
    }
  }
  if (validationData !== undefined) checkValidationData(validationData, who);
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
