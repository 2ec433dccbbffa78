/**
 * The words `lrlab fit` prints for a person: the setup, the theory, a few sampled steps, the result and a
 * verdict with a hint when the learning rate is the problem.
 */

import type { Verdict } from "../../core/judging/verdict.js";
import { optimizerParams } from "../../core/optimizers/registry.js";
import type { ParamSpec } from "../../core/params.js";
import { SCHEDULES, type ScheduleName } from "../../core/schedules/registry.js";
import { bestWorstCaseMeaning } from "../../core/theory/best-worst-case.js";
import type { LinearMseTheory } from "../../core/theory/theory.js";
import { rateKeyOf } from "../../core/training/run-config.js";
import type { TrainResult } from "../../core/training/train.js";
import { localBoundRow, localCurvatureWords } from "../../render/local-bound-words.js";
import { formatConditionNumber, formatExact, formatSteps } from "../../render/numbers.js";
import { closenessWords, type Speaker, verdictFactsOf, verdictWords } from "../../render/verdict-words.js";
import { formatCount, formatLine, formatNumber, formatTable, wrap } from "../format.js";
import { kerasArguments, kerasOptimizerClass } from "../keras-words.js";
import type { RunSetup } from "../run-options.js";

export interface FitText {
  setup: RunSetup;
  run: TrainResult;
  theory: LinearMseTheory | null;
  verdict: Verdict;
  out: string | undefined;
}

export function describeFit({ setup, run, theory, verdict, out }: FitText): string {
  const lines: string[] = [];
  const { data } = setup;
  const n = data.x.length;
  lines.push(`lrlab fit: y = w·x + b on ${data.source}`);
  if (setup.dataFile !== undefined) {
    // Quoted as the model faces quote them: a column name is the user's text, whatever it looks like.
    lines.push(
      `  x = ${JSON.stringify(data.xName)}, y = ${JSON.stringify(data.yName)}, ${formatSteps(n, "point")}`,
    );
  }
  lines.push(
    `  loss ${lossName(setup)} · ${optimizerCall(setup)} · ${scheduleCall(setup)} · ${batchWords(run, n)} · ${formatSteps(run.requestedSteps)}`,
  );
  if (setup.initSource !== undefined) {
    const { w, b } = setup.config.start;
    lines.push(`  start w = ${formatNumber(w)}, b = ${formatNumber(b)}, from --init ${setup.initSource}`);
  }
  lines.push("");
  if (theory) {
    lines.push(...theoryLines(theory, verdict, setup, run));
    lines.push("");
  } else if (verdict.localBound) {
    lines.push(...localLines(verdict, setup));
    lines.push("");
  }
  lines.push("Run");
  lines.push(sampledSteps(run));
  lines.push("");
  lines.push(`Result   ${resultWords(run)}`);
  if (theory)
    lines.push(
      `         ideal ${formatLine(theory.optimum.w, theory.optimum.b)}, loss* ${formatNumber(theory.optimum.loss)}`,
    );
  const words = verdictWords(
    verdict,
    verdictFactsOf(run, {
      bestLoss: theory?.optimum.loss ?? null,
      optimizer: setup.optimizer,
      loss: setup.loss,
    }),
    cliSpeaker(setup),
  );
  lines.push(`Verdict  ${wrap(`${words.title}. ${words.text}`, 100 - 9, "         ")}`);
  if (out !== undefined) lines.push(`Wrote    ${out}`);
  return `${lines.join("\n")}\n`;
}

/** How the CLI offers a rate, a momentum, a decay and a rescaling: as flags to copy. */
export const CLI_SPEAKER: Speaker = {
  rate: (value) => `--lr ${formatExact(value)}`,
  momentum: (value) => `--momentum ${formatExact(value)}`,
  decay: "--schedule exponential --decay-rate 0.01 (the rate falls to 1% of its start over the run)",
  rescale: "standardize x (subtract its mean, divide by its standard deviation) and fit again",
  constant: " with no --schedule",
};

/**
 * How the CLI offers a rate for this setup: `--lr`, except where the schedule's values are the rates
 * (`--schedule piecewise` refuses `--lr`): there a constant rate is every value set to it.
 */
export function cliSpeaker(setup: Pick<RunSetup, "config">): Speaker {
  const { name, args } = setup.config.schedule;
  if (rateKeyOf(name) !== undefined) return CLI_SPEAKER;
  const count = Array.isArray(args.values) ? args.values.length : 1;
  return {
    ...CLI_SPEAKER,
    rate: (value) => `--values ${Array(count).fill(formatExact(value)).join(",")}`,
    constant: "",
  };
}

/** The theory block: the optimum, the curvature, and the bounds of the optimizer actually used. */
function theoryLines(theory: LinearMseTheory, verdict: Verdict, setup: RunSetup, run: TrainResult): string[] {
  const [lambdaMax, lambdaMin] = theory.hessianEigenvalues;
  const lines = ["Theory (exact for full-batch gradient descent on MSE)"];
  const row = (label: string, text: string) =>
    lines.push(`  ${label.padEnd(17)}${wrap(text, 100 - 19, " ".repeat(19))}`);
  row(
    "ideal line",
    `${formatLine(theory.optimum.w, theory.optimum.b)}, loss* ${formatNumber(theory.optimum.loss)}`,
  );
  row(
    "curvature",
    `Hessian eigenvalues λmax ${formatNumber(lambdaMax)}, λmin ${formatNumber(lambdaMin)} (condition number ${formatConditionNumber(theory.conditionNumber)})`,
  );
  const plain = `plain gradient descent: ${formatNumber(theory.criticalLearningRate)}`;
  const momentum = (setup.optimizer.config as { momentum?: number }).momentum ?? 0;
  if (verdict.criticalLearningRate === null) {
    row(
      "critical rate",
      `none for ${setup.optimizerName}: it rescales each step by its gradient statistics, so the run itself says whether it diverges (${plain})`,
    );
  } else if (setup.optimizer.name === "sgd" && momentum > 0) {
    row(
      "critical rate",
      `${formatNumber(verdict.criticalLearningRate)} = ${verdict.criticalFormula} for SGD with momentum β = ${formatNumber(momentum)}: above it the run diverges (${plain})`,
    );
  } else {
    row(
      "critical rate",
      `${formatNumber(verdict.criticalLearningRate)} = ${verdict.criticalFormula}: above it each step overshoots further and gradient descent diverges${verdict.criticalIsExact ? "" : "; with mini-batches it bounds the average step, and noise can blow a run up below it"}`,
    );
  }
  if (verdict.overshootLearningRate !== null && verdict.criticalIsExact) {
    row(
      "overshoot",
      `${formatNumber(verdict.overshootLearningRate)}: above it each step jumps across the minimum`,
    );
  }
  if (verdict.fastest) {
    row(
      "fastest rate",
      `${formatExact(verdict.fastest.learningRate)} from this start: ${closenessWords(verdict)} in ${formatSteps(verdict.fastest.steps)}, the fewest of any constant rate`,
    );
  }
  if (verdict.fastest) {
    // Plain gradient descent's own numbers: with momentum or an adaptive optimizer they do not apply.
    row(
      "best worst-case",
      `${formatNumber(theory.optimalLearningRate)} = ${theory.optimalFormula}: ${bestWorstCaseMeaning(theory.optimalFormula)}`,
    );
  }
  if (verdict.momentumPair) {
    row(
      "momentum pair",
      `--lr ${formatExact(verdict.momentumPair.learningRate)} --momentum ${formatExact(verdict.momentumPair.momentum)}: every direction shrinks by ${formatNumber(verdict.momentumPair.contraction, 3)} per step (${(setup.optimizer.config as { nesterov?: boolean }).nesterov ? "Nesterov's optimal tuning" : "Polyak's optimal heavy ball"})`,
    );
  }
  if (run.stats?.degenerate)
    row("note", "all x are equal: every line through the mean point fits equally well");
  if (verdict.illConditioned) {
    row(
      "warning",
      `condition number ${formatConditionNumber(theory.conditionNumber)}: no constant rate serves both directions; standardize x`,
    );
  }
  return lines;
}

/**
 * Huber's block: no closed form, but near the best line the curvature is known, and with it the rate above
 * which the run cannot settle there (core/local-bound.ts).
 */
function localLines(verdict: Verdict, setup: RunSetup): string[] {
  const bound = verdict.localBound;
  if (!bound) return [];
  const lines = ["Near the best line (Huber has no closed form: the curvature where the run settles)"];
  const row = (label: string, text: string) =>
    lines.push(`  ${label.padEnd(17)}${wrap(text, 100 - 19, " ".repeat(19))}`);
  row(
    "best line",
    `${formatLine(bound.at.w, bound.at.b)}, best loss ${formatNumber(verdict.bestLoss)} (iteratively reweighted least squares)`,
  );
  row("curvature", localCurvatureWords(bound));
  row(
    "critical rate",
    bound.critical
      ? localBoundRow({ ...bound, critical: bound.critical })
      : `none for ${setup.optimizerName}: it rescales each step by its gradient statistics`,
  );
  return lines;
}

function lossName(setup: RunSetup): string {
  if (setup.loss === "huber") return `Huber(delta=${formatNumber(setup.trainOptions.huberDelta ?? 1)})`;
  return setup.loss.toUpperCase();
}

/** A Keras-style call showing the arguments that differ from the defaults, and always the rate. */
function kerasCall(
  className: string,
  specs: readonly ParamSpec[],
  values: Readonly<Record<string, unknown>>,
  always: readonly string[],
): string {
  return `${className}(${kerasArguments(specs, values, { always }).join(", ")})`;
}

/** `SGD(learning_rate=0.1, momentum=0.9)`: the optimizer as a Keras call. */
export function optimizerCall(setup: Pick<RunSetup, "optimizerName" | "optimizer">): string {
  const className = kerasOptimizerClass(setup.optimizerName);
  const specs = optimizerParams(setup.optimizerName);
  const always = setup.optimizerName === "momentum" ? ["learningRate", "momentum"] : ["learningRate"];
  return kerasCall(className, specs, setup.optimizer.config, always);
}

/** `ExponentialDecay(initial_learning_rate=…, …)`, or `constant rate`. */
export function scheduleCall(setup: Pick<RunSetup, "schedule">): string {
  const { name, className, args } = setup.schedule;
  if (name === "constant") return "constant rate";
  const entry = SCHEDULES[name as ScheduleName];
  const rateSpec: ParamSpec[] =
    entry.kind === "schedule" && entry.rateKey !== undefined
      ? [
          {
            key: entry.rateKey,
            keras: entry.rateKey === "maxLearningRate" ? "max_lr" : "initial_learning_rate",
            flag: "lr",
            kind: "number",
            description: "",
          },
        ]
      : [];
  return kerasCall(
    className,
    [...rateSpec, ...entry.params],
    args,
    rateSpec.map((spec) => spec.key),
  );
}

function batchWords(run: TrainResult, n: number): string {
  if (run.batchSize === n) return `full batch (${formatSteps(n, "point")})`;
  return `batch size ${formatCount(run.batchSize)} (${formatCount(run.stepsPerEpoch)} steps per epoch)`;
}

/** About a dozen rows: steps 0, 1, 2, 5, 10, 20, 50, … up to the last recorded step. */
function sampledSteps(run: TrainResult): string {
  const { history } = run;
  const last = history.length - 1;
  const lastStep = history.step[last] as number;
  const targets: number[] = [];
  for (let decade = 1; decade <= lastStep; decade *= 10) {
    for (const multiple of [1, 2, 5]) if (decade * multiple < lastStep) targets.push(decade * multiple);
  }
  const indices = new Set<number>([0]);
  let cursor = 0;
  for (const target of targets.slice(-10)) {
    while (cursor < last && (history.step[cursor + 1] as number) <= target) cursor++;
    indices.add(cursor);
  }
  indices.add(last);
  const rows = [...indices]
    .sort((a, b) => a - b)
    .map((i) => [
      formatCount(history.step[i] as number),
      formatCount(history.epoch[i] as number),
      formatNumber(history.learningRate[i] as number),
      formatNumber(history.loss[i] as number, 6),
      formatNumber(history.w[i] as number, 6),
      formatNumber(history.b[i] as number, 6),
    ]);
  return formatTable(
    [
      { header: "step" },
      { header: "epoch" },
      { header: "lr" },
      { header: "loss" },
      { header: "w" },
      { header: "b" },
    ],
    rows,
  );
}

function resultWords(run: TrainResult): string {
  const line = formatLine(run.final.w, run.final.b);
  const loss = formatNumber(run.final.loss, 6);
  switch (run.status) {
    case "diverged":
      return `diverged at step ${formatCount(run.divergedAtStep ?? run.steps)}: ${line}, loss ${loss}`;
    case "converged":
      return `converged at step ${formatCount(run.steps)} (gradient norm within the tolerance): ${line}, loss ${loss}`;
    default:
      return `completed ${formatCount(run.steps)} steps: ${line}, loss ${loss}`;
  }
}
