/** `lrlab report` (being written). */
import type { Command } from "commander";
import type { Io } from "../io.js";

export function registerReport(_program: Command, _io: Io, _setExitCode: (code: number) => void): void {}
