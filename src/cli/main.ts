/**
 * The lrlab command line: `main(argv, io)` parses, dispatches and returns an exit code.
 *
 * Exit status: 0 for a result (a diverged run is a result), 2 for a user error (one line on stderr naming
 * the file, line, column or flag and what was expected; nothing on stdout), 1 for a bug (with its stack).
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { isLrlabError, LrlabError } from "../core/errors.js";
import { registerDemo } from "./commands/demo.js";
import { registerExport } from "./commands/export.js";
import { registerFindLr } from "./commands/find-lr.js";
import { registerFit } from "./commands/fit.js";
import { registerLandscape } from "./commands/landscape.js";
import { registerPlot } from "./commands/plot.js";
import { registerRandomSearch } from "./commands/random-search.js";
import { registerReport } from "./commands/report.js";
import { registerSuggest } from "./commands/suggest.js";
import { registerSweep } from "./commands/sweep.js";
import { applyFlagRules } from "./flag-rules.js";
import { type Io, nodeIo } from "./io.js";
import { acceptKerasHabits, refuseOneCycleOverrun } from "./keras-habits.js";

const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export async function main(argv: readonly string[], io: Io = nodeIo()): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const program = new Command("lrlab")
    .description(
      "A lab for learning rates and loss: gradient descent on y = w·x + b and, with --model, linear, polynomial and logistic regression and small networks; exact theory where it holds, Keras semantics.",
    )
    .version(version, "-v, --version")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput(output(io));
  program.configureHelp({ sortSubcommands: false, showGlobalOptions: false });
  registerFit(program, io, setExitCode);
  registerSweep(program, io, setExitCode);
  registerFindLr(program, io, setExitCode);
  registerSuggest(program, io, setExitCode);
  registerRandomSearch(program, io, setExitCode);
  registerPlot(program, io, setExitCode);
  registerReport(program, io, setExitCode);
  registerLandscape(program, io, setExitCode);
  registerExport(program, io, setExitCode);
  registerDemo(program, io, setExitCode);
  for (const command of program.commands) command.exitOverride().configureOutput(output(io));
  acceptKerasHabits(program);
  applyFlagRules(program);
  // Before any command's work: a file it could not write, or flags that contradict each other, cost nothing.
  program.hook("preAction", (_program, command) => {
    const options = command.opts();
    if (options.out === "") {
      throw new LrlabError("E_USAGE", "--out: expected a file name, got an empty one");
    }
    if (typeof options.out === "string") {
      try {
        io.checkOutput(options.out);
      } catch (error) {
        // Name the flag the user typed, as every other --out error does.
        if (error instanceof LrlabError) throw new LrlabError(error.code, `--out ${error.message}`);
        throw error;
      }
    }
    refuseOneCycleOverrun(options);
  });

  if (argv.length === 0) {
    io.stdout(program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help, --version, and the help a command with subcommands prints when given none (`lrlab plot`)
      if (error.exitCode === 0 || error.code === "commander.help") return 0;
      io.stderr(`lrlab: error: ${oneLine(error.message)}\n`);
      return 2;
    }
    if (isLrlabError(error)) {
      io.stderr(`lrlab: error: ${oneLine(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * Help goes to stdout, even the help commander prints "as an error" for a missing subcommand (`lrlab plot`
 * lists its kinds, as `lrlab` lists its commands); error messages are printed by `main` as one line.
 */
function output(io: Io) {
  return {
    writeOut: (text: string) => io.stdout(text),
    writeErr: (text: string) => io.stdout(text),
    outputError: () => {},
  };
}

/** Commander's messages are "error: …\n(Did you mean …?)"; ours are one line. */
function oneLine(message: string): string {
  return message
    .replace(/^error:\s*/, "")
    .replace(/\n\(Did you mean/g, " (did you mean")
    .replace(/\s*\n\s*/g, " ")
    .trim();
}
