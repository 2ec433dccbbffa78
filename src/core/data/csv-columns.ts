/**
 * Which columns of a CSV header are the features (x, or several) and the target y: by name, or the only
 * two; with the errors a person needs when that fails (the columns listed, the nearest name suggested),
 * naming the choice as the caller does.
 */
import { nearestName } from "../params.js";

/** The chosen columns' indices in the header: the features in the order given, and the target. */
export interface ChosenColumns {
  readonly xs: readonly number[];
  readonly y: number;
}

/**
 * Column indices for the features and y, or an error (without the source prefix) listing the columns.
 * `xNames` undefined or empty means no x was chosen: a two-column file's first column is x.
 */
export function chooseColumns(
  header: readonly string[],
  xNames: readonly string[] | undefined,
  yName: string | undefined,
  names: { readonly x: string; readonly y: string },
): ChosenColumns {
  const chosenXs = xNames ?? [];
  if (header.length < 2 && (chosenXs.length === 0 || yName === undefined)) {
    throw new Error(
      `has 1 column (${listColumns(header)}); expected two, x and y, separated by commas, semicolons or tabs`,
    );
  }
  if (chosenXs.length === 0 && yName === undefined && header.length !== 2) {
    throw new Error(
      `has ${header.length} columns; choose ${names.x} and ${names.y} (columns: ${listColumns(header)})`,
    );
  }
  const find = (name: string | undefined, label: string, fallback: number | undefined): number => {
    if (name === undefined) {
      if (header.length === 2 && fallback !== undefined) return fallback;
      throw new Error(`${label} is needed too (columns: ${listColumns(header)})`);
    }
    const index = header.indexOf(name.trim());
    if (index >= 0) return index;
    const hint = nearestName(name, header);
    throw new Error(
      `no column ${JSON.stringify(name)} for ${label}${hint === undefined ? "" : ` (did you mean ${JSON.stringify(hint)}?)`}; columns: ${listColumns(header)}`,
    );
  };
  const xs =
    chosenXs.length === 0 ? [find(undefined, names.x, 0)] : chosenXs.map((name) => find(name, names.x, 0));
  xs.forEach((index, i) => {
    if (xs.indexOf(index) < i) {
      throw new Error(
        `${names.x} ${JSON.stringify(header[index])} is given twice; choose each feature column once`,
      );
    }
  });
  // A two-column file's other column is y, as long as a single x leaves one.
  const y = find(yName, names.y, xs.length === 1 ? (xs[0] === 0 ? 1 : 0) : undefined);
  // Names given twice in the header first: with `x,x,y`, "choose two different columns" left nothing to choose.
  for (const index of [...xs, y]) {
    const name = header[index] as string;
    const twin = header.findIndex((other, i) => other === name && i !== index);
    if (twin >= 0) {
      const [first, second] = [Math.min(index, twin), Math.max(index, twin)];
      throw new Error(
        `columns ${first + 1} and ${second + 1} are both named ${JSON.stringify(name)}; rename one so x and y can be told apart`,
      );
    }
  }
  if (xs.includes(y)) {
    throw new Error(
      `${names.x} and ${names.y} are both ${JSON.stringify(header[y])}; choose two different columns`,
    );
  }
  return { xs, y };
}

/** The header's names for a message: at most a dozen, each quoted (control characters escaped). */
function listColumns(header: readonly string[]): string {
  const shown = header
    .slice(0, 12)
    .map((name) => JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}…` : name));
  return header.length > shown.length
    ? `${shown.join(", ")} and ${header.length - shown.length} more`
    : shown.join(", ");
}
