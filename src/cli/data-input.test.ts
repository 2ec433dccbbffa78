/**
 * Data as users bring it, through the real binary: spreadsheet exports (semicolons, tabs, decimal commas,
 * Excel's trailing comma), files that are not UTF-8 text, cells JavaScript would misread, a CSV on
 * standard input, and the shipped example the README leads with.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bin, expectUserError, lrlab, lrlabJson, root, scratchDirectory } from "../test-support/cli.js";

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
