/**
 * `lrlab report`: the lesson told on the user's data, written as one self-contained HTML page (styles,
 * font and figures inline; no script; nothing fetched), so it opens from disk and can be mailed around.
 * The data, the ideal line and the theory; four rates chosen from it and what each does; a decaying
 * rate settling into the minimum, as a film; a sweep. `--data/--x/--y` and the `fit` flags apply.
 *
 * `--model linear|polynomial|logistic|mlp` (or `--init`, `--track-sharpness`) reports one run of a model
 * instead (report-model.ts); the line's page is unchanged.
 */
import type { Command } from "commander";
import { LrlabError } from "../../core/errors.js";
import { strictNumber } from "../flags.js";
import type { Io } from "../io.js";
import { addModelOptions, refuseModelFlags, wantsModelPath } from "../model-options.js";
import { refuseOutputOverInput } from "../output-guard.js";
import { createProgress } from "../progress.js";
import { addRunOptions, runSetupFrom } from "../run-options.js";
import { computeLesson, LESSON_WORK } from "./report-lesson.js";
import { runModelReport } from "./report-model.js";

const DEFAULT_OUT = "lrlab-report.html";

export function registerReport(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command("report")
    .description(
      "the lesson on your data as one self-contained HTML page: the ideal line, the theory, four rates, decay, a sweep",
    );
  addRunOptions(command);
  // The report picks its length itself: not fit's default of 100.
  const steps = command.options.find((option) => option.long === "--steps");
  if (steps) {
    steps.description =
      "updates per run (default: chosen from the theory, enough for the good rate to settle; 100 without it)";
  }
  addModelOptions(command);
  command.option("--out <file>", `where to write the page, a .html file (default: ${DEFAULT_OUT})`);
  command.options.find((option) => option.long === "--out")?.helpGroup("Output:");
  command.action(async (options: Record<string, unknown>) => {
    setExitCode(await runReport(options, io));
  });
}

/** Runs `report` with parsed options and returns the exit code. */
export async function runReport(options: Readonly<Record<string, unknown>>, io: Io): Promise<number> {
  const out = typeof options.out === "string" ? options.out : DEFAULT_OUT;
  if (!/\.html?$/i.test(out)) {
    throw new LrlabError("E_USAGE", `--out ${out}: expected a file name ending in .html`);
  }
  if (options.historyEvery !== undefined) {
    throw new LrlabError("E_USAGE", "--history-every does not apply to report: it keeps every step it draws");
  }
  refuseEmptyLesson(options);
  io.checkOutput(out); // before the work: a page that cannot be written should cost nothing
  if (wantsModelPath(options)) {
    return runModelReport(options, io, out, (inputs) => {
      refuseOutputOverInput(io, out, inputs);
    });
  }
  refuseModelFlags(options);
  const setup = await runSetupFrom(options, io);
  refuseOutputOverInput(io, out, setup.inputs, "the input data file");

  // Progress counts the report's parts (runs, swept rates, then sections) whatever the training costs:
  // drawing the figures takes a moment even when the training is instant. It shows only if the report is
  // slow (big data), not for the usual couple of seconds.
  const progress = createProgress(io, "lrlab report", 1, 0, "parts");
  // The renderer (Plot, linkedom, resvg) loads only here, so other commands stay light.
  const { REPORT_SECTIONS, reportPage } = await import("../../render/report.js");
  const total = LESSON_WORK + REPORT_SECTIONS.length;
  const lesson = computeLesson(setup, options, (done) => progress.update(done, total));
  const { embeddedFontCss, nodeEnvironment } = await import("../../render/node.js");
  const page = reportPage(nodeEnvironment(), lesson, {
    fontCss: embeddedFontCss(),
    onSection: (done) => progress.update(LESSON_WORK + done, total),
  });
  progress.stop();
  io.writeFileAtomic(out, page);
  io.stdout(
    `Wrote ${out} (${Math.round(Buffer.byteLength(page) / 1024).toLocaleString("en-US")} kB): the lesson on ${setup.data.source}\n`,
  );
  return 0;
}

/** A lesson needs steps to show: `--steps 0` or `--epochs 0` would draw a page of runs that never moved. */
function refuseEmptyLesson(options: Readonly<Record<string, unknown>>): void {
  for (const flag of ["steps", "epochs"] as const) {
    const raw = options[flag];
    if (typeof raw === "string" && strictNumber(raw) === 0) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `--${flag}: expected an integer ≥ 1 for a report (a lesson of runs that never move shows nothing), got 0`,
      );
    }
  }
}
