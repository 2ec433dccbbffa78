/**
 * The CLI's only contact with the world: streams, files, the terminal and the clock, behind one small
 * interface so commands can be run (and tested) with anything that looks like it.
 */
import { randomBytes } from "node:crypto";
import {
  accessSync,
  chmodSync,
  constants,
  createReadStream,
  lstatSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { LrlabError } from "../core/errors.js";

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  readonly stderrIsTTY: boolean;
  /** Milliseconds on a clock that only moves forward, for progress and time estimates. */
  now(): number;
  /**
   * Opens a UTF-8 text file as a stream read in 64 KiB pieces (a million-row CSV never sits in memory
   * whole), or throws a one-line `E_IO` error naming it. The path `-` is standard input.
   */
  openTextStream(path: string): Readable;
  /**
   * Throws a one-line `E_IO` error unless `path` can be written as a new regular file or replace an
   * existing writable one: its directory exists and is writable, and it is not read-only, a symbolic
   * link, a directory or a device. Commands call it before their work, so a bad `--out` costs nothing.
   */
  checkOutput(path: string): void;
  /**
   * Writes a file all at once: to a temporary file beside it, then renamed over the target, so a reader
   * never sees half a file and a failure leaves nothing behind. A replaced file keeps its permissions;
   * what {@link checkOutput} refuses is never written.
   */
  writeFileAtomic(path: string, content: string | Uint8Array): void;
  /** An absolute path, for messages and for the list of inputs an output must not replace. */
  resolvePath(path: string): string;
  /**
   * Whether two paths name one file, whichever links lead there: the same real path (symbolic links in the
   * file or in any directory above it resolved), or the same device and inode (a hard link).
   */
  sameFile(a: string, b: string): boolean;
}

/** The path that names standard input, as in most Unix tools. */
export const STDIN_PATH = "-";

export function nodeIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    now: () => performance.now(),
    openTextStream(path) {
      if (path === STDIN_PATH) return standardInput();
      try {
        if (statSync(path).isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
        accessSync(path, constants.R_OK);
      } catch (error) {
        throw new LrlabError("E_IO", `${path}: cannot read it (${describeSystemError(error)})`);
      }
      const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 64 * 1024 });
      // A reader reports a stream's failure by its message; make that plain words, not "EIO: i/o error, read".
      stream.on("error", (error) => {
        error.message = describeSystemError(error);
      });
      return stream;
    },
    checkOutput(path) {
      checkOutput(path);
    },
    writeFileAtomic(path, content) {
      const existing = checkOutput(path);
      const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
      try {
        writeFileSync(temporary, content, { flag: "wx" });
        if (existing) chmodSync(temporary, existing.mode & 0o7777);
        renameSync(temporary, path);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw new LrlabError("E_IO", `${path}: cannot write it (${describeSystemError(error)})`);
      }
    },
    resolvePath: (path) => resolve(path),
    sameFile,
  };
}

function standardInput(): Readable {
  if (process.stdin.isTTY) {
    throw new LrlabError(
      "E_IO",
      `${STDIN_PATH}: standard input is a terminal; pipe the CSV in, e.g. cat data.csv | lrlab fit --data -`,
    );
  }
  return process.stdin.setEncoding("utf8");
}

/** The existing file at `path` (undefined if there is none), or a one-line error saying why it cannot be written. */
function checkOutput(path: string): Stats | undefined {
  const refuse = (why: string): never => {
    throw new LrlabError("E_IO", `${path}: cannot write it (${why})`);
  };
  let existing: Stats | undefined;
  try {
    existing = lstatSync(path);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") refuse(describeSystemError(error));
  }
  if (existing) {
    if (existing.isSymbolicLink())
      refuse("it is a symbolic link; give the path of a regular file, not of a link");
    if (existing.isDirectory()) refuse("it is a directory");
    if (!existing.isFile()) refuse("it is not a regular file");
    // Root may write anything, so the permission bits themselves say whether the file was meant to stay.
    if ((existing.mode & 0o222) === 0 || !accessible(path, constants.W_OK))
      refuse("it is read-only; make it writable or choose another name");
  }
  const directory = dirname(path);
  try {
    if (!statSync(directory).isDirectory()) refuse(`${directory} is not a directory`);
    accessSync(directory, constants.W_OK);
  } catch (error) {
    if (error instanceof LrlabError) throw error;
    const code = (error as { code?: string }).code;
    refuse(code === "ENOENT" ? `no such directory: ${directory}` : describeSystemError(error));
  }
  return existing;
}

function sameFile(a: string, b: string): boolean {
  if (realPathOf(a) === realPathOf(b)) return true;
  const first = identityOf(a);
  const second = identityOf(b);
  return first !== undefined && second !== undefined && first.dev === second.dev && first.ino === second.ino;
}

/**
 * The path with every symbolic link resolved; for a file that does not exist yet, its directory's real
 * path and its name (the file it would become). Unresolvable paths fall back to the plain absolute path.
 */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** The device and inode of an existing file (links followed), or undefined if there is none. */
function identityOf(path: string): { dev: bigint; ino: bigint } | undefined {
  try {
    const { dev, ino } = statSync(path, { bigint: true });
    return { dev, ino };
  } catch {
    return undefined;
  }
}

function accessible(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** What the system said, in plain words: "permission denied", not "EACCES: permission denied, open '…'". */
export function describeSystemError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a parent is not a directory";
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "the disk quota is used up";
    case "EROFS":
      return "the file system is read-only";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "ELOOP":
      return "too many symbolic links";
    case "EMFILE":
    case "ENFILE":
      return "too many open files";
    case "EBUSY":
    case "ETXTBSY":
      return "the file is busy";
    case "EIO":
      return "a read or write error on the device";
    case "EFBIG":
      return "the file is too large";
    default:
      return code === undefined ? "an unexpected error" : `system error ${code}`;
  }
}
