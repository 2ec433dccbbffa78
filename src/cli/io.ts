/**
 * The CLI's only contact with the world: streams, files and the terminal, behind one small interface so
 * commands can be run (and tested) with anything that looks like it.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, type ReadStream, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { LrlabError } from "../core/errors.js";

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  readonly stderrIsTTY: boolean;
  /**
   * Opens a UTF-8 text file as a stream read in 64 KiB pieces (a million-row CSV never sits in memory
   * whole), or throws a one-line `E_IO` error naming it.
   */
  openTextStream(path: string): ReadStream;
  /**
   * Writes a file all at once: to a temporary file beside it, then renamed over the target, so a reader
   * never sees half a file and a failure leaves nothing behind.
   */
  writeFileAtomic(path: string, content: string | Uint8Array): void;
  /** An absolute path for comparisons (never overwrite an input). */
  resolvePath(path: string): string;
}

export function nodeIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    openTextStream(path) {
      try {
        if (statSync(path).isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
      } catch (error) {
        throw new LrlabError("E_IO", `${path}: cannot read it (${describeSystemError(error)})`);
      }
      return createReadStream(path, { encoding: "utf8", highWaterMark: 64 * 1024 });
    },
    writeFileAtomic(path, content) {
      const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
      try {
        writeFileSync(temporary, content, { flag: "wx" });
        renameSync(temporary, path);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw new LrlabError("E_IO", `${path}: cannot write it (${describeSystemError(error)})`);
      }
    },
    resolvePath: (path) => resolve(path),
  };
}

function describeSystemError(error: unknown): string {
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
    default:
      return code ?? String(error);
  }
}
