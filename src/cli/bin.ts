#!/usr/bin/env node
/** The lrlab executable: the only place that exits. */
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Not a user error: a bug. Keep the stack so it can be reported.
    console.error(error);
    process.exitCode = 1;
  },
);
