/** `lrlab landscape` (being written). */
import type { Command } from "commander";
import type { Io } from "../io.js";

export function registerLandscape(_program: Command, _io: Io, _setExitCode: (code: number) => void): void {}
