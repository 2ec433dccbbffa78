import { describe, expect, it } from "vitest";
import { inLabWords } from "./messages.js";

describe("the core's messages in the lab's words", () => {
  it("names columns, not the command line's --x and --y", () => {
    expect(inLabWords('one.csv: --y is needed too (columns: "x")')).toBe(
      'one.csv: a y column is needed too (columns: "x")',
    );
    expect(inLabWords('f.csv: no column "x" for --x (did you mean "x;y"?); columns: "x;y"')).toBe(
      'f.csv: no column "x" to use as x (did you mean "x;y"?); columns: "x;y"',
    );
    expect(inLabWords('f.csv: has 3 columns; choose two with --x and --y (columns: "a", "b", "c")')).toBe(
      'f.csv: has 3 columns; pick the x and y columns (columns: "a", "b", "c")',
    );
  });

  it("drops the dashes of any other flag, and leaves a message without one as it is", () => {
    expect(inLabWords("--decay-steps: expected an integer ≥ 1")).toBe("decay-steps: expected an integer ≥ 1");
    const plain = 'bad.csv: line 3, column "y": expected a number, got "oops"';
    expect(inLabWords(plain)).toBe(plain);
  });

  it("says what a decimal comma should be", () => {
    expect(inLabWords('eu.csv: line 2, column "x": expected a number, got "1,5"')).toBe(
      'eu.csv: line 2, column "x": expected a number, got "1,5" (decimals need a point: 1.5, not 1,5)',
    );
  });
});
