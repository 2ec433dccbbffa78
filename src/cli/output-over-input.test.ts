/**
 * `--out` never replaces an input, whatever path leads to it: through the real binary, every command that
 * reads a data file and writes one refuses an output that is its input reached through a symbolic link to
 * a directory, a symbolic link to the file, or a hard link, in one line with exit 2, and leaves it whole.
 */
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, lrlab, scratchDirectory } from "../test-support/cli.js";

const CSV = "x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n";

/** One invocation per command that reads `--data` and writes `--out`; the data file's name has the output's extension. */
const writers: ReadonlyArray<readonly [string, string, (data: string, out: string) => string[]]> = [
  ["fit", "csv", (data, out) => ["fit", "--data", data, "--steps", "3", "--out", out]],
  [
    "fit --model mlp",
    "csv",
    (data, out) => ["fit", "--model", "mlp", "--data", data, "--steps", "3", "--out", out],
  ],
  ["sweep", "json", (data, out) => ["sweep", "--data", data, "--lrs", "0.01,0.1", "--out", out]],
  [
    "export",
    "mjs",
    (data, out) => ["export", "--format", "tfjs", "--data", data, "--steps", "3", "--out", out],
  ],
  ["landscape", "csv", (data, out) => ["landscape", "--data", data, "--grid", "5", "--out", out]],
  ["plot fit", "svg", (data, out) => ["plot", "fit", "--data", data, "--steps", "3", "--out", out]],
  ["report", "html", (data, out) => ["report", "--data", data, "--out", out]],
];

let work: string;
beforeAll(() => {
  work = scratchDirectory("out-over-input");
});

/** A new directory holding `data.<extension>` (the CSV) and a symbolic link `linked` to the directory itself. */
function folder(name: string, extension: string): { directory: string; data: string } {
  const directory = join(work, name);
  mkdirSync(directory);
  symlinkSync(directory, join(directory, "linked"));
  const data = join(directory, `data.${extension}`);
  writeFileSync(data, CSV);
  return { directory, data };
}

describe("an output that is the input by another path", () => {
  for (const [command, extension, args] of writers) {
    const slug = command.replaceAll(" ", "-");

    it(`${command} refuses to write over its data read through a linked directory`, () => {
      const { directory, data } = folder(`${slug}-dir-in`, extension);
      const viaLink = join(directory, "linked", `data.${extension}`);
      expectUserError(
        args(viaLink, data),
        /^lrlab: error: --out .*: that is (an|the) input (data )?file; choose another name\n$/,
      );
      expect(readFileSync(data, "utf8")).toBe(CSV);
    });

    it(`${command} refuses to write through a linked directory over its data`, () => {
      const { directory, data } = folder(`${slug}-dir-out`, extension);
      const viaLink = join(directory, "linked", `data.${extension}`);
      expectUserError(
        args(data, viaLink),
        /^lrlab: error: --out .*linked.*: that is (an|the) input (data )?file; choose another name\n$/,
      );
      expect(readFileSync(data, "utf8")).toBe(CSV);
    });

    it(`${command} refuses to write over the file its data link points to`, () => {
      const { directory, data } = folder(`${slug}-file`, extension);
      const fileLink = join(directory, `link.${extension}`);
      symlinkSync(data, fileLink);
      expectUserError(args(fileLink, data), /that is (an|the) input (data )?file; choose another name/);
      expect(readFileSync(data, "utf8")).toBe(CSV);
    });
  }

  it("refuses a hard link to the data, which has another real path but the same inode", () => {
    const { directory, data } = folder("hard", "csv");
    const hard = join(directory, "hard.csv");
    linkSync(data, hard);
    expectUserError(
      ["fit", "--data", hard, "--steps", "3", "--out", data],
      `--out ${data}: that is the input data file; choose another name`,
    );
    expect(readFileSync(data, "utf8")).toBe(CSV);
  });

  it("still writes beside the data through a linked directory", () => {
    const { directory, data } = folder("beside", "csv");
    const out = join(directory, "linked", "history.csv");
    expectUserError(
      ["fit", "--data", data, "--steps", "3", "--out", join(directory, "linked", "data.csv")],
      /input/,
    );
    // The guard compares files, not directories: another name in the same (linked) directory is fine.
    const { status } = lrlab(["fit", "--data", data, "--steps", "3", "--out", out]);
    expect(status).toBe(0);
    expect(readFileSync(join(directory, "history.csv"), "utf8")).toMatch(
      /^step,epoch,learningRate,loss,w,b\n/,
    );
  });
});
