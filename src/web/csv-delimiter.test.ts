import { describe, expect, it } from "vitest";
import { headerDelimiter, withCommas } from "./csv-delimiter.js";

describe("CSV files separated by semicolons or tabs", () => {
  it("are told apart by the header row alone", () => {
    expect(headerDelimiter("x;y\n1,5;2\n")).toBe(";"); // the data's decimal commas do not count
    expect(headerDelimiter("\uFEFFx\ty\n1\t2\n")).toBe("\t");
    expect(headerDelimiter("a,b;c\n1,2\n")).toBe(",");
    expect(headerDelimiter("x\n1\n")).toBe(",");
  });

  it("are rewritten with commas, line for line, quoting what needs it", () => {
    expect(withCommas("x;y\n1;2\n\n3;4\n")).toBe("x,y\n1,2\n\n3,4\n");
    // A decimal comma stays in its field, so the core says which line and column is not a number.
    expect(withCommas("x;y\n1,5;2\n")).toBe('x,y\n"1,5",2\n');
  });

  it("leave comma-separated text untouched", () => {
    const text = 'name,"hours, studied"\nann,1\n';
    expect(withCommas(text)).toBe(text);
  });
});
