/**
 * What lrlab writes, and what it refuses to: through the real binary, every command that writes a file
 * refuses a read-only file, a symbolic link, a directory or a device in one line with exit 2, leaves the
 * target as it was, checks the path before any work, and keeps a replaced file's permissions.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, lrlab, scratchDirectory } from "../test-support/cli.js";
import { describeSystemError } from "./io.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("outputs");
  writeFileSync(join(work, "bad.csv"), "x,y\n1,2\n3,oops\n");
});

/** One invocation per command that writes, each with `--out` set to `out` (a name with the right extension). */
const writers: ReadonlyArray<readonly [string, (out: string) => string[]]> = [
  ["fit", (out) => ["fit", "--steps", "3", "--out", `${out}.csv`]],
  ["sweep", (out) => ["sweep", "--from", "0.01", "--to", "0.1", "--count", "2", "--out", `${out}.json`]],
  ["landscape", (out) => ["landscape", "--grid", "5", "--out", `${out}.csv`]],
  ["plot", (out) => ["plot", "fit", "--steps", "3", "--out", `${out}.svg`]],
  ["report", (out) => ["report", "--out", `${out}.html`]],
];

describe("an existing file lrlab must not replace", () => {
  for (const [command, args] of writers) {
    it(`${command} refuses a read-only file and leaves it as it was`, () => {
      const name = `read-only-${command}`;
      const path = join(work, args(name).at(-1) as string);
      writeFileSync(path, "keep me\n");
      chmodSync(path, 0o444);
      expectUserError(
        args(join(work, name)),
        `--out ${path}: cannot write it (it is read-only; make it writable or choose another name)`,
      );
      expect(readFileSync(path, "utf8")).toBe("keep me\n");
      expect(statSync(path).mode & 0o777).toBe(0o444);
    });

    it(`${command} refuses a symbolic link and leaves the link and its target alone`, () => {
      const name = `link-${command}`;
      const out = args(name).at(-1) as string;
      const target = join(work, `target-of-${out}`);
      writeFileSync(target, "target\n");
      symlinkSync(target, join(work, out));
      expectUserError(
        args(join(work, name)),
        `--out ${join(work, out)}: cannot write it (it is a symbolic link; give the path of a regular file, not of a link)`,
      );
      expect(lstatSync(join(work, out)).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(work, out))).toBe(target);
      expect(readFileSync(target, "utf8")).toBe("target\n");
    });
  }

  it("refuses a directory and a named pipe, which a rename would replace (as it would a device)", () => {
    mkdirSync(join(work, "folder.svg"));
    expectUserError(
      ["plot", "fit", "--out", join(work, "folder.svg")],
      `--out ${join(work, "folder.svg")}: cannot write it (it is a directory)`,
    );
    // A pipe of our own stands for /dev/null and its kind: never aim a test at a real device, since a
    // binary with this bug would replace it for the whole machine.
    const pipe = join(work, "pipe.svg");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    expectUserError(
      ["plot", "fit", "--out", pipe],
      `--out ${pipe}: cannot write it (it is not a regular file)`,
    );
    expect(lstatSync(pipe).isFIFO()).toBe(true);
  });

  it("replaces a writable file atomically and keeps its permissions", () => {
    const path = join(work, "private.csv");
    writeFileSync(path, "old\n");
    chmodSync(path, 0o600);
    expect(lrlab(["fit", "--steps", "2", "--out", path]).status).toBe(0);
    expect(readFileSync(path, "utf8")).toMatch(/^step,epoch,learningRate,loss,w,b\n/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(work).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("the output path is checked before the work", () => {
  // Each command is given a bad CSV too: the error names the output, so the path was checked first.
  for (const [command, args] of writers) {
    it(`${command} names a missing directory before reading the data`, () => {
      const missing = join(work, "no-such-directory");
      const out = args(join(missing, "out")).at(-1) as string;
      expectUserError(
        [...args(join(missing, "out")), "--data", join(work, "bad.csv")],
        `--out ${out}: cannot write it (no such directory: ${missing})`,
      );
    });
  }

  it("report and plot check their default file names too", () => {
    const directory = join(work, "defaults");
    mkdirSync(directory);
    writeFileSync(join(directory, "lrlab-report.html"), "mine\n");
    chmodSync(join(directory, "lrlab-report.html"), 0o444);
    expectUserError(
      ["report", "--data", join(work, "bad.csv")],
      "lrlab-report.html: cannot write it (it is read-only; make it writable or choose another name)",
      directory,
    );
    writeFileSync(join(directory, "lrlab-fit.png"), "mine\n");
    chmodSync(join(directory, "lrlab-fit.png"), 0o444);
    expectUserError(
      ["plot", "fit", "--format", "png", "--data", join(work, "bad.csv")],
      "lrlab-fit.png: cannot write it (it is read-only; make it writable or choose another name)",
      directory,
    );
  });
});

describe("system errors in plain words", () => {
  it("says what ENOSPC, EACCES and friends mean instead of their codes", () => {
    const words = (code: string) => describeSystemError(Object.assign(new Error(`${code}: raw`), { code }));
    expect(words("ENOSPC")).toBe("no space left on the device");
    expect(words("EACCES")).toBe("permission denied");
    expect(words("EROFS")).toBe("the file system is read-only");
    expect(words("EDQUOT")).toBe("the disk quota is used up");
    expect(words("ENAMETOOLONG")).toBe("the name is too long");
    expect(words("EWHATEVER")).toBe("system error EWHATEVER");
  });
});
