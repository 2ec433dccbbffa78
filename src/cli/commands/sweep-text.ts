/**
 * The words `lrlab sweep` prints for a person (a table of the runs with the best rate and the boundary
 * marked, and the theory beside them), and its CSV.
 */
import { optimizerParams } from "../../core/optimizers/registry.js";
import { SCHEDULES, type ScheduleName } from "../../core/schedules/registry.js";
import type { SweepResult, SweepRun } from "../../core/sweep.js";
import { OUTCOMES } from "../../core/verdict.js";
import { hasRate, localBoundLabel, localBoundRow } from "../../render/local-bound-words.js";
import { OUTCOME_WORDS, outcomeMeaning } from "../../render/verdict-words.js";
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
    batch === n ? `full batch (${formatCount(n)} points)` : `batch size ${formatCount(batch)}`;
  lines.push(
    `  loss ${setup.loss.toUpperCase()} · ${optimizerWords(setup)} · ${scheduleWords(setup)} · ${batchWords} · ${budget}`,
  );
  const first = learningRates[0] as number;
  const last = learningRates[learningRates.length - 1] as number;
  const spacing = options.lrs === undefined && learningRates.length > 2 ? ", log-spaced" : "";
  lines.push(
    `  ${formatCount(learningRates.length)} rate${learningRates.length === 1 ? "" : "s"} from ${formatNumber(first)} to ${formatNumber(last)}${spacing}; every run starts at w = ${formatNumber(trainOptions.initialW ?? 0)}, b = ${formatNumber(trainOptions.initialB ?? 0)}${batch < n ? ` and sees the same batches (seed ${trainOptions.seed ?? 0})` : ""}`,
  );
  lines.push("");

  const { theory, boundary, best, tolerance, reference } = result;
  if (theory) {
    lines.push("Theory (exact for full-batch gradient descent on MSE)");
    lines.push(
      `  loss* ${formatNumber(theory.optimum.loss)} · critical rate ${formatNumber(theory.criticalLearningRate)} = 2/λmax · best worst-case rate ${formatNumber(theory.optimalLearningRate)} = 2/(λmin + λmax)`,
    );
    if (boundary.rule !== null && boundary.rule !== "2/λmax")
      lines.push(
        `  with momentum: critical rate ${formatNumber(boundary.criticalLearningRate)} = ${boundary.rule}`,
      );
    lines.push("");
  } else if (hasRate(result.localBound)) {
    lines.push("Near the best line (Huber has no closed form: the curvature where the runs settle)");
    lines.push(`  critical rate ${wrap(localBoundRow(result.localBound), 100 - 16, " ".repeat(16))}`);
    lines.push("");
  }

  lines.push(runsTable(result, tolerance === null ? null : `steps to gap ≤ ${formatNumber(tolerance)}`));
  lines.push("");

  if (best) {
    const why =
      best.reason === "fewest-steps-to-tolerance"
        ? `the fewest steps to within ${formatNumber(tolerance)} of the optimum loss (${formatCount(best.stepsToTolerance ?? 0)})`
        : tolerance !== null
          ? `no rate got within ${formatNumber(tolerance)} of the optimum loss; the lowest final loss (${formatNumber(best.finalLoss, 6)})`
          : `the lowest final loss (${formatNumber(best.finalLoss, 6)})`;
    lines.push(`Best      lr ${formatNumber(best.learningRate)}: ${why}; ${OUTCOME_WORDS[best.outcome]}.`);
  } else lines.push("Best      none: every rate diverged; try smaller rates.");
  lines.push(`Boundary  ${wrap(boundaryWords(result), 100 - 10, "          ")}`);
  if (!theory && reference) {
    lines.push(
      `Closeness ${wrap(`${setup.loss.toUpperCase()} has no exact optimum: a run arrived when it came within 0.1% of the lowest loss the sweep reached, ${formatNumber(reference.loss, 6)}.`, 100 - 10, "          ")}`,
    );
  }
  lines.push(
    `Outcomes  ${wrap(outcomeWords(result.runs, theory !== null && result.boundary.criticalLearningRate !== null), 100 - 10, "          ")}`,
  );
  if (out !== undefined) lines.push(`Wrote     ${out}`);
  return `${lines.join("\n")}\n`;
}

/** The runs, one row each; the steps column only when there is an exact optimum to be close to. */
function runsTable(result: SweepResult, closeness: string | null): string {
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
    formatNumber(run.learningRate),
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
        ? `${boundary.rule} = ${formatNumber(critical)}`
        : localBoundLabel(local);
    table.splice(at + 1, 0, `  ${"─".repeat(6)} ${label} ${"─".repeat(6)}`);
  }
  return table.join("\n");
}

function boundaryWords(result: SweepResult): string {
  const { boundary } = result;
  const { largestNonDiverged: below, smallestDiverged: above, criticalLearningRate: critical } = boundary;
  let measured: string;
  if (above === null) measured = "no rate diverged";
  else if (below === null) measured = `every rate diverged, down to lr ${formatNumber(above)}`;
  else
    measured = `diverges between lr ${formatNumber(below)} (the largest that did not) and ${formatNumber(above)} (the smallest that did)`;
  if (!boundary.monotone) measured += "; some larger rates did not diverge (noise or a schedule)";
  if (critical === null) {
    if (result.theory) {
      return `${measured}. The theory's 2/λmax = ${formatNumber(result.theory.criticalLearningRate)} is exact only for full-batch SGD at a constant rate.`;
    }
    return `${measured}.`;
  }
  const theory = `theory: ${boundary.rule} = ${formatNumber(critical)}`;
  if (boundary.agrees) {
    if (above === null) return `${measured}; ${theory}, above every rate swept ✔`;
    if (below === null) return `${measured}; ${theory}, below every rate swept ✔`;
    return `${measured}; ${theory} lies between them ✔`;
  }
  return `${measured}; ${theory} lies outside that bracket ✘ (a budget too short to tell, or rounding at the edge)`;
}

function optimizerWords(setup: RunSetup): string {
  const className = kerasOptimizerClass(setup.optimizerName);
  const parts = kerasArguments(
    optimizerParams(setup.optimizerName).filter((spec) => spec.key !== "learningRate"),
    setup.optimizer.config as Readonly<Record<string, unknown>>,
    { always: setup.optimizerName === "momentum" ? ["momentum"] : [] },
  );
  return `${className}(${["learning_rate=swept", ...parts].join(", ")})`;
}

function scheduleWords(setup: RunSetup): string {
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
