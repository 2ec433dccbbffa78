/**
 * The words `lrlab sweep` prints for a person (a table of the runs with the best rate and the boundary
 * marked, and the theory beside them), and its CSV.
 */

import type { SweepResult, SweepRun } from "../../core/choosing/sweep.js";
import { OUTCOMES } from "../../core/judging/verdict.js";
import { optimizerParams } from "../../core/optimizers/registry.js";
import { SCHEDULES, type ScheduleName } from "../../core/schedules/registry.js";
import { hasRate, localBoundLabel, localBoundRow } from "../../render/local-bound-words.js";
import { distinctNumbers, formatSteps } from "../../render/numbers.js";
import { OUTCOME_WORDS, outcomeMeaning, toleranceWords } from "../../render/verdict-words.js";
import { formatCount, formatNumber, formatTable, wrap } from "../format.js";
import { kerasArguments, kerasOptimizerClass } from "../keras-words.js";
import type { RunSetup } from "../run-options.js";

export interface SweepText {
  setup: RunSetup;
  result: SweepResult;
  learningRates: readonly number[];
  options: Readonly<Record<string, unknown>>;
  out: string | undefined;
}

/** The outcomes the sweep's runs ended with, each with what it means (render/verdict-words.ts). */
function outcomeWords(runs: readonly SweepRun[], exact: boolean): string {
  return OUTCOMES.filter((outcome) => runs.some((run) => run.outcome === outcome))
    .map((outcome) => `${OUTCOME_WORDS[outcome]}: ${outcomeMeaning(outcome, exact)}`)
    .join("; ");
}

export function describeSweep({ setup, result, learningRates, options, out }: SweepText): string {
  const { data, trainOptions } = setup;
  const n = data.x.length;
  const batch = Math.min(trainOptions.batchSize ?? n, n);
  const lines: string[] = [];
  lines.push(`lrlab sweep: y = w·x + b on ${data.source}`);
  const budget =
    trainOptions.epochs !== undefined
      ? `${formatCount(trainOptions.epochs)} epochs per run`
      : `${formatCount(trainOptions.steps ?? 100)} steps per run`;
  const batchWords =
    batch === n ? `full batch (${formatSteps(n, "point")})` : `batch size ${formatCount(batch)}`;
  lines.push(
    `  loss ${setup.loss.toUpperCase()} · ${optimizerWords(setup)} · ${scheduleWords(setup)} · ${batchWords} · ${budget}`,
  );
  // Every rate of the sweep (the swept ones, the bounds, the best) with the digits that tell them apart.
  const { theory, boundary, best, tolerance, reference } = result;
  const rate = distinctNumbers([
    ...learningRates,
    ...(theory ? [theory.criticalLearningRate, theory.optimalLearningRate] : []),
    ...(boundary.criticalLearningRate !== null ? [boundary.criticalLearningRate] : []),
    ...(hasRate(result.localBound) ? [result.localBound.critical.learningRate] : []),
  ]);
  const first = learningRates[0] as number;
  const last = learningRates[learningRates.length - 1] as number;
  const spacing = options.lrs === undefined && learningRates.length > 2 ? ", log-spaced" : "";
  lines.push(
    `  ${formatCount(learningRates.length)} rate${learningRates.length === 1 ? "" : "s"} from ${rate(first)} to ${rate(last)}${spacing}; every run starts at w = ${formatNumber(trainOptions.initialW ?? 0)}, b = ${formatNumber(trainOptions.initialB ?? 0)}${batch < n ? ` and sees the same batches (seed ${trainOptions.seed ?? 0})` : ""}`,
  );
  lines.push("");

  if (theory) {
    lines.push("Theory (exact for full-batch gradient descent on MSE)");
    lines.push(
      `  loss* ${formatNumber(theory.optimum.loss)} · critical rate ${rate(theory.criticalLearningRate)} = 2/λmax · best worst-case rate ${rate(theory.optimalLearningRate)} = ${theory.optimalFormula}`,
    );
    if (boundary.criticalLearningRate !== null && boundary.rule !== null && boundary.rule !== "2/λmax")
      lines.push(`  with momentum: critical rate ${rate(boundary.criticalLearningRate)} = ${boundary.rule}`);
    lines.push("");
  } else if (hasRate(result.localBound)) {
    const bound = result.localBound;
    lines.push("Near the best line (Huber has no closed form: the curvature where the runs settle)");
    lines.push(
      `  critical rate ${wrap(localBoundRow(bound, rate(bound.critical.learningRate)), 100 - 16, " ".repeat(16))}`,
    );
    lines.push("");
  }

  const gap = tolerance === null ? null : toleranceWords(tolerance, result.closeness);
  lines.push(runsTable(result, rate, gap === null ? null : "steps to settle"));
  lines.push("");

  if (best) {
    // Final losses as the table prints them (five digits).
    const why =
      best.reason === "soonest-settled"
        ? `of the good runs, the soonest to stay ${gap} (from step ${formatCount(best.stepsToTolerance ?? 0)} on)`
        : gap !== null
          ? `no good run stayed ${gap}; the lowest final loss (${formatNumber(best.finalLoss, 5)})`
          : `the lowest final loss (${formatNumber(best.finalLoss, 5)})`;
    lines.push(
      `Best      ${wrap(`lr ${rate(best.learningRate)}: ${why}; ${OUTCOME_WORDS[best.outcome]}.`, 100 - 10, "          ")}`,
    );
  } else lines.push("Best      none: every rate diverged; try smaller rates.");
  lines.push(`Boundary  ${wrap(boundaryWords(result, rate), 100 - 10, "          ")}`);
  if (gap !== null)
    lines.push(
      `Settle    ${wrap(`steps to settle: the step from which the loss stays ${gap} to the end of the run (— if it does not)`, 100 - 10, "          ")}`,
    );
  if (!theory && reference) {
    lines.push(
      `Closeness ${wrap(`${setup.loss.toUpperCase()} has no exact optimum: a run arrived when it came within 0.1% of the lowest loss the sweep reached, ${formatNumber(reference.loss, 5)}.`, 100 - 10, "          ")}`,
    );
  }
  lines.push(
    `Outcomes  ${wrap(outcomeWords(result.runs, theory !== null && result.boundary.criticalLearningRate !== null), 100 - 10, "          ")}`,
  );
  if (out !== undefined) lines.push(`Wrote     ${out}`);
  return `${lines.join("\n")}\n`;
}

/** The runs, one row each; the steps column only when there is an exact optimum to be close to. */
function runsTable(result: SweepResult, rate: (value: number) => string, closeness: string | null): string {
  const { runs, best, boundary } = result;
  const notes = (run: SweepRun): string => {
    const parts: string[] = [];
    if (best && run.learningRate === best.learningRate) parts.push("← best");
    if (run.learningRate === boundary.largestNonDiverged && boundary.smallestDiverged !== null)
      parts.push("largest not diverging");
    if (run.learningRate === boundary.smallestDiverged) parts.push("smallest diverging");
    if (run.status === "diverged") parts.push(`stopped at step ${formatCount(run.divergedAtStep ?? 0)}`);
    return parts.join("; ");
  };
  const rows = runs.map((run) => [
    rate(run.learningRate),
    OUTCOME_WORDS[run.outcome],
    run.regime,
    formatNumber(run.finalLoss, 5),
    formatNumber(run.bestLoss, 5),
    ...(closeness === null ? [] : [run.stepsToTolerance === null ? "—" : formatCount(run.stepsToTolerance)]),
    notes(run),
  ]);
  const table = formatTable(
    [
      { header: "lr" },
      { header: "outcome", align: "left" as const },
      { header: "regime", align: "left" as const },
      { header: "final loss" },
      { header: "best loss" },
      ...(closeness === null ? [] : [{ header: closeness }]),
      { header: "", align: "left" as const },
    ],
    rows,
  ).split("\n");
  // The theory's critical rate (Huber: the bound near the best line) as a line across the table, where it
  // falls among the swept rates.
  const local = hasRate(result.localBound) ? result.localBound : null;
  const critical = boundary.criticalLearningRate ?? local?.critical.learningRate ?? null;
  if (critical !== null) {
    const index = runs.findIndex((run) => run.learningRate > critical);
    const at = index === -1 ? runs.length : index;
    const label =
      boundary.criticalLearningRate !== null || local === null
        ? `${boundary.rule} = ${rate(critical)}`
        : localBoundLabel(local, rate(critical));
    table.splice(at + 1, 0, `  ${"─".repeat(6)} ${label} ${"─".repeat(6)}`);
  }
  return table.join("\n");
}

function boundaryWords(result: SweepResult, rate: (value: number) => string): string {
  const { boundary } = result;
  const { largestNonDiverged: below, smallestDiverged: above, criticalLearningRate: critical } = boundary;
  let measured: string;
  if (above === null)
    measured = below === null ? "no rate diverged" : `no rate diverged up to lr ${rate(below)}`;
  else if (below === null) measured = `every rate diverged, down to lr ${rate(above)}`;
  else
    measured = `diverges between lr ${rate(below)} (the largest that did not) and ${rate(above)} (the smallest that did)`;
  if (!boundary.monotone) measured += "; some larger rates did not diverge (noise or a schedule)";
  if (critical === null) {
    if (result.theory) {
      return `${measured}. The theory's 2/λmax = ${rate(result.theory.criticalLearningRate)} is exact only for full-batch SGD at a constant rate.`;
    }
    return `${measured}.`;
  }
  const theory = `theory: ${boundary.rule} = ${rate(critical)}`;
  if (boundary.agrees) {
    if (above === null) return `${measured}; ${theory}, above every rate swept ✔`;
    if (below === null) return `${measured}; ${theory}, below every rate swept ✔`;
    return `${measured}; ${theory} lies between them ✔`;
  }
  // With nothing diverged (or everything) there is no bracket to lie outside: the bound is only stated.
  if (above === null || below === null) return `${measured}; theory: ${boundary.rule} is ${rate(critical)}`;
  return `${measured}; ${theory} lies outside that bracket ✘ (a budget too short to tell, or rounding at the edge)`;
}

/** `SGD(learning_rate=swept, …)`: the optimizer's Keras call with the rate left to the sweep. */
export function optimizerWords(setup: Pick<RunSetup, "optimizerName" | "optimizer">): string {
  const className = kerasOptimizerClass(setup.optimizerName);
  const parts = kerasArguments(
    optimizerParams(setup.optimizerName).filter((spec) => spec.key !== "learningRate"),
    setup.optimizer.config as Readonly<Record<string, unknown>>,
    { always: setup.optimizerName === "momentum" ? ["momentum"] : [] },
  );
  return `${className}(${["learning_rate=swept", ...parts].join(", ")})`;
}

/** `constant rate`, or the schedule's Keras call with its rate argument left to the sweep. */
export function scheduleWords(setup: Pick<RunSetup, "schedule">): string {
  const name = setup.schedule.name as ScheduleName;
  if (name === "constant") return "constant rate";
  const entry = SCHEDULES[name];
  const parts = kerasArguments(entry.params, setup.schedule.args);
  const rate = entry.kind === "callback" ? "starting rate swept" : "rate argument swept";
  return `${entry.className}(${[rate, ...parts].join(", ")})`;
}

const CSV_COLUMNS = [
  "learningRate",
  "status",
  "outcome",
  "regime",
  "regimeBasis",
  "reached",
  "finalLoss",
  "bestLoss",
  "stepsToTolerance",
  "divergedAtStep",
  "flipFraction",
] as const;

/** One row per rate, in rate order; non-finite and missing values are empty cells. */
export function sweepCsv(result: SweepResult): string {
  const lines: string[] = [CSV_COLUMNS.join(",")];
  for (const run of result.runs) {
    lines.push(
      CSV_COLUMNS.map((column) => {
        const value = run[column];
        if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
        if (typeof value === "boolean") return String(value);
        return value ?? "";
      }).join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
