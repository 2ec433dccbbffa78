/**
 * Checks that every number in a result is finite, in a way that can fail.
 *
 * `JSON.stringify` writes NaN and ±Infinity as `null`, so matching its output against /NaN|Infinity/
 * asserts nothing. Instead: walk the value itself ({@link nonFiniteNumbers}), or read the JSON text a
 * program printed with a parser that refuses what strict JSON cannot hold ({@link parseStrictJson}):
 * the bare `NaN`/`Infinity` tokens Python's `json.dump` writes, and number literals such as `1e999`
 * that `JSON.parse` would quietly turn into Infinity.
 */
import { expect } from "vitest";

/**
 * The address of every number in `value` that is NaN, Infinity or -Infinity, as `$.runs[1].finalLoss`,
 * in the order met. Walks arrays, typed arrays and plain objects' own enumerable properties.
 */
export function nonFiniteNumbers(value: unknown): string[] {
  const found: string[] = [];
  const visit = (item: unknown, address: string): void => {
    if (typeof item === "number") {
      if (!Number.isFinite(item)) found.push(address);
    } else if (Array.isArray(item) || ArrayBuffer.isView(item)) {
      const list = item as ArrayLike<unknown>;
      for (let i = 0; i < list.length; i++) visit(list[i], `${address}[${i}]`);
    } else if (item !== null && typeof item === "object") {
      for (const [key, child] of Object.entries(item)) visit(child, `${address}.${key}`);
    }
  };
  visit(value, "$");
  return found;
}

/** Whether every number in `value` (nested arrays, typed arrays, objects) is finite. */
export function allNumbersFinite(value: unknown): boolean {
  return nonFiniteNumbers(value).length === 0;
}

/** Expects every number in `value` to be finite; a failure lists where the others are. */
export function expectAllNumbersFinite(value: unknown): void {
  expect(nonFiniteNumbers(value), "addresses of non-finite numbers").toEqual([]);
}

/** What {@link parseStrictJson} read: the value, and every number in it in document order. */
export interface StrictJson {
  // `JSON.parse`'s own type, so tests read fields of a document the way they would after JSON.parse.
  readonly value: ReturnType<typeof JSON.parse>;
  readonly numbers: readonly number[];
}

// A string (skipped whole, so words inside it are not tokens), a JSON number, or a bare word.
const TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|-?[A-Za-z_]\w*/g;

/**
 * Parses JSON text as strictly as the JSON standard: throws, naming the line and column, on a bare
 * `NaN`, `Infinity` or `-Infinity`, and on a number literal that overflows to ±Infinity; any other
 * syntax error is `JSON.parse`'s. Returns the value and every number it holds, in document order.
 */
export function parseStrictJson(text: string): StrictJson {
  const numbers: number[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith('"') || token === "true" || token === "false" || token === "null") continue;
    const where = lineAndColumn(text, match.index);
    if (/^-?[A-Za-z_]/.test(token))
      throw new Error(`${where}: ${token} is not JSON; expected a number or null`);
    const number = Number(token);
    if (!Number.isFinite(number))
      throw new Error(`${where}: ${token} overflows to ${number}; expected a finite number`);
    numbers.push(number);
  }
  return { value: JSON.parse(text), numbers };
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index).split("\n");
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
