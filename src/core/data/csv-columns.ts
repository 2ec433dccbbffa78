/**
 * Which two columns of a CSV header are x and y: by name, or the only two; with the errors a person needs
 * when that fails (the columns listed, the nearest name suggested), naming the choice as the caller does.
 */
import { nearestName } from "../params.js";

/** Column indices for x and y, or an error (without the source prefix) listing the columns. */
export function chooseColumns(
  header: readonly string[],
  xName: string | undefined,
  yName: string | undefined,
  names: { readonly x: string; readonly y: string },
): [number, number] {
  if (header.length < 2 && (xName === undefined || yName === undefined)) {
    throw new Error(
      `has 1 column (${listColumns(header)}); expected two, x and y, separated by commas, semicolons or tabs`,
    );
  }
  if (xName === undefined && yName === undefined && header.length !== 2) {
    throw new Error(
      `has ${header.length} columns; choose ${names.x} and ${names.y} (columns: ${listColumns(header)})`,
    );
  }
  const find = (name: string | undefined, label: string, fallback: number): number => {
    if (name === undefined) {
      if (header.length === 2) return fallback;
      throw new Error(`${label} is needed too (columns: ${listColumns(header)})`);
    }
    const index = header.indexOf(name.trim());
    if (index >= 0) return index;
    const hint = nearestName(name, header);
    throw new Error(
      `no column ${JSON.stringify(name)} for ${label}${hint === undefined ? "" : ` (did you mean ${JSON.stringify(hint)}?)`}; columns: ${listColumns(header)}`,
    );
  };
  const xIndex = find(xName, names.x, 0);
  const yIndex = find(yName, names.y, xIndex === 0 ? 1 : 0);
  if (xIndex === yIndex) {
    throw new Error(
      `${names.x} and ${names.y} are both ${JSON.stringify(header[xIndex])}; choose two different columns`,
    );
  }
  for (const index of [xIndex, yIndex]) {
    const name = header[index] as string;
    const twin = header.findIndex((other, i) => other === name && i !== index);
    if (twin >= 0) {
      const [first, second] = [Math.min(index, twin), Math.max(index, twin)];
      throw new Error(
        `columns ${first + 1} and ${second + 1} are both named ${JSON.stringify(name)}; rename one so x and y can be told apart`,
      );
    }
  }
  return [xIndex, yIndex];
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
