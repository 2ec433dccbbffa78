/**
 * Rules every lrlab command follows when it reads its flags, whatever flags it declares: a flag given
 * twice is an error (commander would silently keep the last, so `--lr 0.1 --lr 0.2` ran at 0.2) unless
 * it is made to be repeated (`--x a --x b`, flags.ts's `repeatableOption`), and a
 * `--seed` is a whole number the random generator can use as it is.
 */
import type { Command } from "commander";
import { LrlabError } from "../core/errors.js";
import { MAX_SEED } from "../core/random.js";
import { isRepeatable, strictNumber } from "./flags.js";

/** Applies the rules to `command` and all its subcommands. */
export function applyFlagRules(command: Command): void {
  for (const subcommand of command.commands) applyFlagRules(subcommand);
  refuseRepeatedFlags(command);
  for (const option of command.options) {
    if (option.long === "--seed") {
      option.argParser((text: string) => {
        parseSeed(text);
        return text;
      });
    }
  }
}

/** Refuses a flag given twice, naming it and both values. */
function refuseRepeatedFlags(command: Command): void {
  const seen = new Map<string, unknown>();
  for (const option of command.options) {
    if (isRepeatable(option)) continue;
    const name = option.name();
    command.on(`option:${name}`, (value: unknown) => {
      if (seen.has(name)) {
        const values = typeof value === "string" ? ` (${String(seen.get(name))}, then ${value})` : "";
        throw new LrlabError("E_USAGE", `--${name}: given twice${values}; give it once`);
      }
      seen.set(name, value);
    });
  }
}

/** A seed from 0 to {@link MAX_SEED}: each gives its own stream, and no two are silently the same. */
export function parseSeed(text: string): number {
  const value = strictNumber(text);
  if (!(Number.isInteger(value) && value >= 0 && value <= MAX_SEED)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--seed: expected an integer from 0 to ${MAX_SEED}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}
