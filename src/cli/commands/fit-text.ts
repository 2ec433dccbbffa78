/**
 * The words `lrlab fit` prints for a person: the setup, the theory, a few sampled steps, the result and a
 * verdict with a hint when the learning rate is the problem.
 */
import { optimizerParams } from "../../core/optimizers/registry.js";
import type { ParamSpec } from "../../core/params.js";
import { SCHEDULES, type ScheduleName } from "../../core/schedules/registry.js";
import type { LinearMseTheory } from "../../core/theory.js";
import { contractionFactors } from "../../core/theory.js";
import type { TrainResult } from "../../core/train.js";
import { CLOSE_RELATIVE_GAP, type Verdict } from "../../core/verdict.js";
import { formatCount, formatLine, formatNumber, formatRatio, formatTable, wrap } from "../format.js";
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
  if (setup.inputs.length > 0) {
    lines.push(`  x = ${quoteName(data.xName)}, y = ${quoteName(data.yName)}, ${formatCount(n)} points`);
  }
  lines.push(
    `  loss ${lossName(setup)} · ${optimizerCall(setup)} · ${scheduleCall(setup)} · ${batchWords(run, n)} · ${formatCount(run.requestedSteps)} steps`,
  );
  lines.push("");
  if (theory) {
    const [lambdaMax, lambdaMin] = theory.hessianEigenvalues;
    lines.push("Theory (exact for full-batch gradient descent on MSE)");
    lines.push(
      `  ideal line     ${formatLine(theory.optimum.w, theory.optimum.b)}, loss* ${formatNumber(theory.optimum.loss)}`,
    );
    lines.push(
      `  curvature      Hessian eigenvalues λmax ${formatNumber(lambdaMax)}, λmin ${formatNumber(lambdaMin)} (condition number ${formatNumber(theory.conditionNumber, 3)})`,
    );
    lines.push(
      `  critical rate  ${formatNumber(theory.criticalLearningRate)} = 2/λmax: above it each step overshoots further and gradient descent diverges`,
    );
    lines.push(
      `  optimal rate   ${formatNumber(theory.optimalLearningRate)} = 2/(λmin + λmax): the fastest constant rate`,
    );
    if (run.stats?.degenerate)
      lines.push("  note           all x are equal: every line through the mean point fits equally well");
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
  lines.push(`Verdict  ${wrap(verdictWords(verdict, run, theory, setup), 100 - 9, "         ")}`);
  if (out !== undefined) lines.push(`Wrote    ${out}`);
  return `${lines.join("\n")}\n`;
}

function quoteName(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : JSON.stringify(name);
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

function optimizerCall(setup: RunSetup): string {
  const className = kerasOptimizerClass(setup.optimizerName);
  const specs = optimizerParams(setup.optimizerName);
  const always = setup.optimizerName === "momentum" ? ["learningRate", "momentum"] : ["learningRate"];
  return kerasCall(className, specs, setup.optimizer.config, always);
}

function scheduleCall(setup: RunSetup): string {
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
  if (run.batchSize === n) return `full batch (${formatCount(n)} points)`;
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

function percentAbove(gap: number, optimum: number): string {
  if (optimum <= 0) return `${formatNumber(gap)} above the optimum`;
  return `${formatNumber((100 * gap) / optimum, 3)}% above the optimum`;
}

function verdictWords(
  verdict: Verdict,
  run: TrainResult,
  theory: LinearMseTheory | null,
  setup: RunSetup,
): string {
  const lr = formatNumber(verdict.learningRate);
  const critical = verdict.criticalLearningRate;
  const ratio = verdict.criticalRatio;
  switch (verdict.kind) {
    case "diverged": {
      const start = `diverged: at step ${formatCount(run.divergedAtStep ?? run.steps)} the loss was past ${formatNumber(setup.trainOptions.divergeFactor ?? 1e6)}× its starting value.`;
      if (critical === null || ratio === null || verdict.suggestedLearningRate === null) {
        return `${start} Try a smaller learning rate, e.g. --lr ${formatNumber(verdict.learningRate / 10)}.`;
      }
      const momentum = (setup.optimizer.config as { momentum?: number }).momentum ?? 0;
      const which = momentum > 0 ? `critical rate for momentum ${formatNumber(momentum)}` : "critical rate";
      if (ratio > 1) {
        return `${start} lr ${lr} is ${formatRatio(ratio)} the ${which} ${formatNumber(critical)}: each step overshoots further; try ≤ ${formatNumber(verdict.suggestedLearningRate)}.`;
      }
      return `${start} lr ${lr} is below the ${which} ${formatNumber(critical)}, so the schedule or mini-batch noise pushed it out; try a smaller or decaying rate.`;
    }
    case "converged": {
      const gap = verdict.gap ?? 0;
      let text = `good: the line reached the optimum (loss ${percentAbove(gap, theory?.optimum.loss ?? 0)}).`;
      if (verdict.overshoots && theory) {
        text += ` Each step jumped across the minimum along the sharpest direction (lr > 1/λmax = ${formatNumber(1 / theory.hessianEigenvalues[0])}) but still closed in.`;
      }
      return text;
    }
    case "oscillating": {
      const [sharp] = theory ? contractionFactors(theory, verdict.learningRate) : [Number.NaN];
      return `oscillating: lr ${lr} is ${formatRatio(ratio ?? Number.NaN)} the critical rate ${formatNumber(critical)}; each step jumps across the minimum along the sharpest direction, shrinking only by ${formatNumber(sharp, 3)} per step. The optimal rate ${formatNumber(verdict.suggestedLearningRate)} gets within ${CLOSE_RELATIVE_GAP * 100}% of the optimum in ${stepsWords(verdict.stepsNeededAtOptimalRate)} (this rate: ${stepsWords(verdict.stepsNeeded)}).`;
    }
    case "too-slow": {
      const gap = verdict.gap ?? 0;
      const start = `too slow: after ${formatCount(run.steps)} steps the loss is still ${percentAbove(gap, theory?.optimum.loss ?? 0)}.`;
      if (verdict.stepsNeeded !== null || verdict.stepsNeededAtOptimalRate !== null) {
        const [, flat] = theory ? contractionFactors(theory, verdict.learningRate) : [Number.NaN, Number.NaN];
        return `${start} At lr ${lr} the flattest direction shrinks only by ${formatNumber(flat, 4)} per step: getting within ${CLOSE_RELATIVE_GAP * 100}% takes ${stepsWords(verdict.stepsNeeded)}; the optimal rate ${formatNumber(verdict.suggestedLearningRate)} takes ${stepsWords(verdict.stepsNeededAtOptimalRate)}.`;
      }
      return `${start} Run more steps or raise the rate${critical !== null ? ` (it diverges above ${formatNumber(critical)})` : ""}.`;
    }
    case "noisy":
      return `bouncing around the minimum: mini-batch noise keeps the loss ${percentAbove(verdict.gap ?? 0, theory?.optimum.loss ?? 0)}. Decay the rate to settle, e.g. --schedule exponential --decay-steps ${formatCount(Math.max(1, Math.round(run.requestedSteps / 5)))} --decay-rate 0.5.`;
    default:
      return `completed; ${setup.loss.toUpperCase()} has no closed-form critical rate, so compare rates with a sweep.`;
  }
}

function stepsWords(steps: number | null): string {
  if (steps === null) return "never";
  return `${formatCount(steps)} step${steps === 1 ? "" : "s"}`;
}
