/**
 * The words `lrlab sweep --model …` prints for a person: the setup, the stability at the start, a table of
 * the runs with the optimizer's bound drawn across it, the best rate and the boundary.
 */
import { LOSS_DIGITS, tiedWith } from "../../core/choosing/best-run.js";
import type { ModelSweepResult, ModelSweepRun } from "../../core/choosing/model-sweep.js";
import { OUTCOMES } from "../../core/judging/verdict.js";
import {
  modelTitle,
  noBestRateWords,
  regimeBasisWords,
  stabilityWords,
  standardizeWords,
  startWords,
} from "../../render/model-words.js";
import { distinctNumbers, formatSteps } from "../../render/numbers.js";
import { OUTCOME_WORDS, outcomeMeaning } from "../../render/verdict-words.js";
import { formatCount, formatNumber, formatTable, wrap } from "../format.js";
import type { ModelSweepComputation } from "./sweep-model.js";
import { optimizerWords, scheduleWords } from "./sweep-text.js";

const WIDTH = 100;
const LABEL = 10;

export function describeModelSweep(
  { setup, learningRates, result, resolved }: ModelSweepComputation,
  { listed, out }: { listed: boolean; out: string | undefined },
): string {
  const { prepared, config, data, columnNames } = setup;
  const n = prepared.data.targets.length;
  const batch = Math.min(config.batchSize ?? n, n);
  const { stability } = result;
  // A hanging indent: every line of the text as wide as the first.
  const row = (label: string, text: string) =>
    `${label.padEnd(LABEL)}${wrap(text, WIDTH - LABEL, "")
      .split("\n")
      .join(`\n${" ".repeat(LABEL)}`)}`;
  const lines: string[] = [];
  lines.push(
    `lrlab sweep: ${modelTitle(prepared)}, ${formatCount(prepared.model.parameterCount)} parameters, on ${data.source}`,
  );
  lines.push(
    `  x = ${columnNames.map((name) => JSON.stringify(name)).join(", ")}, y = ${JSON.stringify(data.yName)}, ${formatSteps(n, "point")}`,
  );
  const batchWords =
    batch === n ? `full batch (${formatSteps(n, "point")})` : `batch size ${formatCount(batch)}`;
  const optimizer = { optimizerName: config.optimizer.name, optimizer: resolved.optimizer };
  lines.push(
    `  loss ${prepared.model.loss.name} · ${optimizerWords(optimizer)} · ${scheduleWords(resolved)} · ${batchWords} · ${formatCount(resolved.totalSteps)} steps per run`,
  );
  const rate = rateFormat(learningRates, result);
  const first = learningRates[0] as number;
  const last = learningRates.at(-1) as number;
  const spacing = !listed && learningRates.length > 2 ? ", log-spaced" : "";
  const batches = batch < n ? ` and sees the same batches (seed ${config.seed})` : "";
  const span =
    learningRates.length === 1
      ? `1 rate, ${rate(first)}`
      : `${formatCount(learningRates.length)} rates from ${rate(first)} to ${rate(last)}${spacing}`;
  lines.push(
    `  ${wrap(`${span}; every run starts from ${startWords(prepared, config, setup.initSource)}${batches}; the runs go one after another`, WIDTH - 2, "  ")}`,
  );
  lines.push("");

  lines.push(
    stability.basis === "exact" ? "Theory (exact, at every point)" : "Stability at the start (measured)",
  );
  for (const line of stabilityWords(stability, config.optimizer.name, undefined, prepared))
    lines.push(`  ${wrap(line, WIDTH - 2, "    ")}`);
  const standardized = standardizeWords(prepared);
  if (standardized) lines.push(`  ${wrap(standardized, WIDTH - 2, "    ")}`);
  lines.push("");

  lines.push(runsTable(result, rate));
  lines.push("");
  lines.push(row("Best", bestWords(result, rate)));
  lines.push(row("Boundary", boundaryWords(result, rate)));
  const sharpnessCanDecide = batch === n && resolved.constantRate && stability.bounds !== null;
  if (hasOutcomes(result.runs))
    lines.push(
      row(
        "Outcomes",
        outcomeWords(
          result.runs,
          stability.basis === "exact" && result.boundary.criticalLearningRate !== null,
        ),
      ),
    );
  lines.push(row("Regimes", regimesWords(result.runs, sharpnessCanDecide)));
  if (out !== undefined) lines.push(row("Wrote", out));
  return `${lines.join("\n")}\n`;
}

/** Every rate the sweep's words print, with the digits that tell them apart. */
function rateFormat(learningRates: readonly number[], { stability }: ModelSweepResult) {
  return distinctNumbers([
    ...learningRates,
    stability.criticalLearningRate,
    ...(stability.bounds ? [stability.bounds.critical.learningRate] : []),
  ]);
}

/**
 * The sweep's conclusions in the words `lrlab sweep --model` prints on its Best and Boundary lines (the
 * report says them too).
 */
export function modelSweepConclusions({
  learningRates,
  result,
}: Pick<ModelSweepComputation, "learningRates" | "result">): {
  best: string;
  boundary: string;
} {
  const rate = rateFormat(learningRates, result);
  return { best: bestWords(result, rate), boundary: boundaryWords(result, rate) };
}

function bestWords(result: ModelSweepResult, rate: (value: number) => string): string {
  if (result.stalledStart)
    return "none: a stalled start. The gradient at these starting weights vanishes (saturated units: the loss is flat here), so every run ended where it began; the start is the cause, not the rate: start from smaller weights.";
  if (result.lowestWithoutMinimum) return noBestRateWords(result.lowestWithoutMinimum, rate);
  if (!result.best) return "none: every rate diverged; try smaller rates.";
  const { best } = result;
  const reached = best.reached === true ? "; it reached the least-squares optimum" : "";
  const tied = tiedWith(result.runs, best);
  // A tie as printed goes to the smallest rate (best-run.ts): say so, or the larger rates look overlooked.
  const tie =
    tied.length === 0
      ? ""
      : `; ${tied.length === 1 ? "1 larger rate ends" : `${tied.length} larger rates, up to lr ${rate((tied.at(-1) as ModelSweepRun).learningRate)}, end`} at the same loss to ${LOSS_DIGITS} digits, and on a tie the smallest rate is best (the most stable)`;
  return `lr ${rate(best.learningRate)}: the lowest final loss (${formatNumber(best.finalLoss, LOSS_DIGITS)}) of the runs that did not diverge${reached}${tie}.`;
}

/** The runs, one row each, with the optimizer's bound at the start drawn across the table where it falls. */
function runsTable(result: ModelSweepResult, rate: (value: number) => string): string {
  const { runs, best, boundary, stability, lowestWithoutMinimum: lowest } = result;
  const notes = (run: ModelSweepRun): string => {
    const parts: string[] = [];
    if (best && run.learningRate === best.learningRate) parts.push("← best");
    if (lowest && run.learningRate === lowest.learningRate) parts.push("← lowest loss (no best rate)");
    if (run.learningRate === boundary.largestNonDiverged && boundary.smallestDiverged !== null)
      parts.push("largest not diverging");
    if (run.learningRate === boundary.smallestDiverged) parts.push("smallest diverging");
    if (run.status === "diverged") parts.push(`stopped at step ${formatCount(run.divergedAtStep ?? 0)}`);
    if (run.edgeOfStability) parts.push("edge of stability");
    if (run.reluDied) parts.push("ReLU units died");
    return parts.join("; ");
  };
  // The linear family's runs have the lesson's outcome (the line's rule), shown as the line's sweep shows it.
  const outcomes = hasOutcomes(runs);
  const table = formatTable(
    [
      { header: "lr" },
      ...(outcomes ? [{ header: "outcome", align: "left" as const }] : []),
      { header: "final loss" },
      { header: "status", align: "left" as const },
      { header: "regime", align: "left" as const },
      { header: "", align: "left" as const },
    ],
    runs.map((run) => [
      rate(run.learningRate),
      ...(outcomes && run.outcome !== null ? [OUTCOME_WORDS[run.outcome]] : []),
      formatNumber(run.finalLoss, 5),
      run.status,
      run.regime,
      notes(run),
    ]),
  ).split("\n");
  const bound = stability.bounds?.critical;
  if (bound) {
    const index = runs.findIndex((run) => run.learningRate > bound.learningRate);
    const at = index === -1 ? runs.length : index;
    const how = stability.basis === "exact" ? "exact" : "measured at the start";
    table.splice(
      at + 1,
      0,
      `  ${"─".repeat(6)} ${bound.formula} = ${rate(bound.learningRate)} (${how}) ${"─".repeat(6)}`,
    );
  }
  // A printed rate that does not read back as the run's own gives a different run on a chaotic network
  // (tester12-cli-4 #14): say where the exact ones are.
  const rounded = runs.some((run) => Number(rate(run.learningRate).replace(/−/g, "-")) !== run.learningRate);
  if (rounded)
    table.push(
      "  (rates rounded for reading: the exact rates, to reproduce a row with fit --lr, are in --json)",
    );
  return table.join("\n");
}

/** The Boundary line: where the runs began to diverge, beside the bound at the start (exact or measured). */
function boundaryWords(result: ModelSweepResult, rate: (value: number) => string): string {
  const { boundary, stability } = result;
  const { largestNonDiverged: below, smallestDiverged: above, criticalLearningRate: critical } = boundary;
  let measured: string;
  if (above === null)
    measured = below === null ? "no rate diverged" : `no rate diverged up to lr ${rate(below)}`;
  else if (below === null) measured = `every rate diverged, down to lr ${rate(above)}`;
  else
    measured = `diverges between lr ${rate(below)} (the largest that did not) and ${rate(above)} (the smallest that did)`;
  if (!boundary.monotone)
    measured +=
      "; some larger rates did not diverge (noise, a schedule, or a run that found a flatter place)";
  const bound = stability.bounds?.critical;
  if (critical === null || boundary.rule === null) {
    if (bound) {
      return `${measured}. The bound at the start, ${bound.formula} = ${rate(bound.learningRate)}, is where full-batch SGD at a constant rate starts to diverge; mini-batches and schedules move it.`;
    }
    return `${measured}.`;
  }
  const source = boundary.basis === "exact" ? "theory" : "measured at the start";
  const stated = `${source}: ${boundary.rule} = ${rate(critical)}`;
  if (boundary.agrees) {
    if (above === null) return `${measured}; ${stated}, above every rate swept ✔`;
    if (below === null) return `${measured}; ${stated}, below every rate swept ✔`;
    return `${measured}; ${stated} lies between them ✔`;
  }
  // With nothing diverged (or everything) there is no bracket to lie outside: the bound is only stated.
  if (above === null || below === null) return `${measured}; ${boundary.rule} ${source} is ${rate(critical)}`;
  const why =
    boundary.basis === "exact"
      ? "a budget too short to tell, or rounding at the edge"
      : "the sharpness moves as the weights do: a large step can throw the run to a flatter place, and training can sharpen the valley, so the start's bound need not hold for the whole run";
  return `${measured}; ${stated} lies outside that bracket ✘ (${why})`;
}

/** What decided the runs' regimes, and how to get a sharper answer where it was only the loss. */
function regimesWords(runs: readonly ModelSweepRun[], sharpnessCanDecide: boolean): string {
  const bases = [...new Set(runs.filter((run) => run.status !== "diverged").map((run) => run.regimeBasis))];
  if (bases.length === 0) return "every run blew up: diverging.";
  const words = bases.map((basis) => regimeBasisWords(basis)).join("; ");
  const hint =
    bases.includes("run") && sharpnessCanDecide
      ? "; --track-sharpness K judges each run by the sharpness at its end instead"
      : "";
  return `${words} (a run that blew up is diverging)${hint}.`;
}

/** Whether every run has the lesson's outcome (the linear family under MSE). */
function hasOutcomes(runs: readonly ModelSweepRun[]): boolean {
  return runs.length > 0 && runs.every((run) => run.outcome !== null);
}

/** The outcomes the runs ended with, each with what it means, in the words of the line's sweep. */
function outcomeWords(runs: readonly ModelSweepRun[], exact: boolean): string {
  return OUTCOMES.filter((outcome) => runs.some((run) => run.outcome === outcome))
    .map((outcome) => `${OUTCOME_WORDS[outcome]}: ${outcomeMeaning(outcome, exact)}`)
    .join("; ");
}
