/**
 * `lrlab demo`: the lesson told in the terminal, on the built-in data. A red line y = w·x + b must move
 * onto the green least-squares line; gradient descent gets it there, and the learning rate decides how:
 * too small crawls, a good rate arrives, a larger one jumps across the minimum, beyond the critical rate it
 * jumps out; decay settles into the minimum.
 */
import type { Command } from "commander";
import { BUILTIN_DATA, builtinData } from "../../core/data/data.js";
import { linearStats } from "../../core/data/stats.js";
import { trainAndJudge } from "../../core/judging/judged-run.js";
import type { Verdict } from "../../core/judging/verdict.js";
import { type LessonPlan, type LessonRateName, lessonPlan } from "../../core/lesson/lesson.js";
import { roundDownSignificant } from "../../core/theory/fastest-rate.js";
import { linearMseTheory } from "../../core/theory/theory.js";
import { DEFAULT_RUN_CONFIG, type RunConfig } from "../../core/training/run-config.js";
import type { TrainResult } from "../../core/training/train.js";
import { formatAbove, formatExact, formatPercent, formatSteps } from "../../render/numbers.js";
import { OUTCOME_WORDS } from "../../render/verdict-words.js";
import { formatCount, formatLine, formatNumber, sparkline } from "../format.js";
import type { Io } from "../io.js";

const STEPS = 30;

export function registerDemo(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command("demo")
    .description(`the lesson in the terminal on the built-in data (${BUILTIN_DATA.description})`)
    .action(() => {
      io.stdout(demoText());
      setExitCode(0);
    });
}

export function demoText(): string {
  const data = builtinData();
  const stats = linearStats(data);
  const theory = linearMseTheory(stats);
  const { optimum, criticalLearningRate: critical, optimalLearningRate: optimal } = theory;
  const plan = lessonPlan(DEFAULT_RUN_CONFIG, data, { stats, theory, steps: STEPS }) as LessonPlan;
  const rateOf = (name: LessonRateName) =>
    plan.rates.find((rate) => rate.name === name)?.learningRate as number;
  const judged = (config: Partial<RunConfig>) =>
    trainAndJudge({ ...DEFAULT_RUN_CONFIG, steps: STEPS, divergeFactor: 1e12, ...config }, data, {
      stats,
      theory,
    });
  const out: string[] = [];
  const say = (text = "") => out.push(text);

  say("lrlab demo: choosing a learning rate, told on the built-in data");
  say();
  say(`${BUILTIN_DATA.n} points are scattered about the line y = 2x + 1. A red line y = w·x + b starts flat`);
  say(`(w = 0, b = 0) and must move onto the green line that fits them best, the least-squares line`);
  say(
    `  ${formatLine(optimum.w, optimum.b)}, whose mean squared error (MSE) is ${formatNumber(optimum.loss)}.`,
  );
  say("Guessing w and b at random takes forever, so we follow the gradient of the MSE downhill, as");
  say("backpropagation does. The learning rate scales each step. For this data the theory is exact:");
  say(
    `  the loss curves up ${formatNumber(theory.hessianEigenvalues[0])} in its sharpest direction and ${formatNumber(theory.hessianEigenvalues[1])} in its flattest,`,
  );
  say(
    `  so above lr ${formatNumber(1 / theory.hessianEigenvalues[0])} (= 1/λmax) each step jumps across the minimum, and above lr ${formatNumber(critical)}`,
  );
  say("  (= 2/λmax, the critical rate) each jump is longer than the last: out of the minimum.");
  const fastest = judged({ learningRate: rateOf("good") }).verdict.fastest;
  if (fastest) {
    say(
      `  From this start lr ${formatExact(fastest.learningRate)} gets there in the fewest steps (${fastest.steps}); lr ${formatNumber(optimal)} (= ${theory.optimalFormula})`,
    );
    say("  is the best worst-case rate, whatever the start.");
  }
  say();

  const runs = plan.rates.map((rate) => ({ ...rate, ...judged({ learningRate: rate.learningRate }) }));
  const startLoss = runs[0]?.run.history.loss[0] as number;
  say(
    `Four learning rates, ${STEPS} full-batch steps each. Loss per step, log scale from ${formatNumber(optimum.loss)} (optimum)`,
  );
  say(`to ${formatNumber(startLoss)} (start):`);
  say();
  const nameWidth = Math.max(...runs.map((run) => OUTCOME_WORDS[run.name].length));
  const rateWidth = Math.max(...runs.map((run) => formatExact(run.learningRate).length));
  for (const { name, learningRate, run, verdict } of runs) {
    const losses = [...run.history.loss];
    const line = sparkline(losses, optimum.loss, startLoss);
    say(
      `  ${OUTCOME_WORDS[name].padEnd(nameWidth)}  lr ${formatExact(learningRate).padEnd(rateWidth)}  ${line.padEnd(STEPS + 1)} ${rateStory(run, verdict)}`,
    );
  }
  say();
  const around = runs.find((run) => run.name === "jumps-around");
  if (around) {
    const ws = [...around.run.history.w.slice(0, 7)].map((w) => formatNumber(w, 3));
    say(
      `Jumping around means overshooting: at lr ${formatExact(around.learningRate)} the slope w goes ${ws.join(", ")}, …`,
    );
    say(
      `around w* = ${formatNumber(optimum.w, 3)}, closing in slowly. Above ${formatNumber(critical)} the jumps grow instead: out of the minimum.`,
    );
  }
  const out_ = runs.find((run) => run.name === "jumps-out");
  if (out_) {
    const lossAt = (k: number) => formatNumber(out_.run.history.loss[k] as number, 3);
    say(
      `At lr ${formatExact(out_.learningRate)} the loss goes ${[0, 1, 2, 3].map(lossAt).join(", ")}, … and ${lossAt(10)}, ${lossAt(20)}, ${lossAt(STEPS)} at steps 10, 20, ${STEPS}.`,
    );
  }
  say();
  const small = runs.find((run) => run.name === "too-small");
  const good = runs.find((run) => run.name === "good");
  if (small && good) {
    say(
      `To get within 0.1% of the optimum: lr ${formatExact(small.learningRate)} needs ${formatSteps(small.verdict.stepsNeeded ?? 0)}, lr ${formatExact(good.learningRate)} needs ${formatSteps(good.verdict.stepsNeeded ?? 0)}.`,
    );
    say();
  }

  // Decay: mini-batch noise keeps a constant rate bouncing; a decaying rate settles. And a rate that
  // jumps out can be brought back by decay.
  const batchSize = 10;
  const epochs = 40;
  const stepsPerEpoch = Math.ceil(BUILTIN_DATA.n / batchSize);
  const decayLearningRate = roundDownSignificant(0.5 * critical, 1);
  const minibatch = { batchSize, steps: null, epochs, seed: 1, divergeFactor: 1e6 } as const;
  const constant = judged({ ...minibatch, learningRate: decayLearningRate });
  const decayRate = 0.01;
  const decayed = judged({
    ...minibatch,
    learningRate: decayLearningRate,
    schedule: { name: "exponential", args: { decayRate } },
  });
  const percent = ({ verdict }: { verdict: Verdict }) =>
    verdict.relativeGap !== null && verdict.relativeGap < 1e-4
      ? "less than 0.01%"
      : formatAbove(verdict.gap ?? 0, verdict.relativeGap, optimum.loss).replace(" above the best loss", "");
  say(
    `Decay settles into the minimum. With mini-batches of ${batchSize} points (shuffled with seed 1) each step sees a`,
  );
  say(
    `noisy gradient, so a constant rate keeps bouncing around the minimum; a rate that decays to ${formatPercent(decayRate)} of its start over the run settles.`,
  );
  say(
    `After ${epochs} epochs (${formatCount(epochs * stepsPerEpoch)} steps) the loss is above the optimum by:`,
  );
  const totalSteps = epochs * stepsPerEpoch;
  const constantLabel = `constant lr ${formatExact(decayLearningRate)}`;
  const decayLabel = `ExponentialDecay(${formatExact(decayLearningRate)}, decay_steps=${totalSteps}, decay_rate=${decayRate})`;
  const width = Math.max(constantLabel.length, decayLabel.length) + 2;
  say(`  ${constantLabel.padEnd(width)}${percent(constant)} (${OUTCOME_WORDS[constant.verdict.outcome]})`);
  say(`  ${decayLabel.padEnd(width)}${percent(decayed)} (${OUTCOME_WORDS[decayed.verdict.outcome]})`);
  const rescueRate = roundUpRate(1.6 * critical);
  const rescued = judged({
    learningRate: rescueRate,
    steps: 100,
    schedule: { name: "exponential", args: { decayRate } },
  });
  if (rescued.verdict.outcome === "rescued-by-decay" && rescued.verdict.crossedBoundAt !== null) {
    say(
      `Decay even rescues a rate that jumps out: lr ${formatExact(rescueRate)} decaying to 1% over 100 steps falls below ${formatNumber(critical)} at`,
    );
    say(
      `step ${rescued.verdict.crossedBoundAt}; the loss climbs to ${formatNumber(Math.max(...rescued.run.history.loss), 3)}, then comes back and ${rescued.verdict.reached ? "settles within 0.1% of the optimum" : "closes in"}.`,
    );
  }
  say();
  say("Try it yourself:");
  if (out_)
    say(`  npx lrlab fit --lr ${formatExact(out_.learningRate)}     # watch it jump out, and read the hint`);
  say(`  npx lrlab fit --optimizer adam --lr 0.1 --steps 300`);
  say(
    `  npx lrlab fit --batch-size ${batchSize} --epochs ${epochs} --seed 1 --lr ${formatExact(decayLearningRate)} --schedule exponential --decay-rate ${decayRate}`,
  );
  say("  npx lrlab fit --help");
  return `${out.join("\n")}\n`;
}

/** After the sparkline: the final loss and the outcome, in the verdict's words. */
function rateStory(run: TrainResult, verdict: Verdict): string {
  const loss = formatNumber(run.final.loss, 4);
  const word = OUTCOME_WORDS[verdict.outcome];
  if (run.status === "diverged") return `blew up at step ${run.divergedAtStep}: ${word}`;
  return `loss ${loss}: ${word}`;
}

/** Two significant digits, rounded up: a rate meant to sit above a bound stays above it. */
function roundUpRate(value: number): number {
  const down = roundDownSignificant(value, 2);
  return down === value ? value : Number((down + 10 ** (Math.floor(Math.log10(down)) - 1)).toPrecision(2));
}
