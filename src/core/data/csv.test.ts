import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type CsvColumns, parseCsv, readCsv } from "./csv.js";

const parse = (text: string, columns: Omit<CsvColumns, "source"> = {}) =>
  parseCsv(text, { source: "data.csv", ...columns });

describe("parseCsv", () => {
  it("reads two columns by name, with spaces and parentheses in the header", () => {
    const data = parse("sepal width,petal length (cm),species\n3.5,1.4,setosa\n3.0,4.5,versicolor\n", {
      x: "petal length (cm)",
      y: "sepal width",
    });
    expect([...data.x]).toEqual([1.4, 4.5]);
    expect([...data.y]).toEqual([3.5, 3.0]);
    expect(data.xName).toBe("petal length (cm)");
    expect(data.source).toBe("data.csv");
  });

  it("takes the two columns of a two-column file without flags", () => {
    const data = parse("hours,score\n1,2\n3,4");
    expect([data.xName, data.yName]).toEqual(["hours", "score"]);
    expect([...data.y]).toEqual([2, 4]);
  });

  it("just works with a BOM, CRLF, quoted fields and trailing newlines", () => {
    const text = '\ufeff"x, in m","y"\r\n"1.5",2\r\n3,"4"\r\n\r\n\r\n';
    const data = parse(text);
    expect(data.xName).toBe("x, in m");
    expect([...data.x]).toEqual([1.5, 3]);
    expect([...data.y]).toEqual([2, 4]);
  });

  it("names the file, the line, the column and the bad value", () => {
    expect(() => parse("x,y\n1,2\n3,abc\n")).toThrow(
      'data.csv: line 3, column "y": expected a number, got "abc"',
    );
  });

  it("counts lines the way an editor does, past blank lines, CRLF and quoted newlines", () => {
    const text = 'x,note,y\r\n1,"two\r\nlines",2\r\n\r\n3,ok,4\r\n5,ok,oops\r\n';
    expect(() => parse(text, { x: "x", y: "y" })).toThrow(
      'data.csv: line 6, column "y": expected a number, got "oops"',
    );
  });

  it("refuses empty cells rather than reading them as 0", () => {
    expect(() => parse("x,y\n1,2\n,4\n")).toThrow('data.csv: line 3, column "x": expected a number, got ""');
  });

  it("refuses non-finite values", () => {
    expect(() => parse("x,y\n1,Infinity\n")).toThrow('line 2, column "y": expected a number, got "Infinity"');
    expect(() => parse("x,y\n1,NaN\n")).toThrow('line 2, column "y"');
  });

  it("suggests the nearest column for a typo and lists the columns", () => {
    expect(() => parse("petal length (cm),petal width (cm)\n1,2\n", { x: "petal lenght (cm)" })).toThrow(
      'data.csv: no column "petal lenght (cm)" for the x column (did you mean "petal length (cm)"?); columns: "petal length (cm)", "petal width (cm)"',
    );
  });

  it("asks for the x and y columns when a file has more than two columns", () => {
    expect(() => parse("a,b,c\n1,2,3\n")).toThrow(
      'data.csv: has 3 columns; choose the x column and the y column (columns: "a", "b", "c")',
    );
    expect(() => parse("a,b,c\n1,2,3\n", { x: "a" })).toThrow("data.csv: the y column is needed too");
  });

  it("names the choice of columns as the caller does: the CLI's --x and --y", () => {
    const cli = { x: "--x", y: "--y" };
    expect(() => parse("a,b,c\n1,2,3\n", { choiceNames: cli })).toThrow(
      'data.csv: has 3 columns; choose --x and --y (columns: "a", "b", "c")',
    );
    expect(() => parse("a,b,c\n1,2,3\n", { x: "a", choiceNames: cli })).toThrow(
      'data.csv: --y is needed too (columns: "a", "b", "c")',
    );
    expect(() => parse("hours studied,score\n1,2\n", { x: "hours", choiceNames: cli })).toThrow(
      'data.csv: no column "hours" for --x (did you mean "hours studied"?); columns: "hours studied", "score"',
    );
  });

  it("reports rows with the wrong number of fields", () => {
    expect(() => parse("x,y\n1,2\n3,4,5\n")).toThrow(
      "data.csv: line 3: expected 2 fields like the header, got 3",
    );
  });

  it("reports an unterminated quote with its line", () => {
    expect(() => parse('x,y\n1,2\n3,"4\n5,6\n')).toThrow("data.csv: line 3: quoted field unterminated");
  });

  it("reports an empty file and a header without rows", () => {
    expect(() => parse("")).toThrow("data.csv: the file is empty; expected a header row");
    expect(() => parse("x,y\n")).toThrow("data.csv: no data rows after the header");
  });

  it("reads a large file into exactly sized typed arrays", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${2 * i + 1}`);
    const data = parse(`x,y\n${rows.join("\n")}\n`);
    expect(data.x.length).toBe(5000);
    expect(data.y[4999]).toBe(2 * 4999 + 1);
  });
});

describe("parseCsv with several feature columns (xs)", () => {
  const diabetes = "age,bmi,bp,s5,target\n59,32.1,101,4.86,151\n48,21.6,87,3.89,75\n72,30.5,93,4.67,141\n";
  const cli = { x: "--x", y: "--y" };

  it("reads the columns in the order given, not the file's, the first also as x", () => {
    const data = parse(diabetes, { xs: ["s5", "bmi", "bp"], y: "target" });
    expect(data.features?.names).toEqual(["s5", "bmi", "bp"]);
    expect(data.features?.columns.map((column) => [...column])).toEqual([
      [4.86, 3.89, 4.67],
      [32.1, 21.6, 30.5],
      [101, 87, 93],
    ]);
    expect(data.x).toBe(data.features?.columns[0]);
    expect([data.xName, data.yName]).toEqual(["s5", "target"]);
    expect([...data.y]).toEqual([151, 75, 141]);
  });

  it("keeps one x as it was, without features; xs of one fills features with that column", () => {
    expect(parse(diabetes, { x: "bmi", y: "target" }).features).toBeUndefined();
    const one = parse(diabetes, { xs: ["bmi"], y: "target" });
    expect(one.features?.names).toEqual(["bmi"]);
    expect([...one.x]).toEqual([32.1, 21.6, 30.5]);
  });

  it("reads quoted names with commas, as a spreadsheet writes them", () => {
    const text = '"dose, mg","weight (kg), adult",response\n1,70,0.5\n2,80,0.9\n';
    const data = parse(text, { xs: ["weight (kg), adult", "dose, mg"], y: "response" });
    expect(data.features?.names).toEqual(["weight (kg), adult", "dose, mg"]);
    expect(data.features?.columns.map((column) => [...column])).toEqual([
      [70, 80],
      [1, 2],
    ]);
  });

  it("names the unknown column among several, suggests the nearest and lists the columns", () => {
    expect(() => parse(diabetes, { xs: ["bmi", "bq", "s5"], y: "target", choiceNames: cli })).toThrow(
      'data.csv: no column "bq" for --x (did you mean "bp"?); columns: "age", "bmi", "bp", "s5", "target"',
    );
  });

  it("refuses a column chosen twice as x, naming it", () => {
    expect(() => parse(diabetes, { xs: ["bmi", "bp", "bmi"], y: "target", choiceNames: cli })).toThrow(
      'data.csv: --x "bmi" is given twice; choose each feature column once',
    );
  });

  it("refuses an x that is also the y, naming it", () => {
    expect(() => parse(diabetes, { xs: ["bmi", "target"], y: "target", choiceNames: cli })).toThrow(
      'data.csv: --x and --y are both "target"; choose two different columns',
    );
  });

  it("names the line, the column and the value of a bad cell in any of the feature columns", () => {
    const text = "a,b,c,y\n1,2,3,4\n5,6,seven,8\n";
    expect(() => parse(text, { xs: ["a", "b", "c"], y: "y" })).toThrow(
      'data.csv: line 3, column "c": expected a number, got "seven"',
    );
    // The cells are checked in the order chosen: the third x before the y.
    expect(() => parse("a,b,y\n1,x,z\n", { xs: ["a", "b"], y: "y" })).toThrow('line 2, column "b"');
  });

  it("asks for y when several xs leave it unchosen, even in a two-column file", () => {
    expect(() => parse(diabetes, { xs: ["bmi", "bp"], choiceNames: cli })).toThrow(
      'data.csv: --y is needed too (columns: "age", "bmi", "bp", "s5", "target")',
    );
    expect(() => parse("a,b\n1,2\n", { xs: ["a", "b"], choiceNames: cli })).toThrow(
      'data.csv: --y is needed too (columns: "a", "b")',
    );
  });

  it("grows every column together into exactly sized typed arrays", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${-i},${2 * i + 1}`);
    const data = parse(`a,b,y\n${rows.join("\n")}\n`, { xs: ["b", "a"], y: "y" });
    expect(data.features?.columns.map((column) => column.length)).toEqual([5000, 5000]);
    expect(data.y.length).toBe(5000);
    expect([data.features?.columns[0]?.[4999], data.features?.columns[1]?.[4999], data.y[4999]]).toEqual([
      -4999, 4999, 9999,
    ]);
  });

  it("takes x or xs, not both", () => {
    expect(() => parse(diabetes, { x: "bmi", xs: ["bp"], y: "target" })).toThrow("give x or xs, not both");
  });
});

describe("readCsv", () => {
  /** A text stream cut into the given pieces, as a file read in chunks arrives. */
  const stream = (...pieces: string[]) => Readable.from(pieces);

  it("streams rows cut anywhere across pieces, BOM and CRLF included", async () => {
    const data = await readCsv(stream("\ufeffhours,sc", "ore\r\n1,", "2\r\n\r\n3,4\r", "\n"), {
      source: "s.csv",
    });
    expect([data.xName, data.yName]).toEqual(["hours", "score"]);
    expect([...data.x]).toEqual([1, 3]);
    expect([...data.y]).toEqual([2, 4]);
  });

  it("strips a byte-order mark before a quoted header", async () => {
    const data = await readCsv(stream('\ufeff"hours spent",score\n1,2\n'), { source: "s.csv" });
    expect(data.xName).toBe("hours spent");
  });

  it("counts lines across pieces for its errors", async () => {
    const text = 'x,note,y\n1,"a\nb",2\n\n3,ok,4\n5,ok,oops\n';
    const pieces = text.match(/.{1,5}/gs) as string[];
    await expect(readCsv(stream(...pieces), { source: "s.csv", x: "x", y: "y" })).rejects.toThrow(
      's.csv: line 6, column "y": expected a number, got "oops"',
    );
  });

  it("streams several feature columns cut anywhere across pieces", async () => {
    const text = 'y,"x, first",x2\n1,2,3\n4,5,6\n7,8,9\n';
    const pieces = text.match(/.{1,3}/gs) as string[];
    const data = await readCsv(stream(...pieces), { source: "s.csv", xs: ["x2", "x, first"], y: "y" });
    expect(data.features?.names).toEqual(["x2", "x, first"]);
    expect(data.features?.columns.map((column) => [...column])).toEqual([
      [3, 6, 9],
      [2, 5, 8],
    ]);
    expect([...data.y]).toEqual([1, 4, 7]);
  });

  it("agrees with parseCsv on a large file", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i / 7},${Math.sqrt(i)}`);
    const text = `x,y\n${rows.join("\n")}\n`;
    const pieces = text.match(/[\s\S]{1,65536}/g) as string[];
    const streamed = await readCsv(stream(...pieces), { source: "big.csv" });
    const whole = parseCsv(text, { source: "big.csv" });
    expect(streamed.x).toEqual(whole.x);
    expect(streamed.y).toEqual(whole.y);
  });
});
