/**
 * `lrlab demo`: the lesson told in the terminal, on the built-in data. A red line y = w·x + b must move
 * onto the green least-squares line; gradient descent gets it there, and the learning rate decides how:
 * too small crawls, a good rate arrives, a larger one jumps across the minimum, beyond the critical rate it
 * jumps out; decay settles into the minimum.
 */
import type { Command } from "commander";
import { BUILTIN_DATA, builtinData } from "../../core/data.js";
import { sgd } from "../../core/optimizers/sgd.js";
import { exponentialDecay } from "../../core/schedules/exponential-decay.js";
import { linearStats } from "../../core/stats.js";
import { LESSON_RATE_NAMES, lessonRates, linearMseTheory, stepsToTolerance } from "../../core/theory.js";
import { type TrainResult, train } from "../../core/train.js";
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
  const closeGap = 1e-3 * optimum.loss;
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
    `  so steps larger than lr ${formatNumber(critical)} (= 2/λmax, the critical rate) overshoot further each time,`,
  );
  say(`  and lr ${formatNumber(optimal)} (= 2/(λmin + λmax)) is the fastest constant rate.`);
  say();

  const rates = lessonRates(theory).map((learningRate, i) => ({
    name: LESSON_RATE_NAMES[i] as string,
    learningRate,
  }));
  const runs = rates.map((rate) => ({
    ...rate,
    run: train(data, {
      optimizer: sgd({ learningRate: rate.learningRate }),
      steps: STEPS,
      divergeFactor: 1e12,
    }),
  }));
  const startLoss = runs[0]?.run.history.loss[0] as number;
  say(
    `Four learning rates, ${STEPS} full-batch steps each. Loss per step, log scale from ${formatNumber(optimum.loss)} (optimum)`,
  );
  say(`to ${formatNumber(startLoss)} (start):`);
  say();
  for (const { name, learningRate, run } of runs) {
    const losses = [...run.history.loss];
    const line = sparkline(losses, optimum.loss, startLoss);
    say(
      `  ${name.padEnd(11)} lr ${formatNumber(learningRate).padEnd(6)} ${line.padEnd(STEPS + 1)} ${rateStory(run, learningRate)}`,
    );
  }
  say();
  const oscillating = runs[2]?.run as TrainResult;
  const ws = [...oscillating.history.w.slice(0, 7)].map((w) => formatNumber(w, 3));
  say(
    `Oscillating means jumping across the minimum: at lr ${formatNumber(rates[2]?.learningRate)} the slope w goes ${ws.join(", ")}, …`,
  );
  say(
    `around w* = ${formatNumber(optimum.w, 3)}, closing in slowly. Above ${formatNumber(critical)} the jumps grow instead: out of the minimum.`,
  );
  const diverging = runs[3]?.run as TrainResult;
  const lossAt = (k: number) => formatNumber(diverging.history.loss[k] as number, 3);
  say(
    `At lr ${formatNumber(rates[3]?.learningRate)} the loss goes ${[0, 1, 2, 3].map(lossAt).join(", ")}, … and ${lossAt(10)}, ${lossAt(20)}, ${lossAt(STEPS)} at steps 10, 20, ${STEPS}.`,
  );
  say();

  const slowSteps = stepsToTolerance(stats, theory, {
    learningRate: 0.01,
    initialW: 0,
    initialB: 0,
    tolerance: closeGap,
  });
  const goodSteps = stepsToTolerance(stats, theory, {
    learningRate: rates[1]?.learningRate as number,
    initialW: 0,
    initialB: 0,
    tolerance: closeGap,
  });
  say(
    `To get within 0.1% of the optimum: lr 0.01 needs ${formatCount(slowSteps ?? Number.NaN)} steps, lr ${formatNumber(rates[1]?.learningRate)} needs ${formatCount(goodSteps ?? Number.NaN)}.`,
  );
  say();

  // Decay: mini-batch noise keeps a constant rate bouncing; a decaying rate settles.
  const batchSize = 10;
  const epochs = 40;
  const stepsPerEpoch = Math.ceil(BUILTIN_DATA.n / batchSize);
  const decayLearningRate = roundTo(0.5 * critical, 1);
  const constant = train(data, {
    optimizer: sgd({ learningRate: decayLearningRate }),
    batchSize,
    epochs,
    seed: 1,
  });
  const decaySteps = 5 * stepsPerEpoch;
  const decayed = train(data, {
    optimizer: sgd(),
    learningRate: exponentialDecay({ initialLearningRate: decayLearningRate, decaySteps, decayRate: 0.5 }),
    batchSize,
    epochs,
    seed: 1,
  });
  const percent = (run: TrainResult) =>
    `${formatNumber((100 * (run.final.loss - optimum.loss)) / optimum.loss, 2)}%`;
  say(
    `Decay settles into the minimum. With mini-batches of ${batchSize} points each step sees a noisy gradient, so a`,
  );
  say(
    `constant rate keeps bouncing around the minimum; halving the rate every ${decaySteps} steps lets it settle.`,
  );
  say(
    `After ${epochs} epochs (${formatCount(epochs * stepsPerEpoch)} steps) the loss is above the optimum by:`,
  );
  const constantLabel = `constant lr ${formatNumber(decayLearningRate)}`;
  const decayLabel = `ExponentialDecay(${formatNumber(decayLearningRate)}, decay_steps=${decaySteps}, decay_rate=0.5)`;
  const width = Math.max(constantLabel.length, decayLabel.length) + 2;
  say(`  ${constantLabel.padEnd(width)}${percent(constant)}`);
  say(`  ${decayLabel.padEnd(width)}${percent(decayed)}`);
  say();
  say("Try it yourself:");
  say(
    `  npx lrlab fit --lr ${formatNumber(rates[3]?.learningRate)}     # watch it diverge, and read the hint`,
  );
  say(`  npx lrlab fit --optimizer adam --lr 0.1 --steps 300`);
  say(
    `  npx lrlab fit --batch-size 10 --epochs 40 --lr ${formatNumber(decayLearningRate)} --schedule exponential --decay-steps ${decaySteps} --decay-rate 0.5`,
  );
  say("  npx lrlab fit --help");
  return `${out.join("\n")}\n`;
}

function rateStory(run: TrainResult, learningRate: number): string {
  const loss = formatNumber(run.final.loss, 4);
  if (run.status === "diverged") return `diverged at step ${run.divergedAtStep}`;
  const last = run.history.loss[run.history.length - 1] as number;
  const first = run.history.loss[0] as number;
  if (last > first) return `loss ${loss}: jumping out`;
  return learningRate < 0.05 ? `loss ${loss}: crawling` : `loss ${loss}`;
}

function roundTo(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}
