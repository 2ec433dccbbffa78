/**
 * The extra x columns of linear, logistic and mlp models (the `features` setting) against the data on
 * show: a link or an earlier data set may name columns this data lacks, or not be a list of names at all.
 * Both are dropped, and said so among the link's changed settings, so the model runs on the columns that
 * exist.
 */
import { echo } from "./param-text.js";

/** A column name in a sentence: in curly quotes, which no JSON escaping adds backslashes to. */
export function quotedName(name: string): string {
  return `“${name}”`;
}

/** Why `text` is not a `features` setting (a JSON array of column names), or null when it is one or "". */
export function featuresProblem(text: string): string | null {
  if (text === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.every((name) => typeof name === "string")) return null;
  return `features=${echo(text)}: expected a JSON array of column names, such as ["Horsepower","Weight_in_lbs"]; ignored`;
}

/**
 * The `features` setting kept to the columns `columns` has, other than the x and y columns, and a notice
 * naming those dropped (null when none was). An unreadable setting is dropped whole, with its own notice.
 * The y column is refused as an unknown name is: a model fed its own answer as an input says nothing.
 */
export function featuresOnData(
  text: string,
  columns: readonly string[],
  source: string,
  roles: { readonly x: string; readonly y: string },
): { text: string; notice: string | null } {
  const problem = featuresProblem(text);
  if (problem !== null) return { text: "", notice: problem };
  if (text === "") return { text, notice: null };
  const names = JSON.parse(text) as string[];
  const missing = names.filter((name) => !columns.includes(name));
  const roleOf = (name: string) => (name === roles.y ? "y" : name === roles.x ? "x" : null);
  const taken = names.filter((name) => columns.includes(name) && roleOf(name) !== null);
  if (missing.length === 0 && taken.length === 0) return { text, notice: null };
  const kept = names.filter((name) => columns.includes(name) && roleOf(name) === null);
  const reasons: string[] = [];
  if (missing.length > 0) {
    const listed = missing.map((name) => quotedName(echo(name))).join(", ");
    reasons.push(`${source} has no column ${listed}`);
  }
  for (const name of taken) {
    const role = roleOf(name);
    reasons.push(
      `${quotedName(echo(name))} is the ${role} column${role === "y" ? ", what the model predicts, not one of its inputs" : ", always the first input"}`,
    );
  }
  const count = missing.length + taken.length;
  return {
    text: kept.length === 0 ? "" : JSON.stringify(kept),
    notice: `features: ${reasons.join("; ")}; ${count === 1 ? "it was" : "they were"} dropped from the x columns`,
  };
}
