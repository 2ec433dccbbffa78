/**
 * Data as users bring it, through the real binary: spreadsheet exports (semicolons, tabs, decimal commas,
 * Excel's trailing comma), files that are not UTF-8 text, cells JavaScript would misread, a CSV on
 * standard input, and the shipped example the README leads with.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../core/data/csv.js";
import { standardize } from "../core/models/features.js";
import { linearDesignStats, linearDesignTheory } from "../core/models/linear-theory.js";
import { bin, expectUserError, lrlab, lrlabJson, root, scratchDirectory } from "../test-support/cli.js";
import { housesFlags } from "../test-support/houses.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("data-input");
});

/** `lrlab …args` with `input` on standard input. */
function lrlabWithInput(args: readonly string[], input: string | Uint8Array) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: work, input, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const write = (name: string, content: string | Uint8Array) => {
  writeFileSync(join(work, name), content);
  return name;
};

describe("spreadsheet exports", () => {
  it("fits a semicolon file with decimal commas as the same data written with commas and points", () => {
    const comma = lrlabJson(
      ["fit", "--steps", "20", "--data", write("points.csv", "x,y\n1.5,2.25\n3,4.5\n4.5,7\n")],
      work,
    );
    const semicolon = lrlabJson(
      ["fit", "--steps", "20", "--data", write("semicolon.csv", "x;y\n1,5;2,25\n3;4,5\n4,5;7\n")],
      work,
    );
    const tab = lrlabJson(
      ["fit", "--steps", "20", "--data", write("tab.tsv", "x\ty\n1.5\t2.25\n3\t4.5\n4.5\t7\n")],
      work,
    );
    expect(semicolon.history).toEqual(comma.history);
    expect(tab.history).toEqual(comma.history);
    expect(semicolon.data.n).toBe(3);
  });

  it("ignores the empty last column of Excel's x,y, lines", () => {
    const document = lrlabJson(
      ["fit", "--steps", "1", "--data", write("excel.csv", "x,y,\r\n1,2,\r\n3,5,\r\n")],
      work,
    );
    expect(document.data).toMatchObject({ n: 2, x: "x", y: "y" });
  });

  it("refuses hexadecimal, binary and octal cells with the line and column, like any other non-number", () => {
    for (const cell of ["0x10", "0b101", "0o7"]) {
      expectUserError(
        ["fit", "--data", write("radix.csv", `x,y\n1,2\n${cell},4\n`)],
        `radix.csv: line 3, column "x": expected a number, got "${cell}"`,
        work,
      );
    }
  });

  it("says a one-column file has 1 column", () => {
    expectUserError(
      ["fit", "--data", write("pipes.csv", "x|y\n1|2\n")],
      'pipes.csv: has 1 column ("x|y"); expected two, x and y, separated by commas, semicolons or tabs',
      work,
    );
  });
});

describe("files that are not UTF-8 text", () => {
  it("asks for UTF-8 instead of printing mojibake from a UTF-16 file", () => {
    const bytes = Buffer.from("\ufeffx,y\r\n1,2\r\n3,4\r\n", "utf16le");
    expectUserError(
      ["fit", "--data", write("utf16.csv", bytes)],
      "utf16.csv: is UTF-16; save it as UTF-8",
      work,
    );
  });

  it("names a binary file in one line without control characters", () => {
    const { status, stderr } = lrlab(["fit", "--data", process.execPath], work);
    expect(status).toBe(2);
    expect(stderr).toBe(
      `lrlab: error: ${process.execPath}: is not a text file (it holds binary data); if it is a spreadsheet, save it as CSV in UTF-8\n`,
    );
  });
});

describe("--data - reads standard input", () => {
  it("fits a CSV piped in as it fits the same file", () => {
    const csv = "hours,score\n1,51\n2,56\n3,60\n";
    const piped = lrlabWithInput(["fit", "--data", "-", "--steps", "5", "--json"], csv);
    expect(piped.stderr).toBe("");
    expect(piped.status).toBe(0);
    const fromFile = lrlabJson(["fit", "--data", write("hours.csv", csv), "--steps", "5"], work);
    expect(JSON.parse(piped.stdout).history).toEqual(fromFile.history);
  });

  it("names standard input as such in a CSV error", () => {
    const { status, stderr } = lrlabWithInput(["fit", "--data", "-"], "x,y\n1,2\n3,abc\n");
    expect(status).toBe(2);
    expect(stderr).toBe('lrlab: error: standard input: line 3, column "y": expected a number, got "abc"\n');
  });
});

describe("several feature columns: --x repeated", () => {
  const diabetes = () =>
    write(
      "diabetes.csv",
      "age,bmi,bp,s5,target\n59,32.1,101,4.86,151\n48,21.6,87,3.89,75\n72,30.5,93,4.67,141\n",
    );
  const refusal = (names: string) =>
    `--x given 3 times (${names}): the line y = w·x + b takes one x; several need --model linear, logistic or mlp`;

  it("loads every column, in the order given, and then refuses the line in one line", () => {
    // The names in the refusal are the header's, in the order given: the columns were found and read.
    for (const command of [["fit"], ["sweep"], ["plot", "loss"], ["random-search"]]) {
      expectUserError(
        [...command, "--data", diabetes(), "--x", "s5", "--x", " bmi", "--x", "bp", "--y", "target"],
        refusal("s5, bmi, bp"),
        work,
      );
    }
  });

  it("quotes names a comma-separated list would misread", () => {
    const data = write("dose.csv", '"dose, mg",age,"bp (mmHg)",y\n1,2,3,4\n5,6,7,8\n');
    expectUserError(
      ["fit", "--data", data, "--x", "dose, mg", "--x", "age", "--x", "bp (mmHg)", "--y", "y"],
      refusal('"dose, mg", age, "bp (mmHg)"'),
      work,
    );
  });

  it("reads each column before refusing: a bad cell in the third --x is named by line and column", () => {
    const data = write("bad-cell.csv", "a,b,c,y\n1,2,3,4\n5,6,n/a,8\n");
    expectUserError(
      ["fit", "--data", data, "--x", "a", "--x", "b", "--x", "c", "--y", "y"],
      'bad-cell.csv: line 3, column "c": expected a number, got "n/a"',
      work,
    );
  });

  it("names the --x that is wrong: unknown, given twice, or also the y", () => {
    const columns = 'columns: "age", "bmi", "bp", "s5", "target"';
    expectUserError(
      ["fit", "--data", diabetes(), "--x", "bmi", "--x", "sS", "--y", "target"],
      `diabetes.csv: no column "sS" for --x (did you mean "s5"?); ${columns}`,
      work,
    );
    expectUserError(
      ["fit", "--data", diabetes(), "--x", "bmi", "--x", "bp", "--x", "bmi", "--y", "target"],
      'diabetes.csv: --x "bmi" is given twice; choose each feature column once',
      work,
    );
    expectUserError(
      ["fit", "--data", diabetes(), "--x", "bmi", "--x", "target", "--y", "target"],
      'diabetes.csv: --x and --y are both "target"; choose two different columns',
      work,
    );
  });

  it("fits with one --x exactly as before", () => {
    const document = lrlabJson(
      ["fit", "--steps", "3", "--data", diabetes(), "--x", "bmi", "--y", "target"],
      work,
    );
    expect(document.data).toMatchObject({ n: 3, x: "bmi", y: "target" });
  });

  it("still needs --data for any --x, and still refuses every other flag given twice", () => {
    expectUserError(["fit", "--x", "a", "--x", "b"], "--x chooses a CSV column and needs --data FILE", work);
    expectUserError(["fit", "--y", "a", "--y", "b"], "--y: given twice (a, then b); give it once", work);
  });
});

describe("examples/houses.csv", () => {
  const houses = readFileSync(join(root, "examples/houses.csv"), "utf8");

  it("is what scripts/houses.js writes: 200 rows of the documented columns", () => {
    const out = join(work, "houses.csv");
    const result = spawnSync(process.execPath, [join(root, "scripts/houses.js"), out], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(readFileSync(out, "utf8")).toBe(houses);
    const lines = houses.trimEnd().split("\n");
    expect(lines[0]).toBe("area_m2,rooms,age_years,price_k");
    expect(lines).toHaveLength(201);
  });

  it("has the documented ranges and a valley the raw columns make long and thin", () => {
    const data = parseCsv(houses, {
      source: "houses.csv",
      xs: ["area_m2", "rooms", "age_years"],
      y: "price_k",
    });
    const columns = data.features?.columns ?? [];
    const range = (column: Float64Array): [number, number] => [Math.min(...column), Math.max(...column)];
    const [area, rooms, age] = columns.map(range) as [[number, number], [number, number], [number, number]];
    expect(area[0]).toBeGreaterThanOrEqual(30);
    expect(area[1]).toBeLessThanOrEqual(250);
    expect(area[1] - area[0]).toBeGreaterThan(200);
    expect(rooms).toEqual([1, 7]);
    expect(age[0]).toBeGreaterThanOrEqual(0);
    expect(age[1]).toBeLessThanOrEqual(100);
    expect(age[1] - age[0]).toBeGreaterThan(90);
    expect(Math.min(...data.y)).toBeGreaterThan(0);
    // examples/README.md: a condition number of about 2·10⁵ raw, about 25 standardized, and the recipe's
    // weights (2.8, 15, −0.8) recovered by least squares.
    const raw = linearDesignTheory(linearDesignStats(columns, data.y));
    const standardized = linearDesignTheory(linearDesignStats(standardize(columns).columns, data.y));
    expect(raw.conditionNumber).toBeGreaterThan(1e5);
    expect(raw.conditionNumber).toBeLessThan(1e6);
    expect(standardized.conditionNumber).toBeLessThan(50);
    expect([...raw.optimum.w].map((w) => Math.round(w * 10) / 10)).toEqual([2.7, 16, -0.8]);
  });

  it("loads its three features through --x and gets the one-line refusal of the line", () => {
    expectUserError(
      ["fit", ...housesFlags()],
      "--x given 3 times (area_m2, rooms, age_years): the line y = w·x + b takes one x; several need --model linear, logistic or mlp",
    );
  });
});

describe("the README's example data", () => {
  it("ships examples/scores.csv, and the README's fit command prints what the README shows", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const block = /\$ npx lrlab (fit --data examples\/scores\.csv[^\n]*)\n([\s\S]*?)\n…/.exec(readme);
    expect(block).not.toBeNull();
    const [, command, shown] = block as RegExpExecArray;
    const args = [...(command as string).matchAll(/"([^"]*)"|(\S+)/g)].map(
      (match) => match[1] ?? match[2],
    ) as string[];
    const { status, stdout } = lrlab(args);
    expect(status).toBe(0);
    expect(stdout.startsWith(`${shown}\n`)).toBe(true);
  });
});

describe("the data line of every face", () => {
  it("counts one point as one point, and quotes the column names on the line's face as on the models'", () => {
    const file = write("one-point.csv", "x,y\n1,2\n");
    const faces = [
      ["fit", "--data", file],
      ["fit", "--model", "mlp", "--hidden", "2", "--data", file],
      ["sweep", "--data", file],
      ["sweep", "--model", "linear", "--data", file],
    ];
    for (const args of faces) {
      const { status, stdout } = lrlab(args, work);
      expect(status).toBe(0);
      expect(stdout).toContain("full batch (1 point)");
      expect(stdout).not.toMatch(/\b1 points\b/);
    }
    const line = lrlab(["fit", "--data", file], work).stdout;
    const model = lrlab(["fit", "--model", "linear", "--data", file], work).stdout;
    expect(line).toContain('\n  x = "x", y = "y", 1 point\n');
    expect(model).toContain('\n  x = "x", y = "y", 1 point\n');
    // More than one keeps its plural.
    const two = lrlab(["fit", "--data", write("two-points.csv", "x,y\n1,2\n2,3\n")], work).stdout;
    expect(two).toContain('x = "x", y = "y", 2 points');
    expect(two).toContain("full batch (2 points)");
  });
});
