/**
 * The lesson's first idea, as a baseline: guess (w, b) at random and keep the best guess.
 *
 * Guesses are uniform in a box scaled to the data (slopes up to 3·σy/σx either way, intercepts that put
 * the line within 3σy of the data's middle), drawn from a seeded generator. Beside it, the number of loss
 * evaluations gradient descent needs to do as well shows why we follow the gradient instead.
 */
import type { Dataset } from "../data/data.js";
import { type LinearStats, linearStats, mseAt } from "../data/stats.js";
import { LrlabError } from "../errors.js";
import { batchKernel, DEFAULT_HUBER_DELTA, type LossName } from "../models/losses.js";
import { sgd } from "../optimizers/sgd.js";
import { createRandom } from "../random.js";
import { train } from "../training/train.js";

export interface RandomSearchOptions {
  /** How many guesses (default 1000). */
  trials?: number;
  seed?: number;
  loss?: LossName;
  huberDelta?: number;
  /** The box; default: scaled to the data (see {@link searchBox}). */
  wRange?: readonly [number, number];
  bRange?: readonly [number, number];
}

export interface RandomSearchResult {
  trials: number;
  box: { w: [number, number]; b: [number, number] };
  /** The best guess, and after how many guesses it was found (1-based). */
  best: { w: number; b: number; loss: number; evaluations: number };
  /** Every improvement: the loss of the best guess so far, after that many guesses. */
  progress: { evaluations: number; loss: number }[];
}

/** The default box: slopes within ±3σy/σx, intercepts that keep the line within 3σy of (x̄, ȳ). */
export function searchBox(stats: LinearStats): { w: [number, number]; b: [number, number] } {
  const sx = Math.sqrt(stats.sxx / stats.n);
  const sy = Math.sqrt(stats.syy / stats.n);
  const spread = sy > 0 ? sy : Math.max(1, Math.abs(stats.meanY));
  const slope = sx > 0 ? (3 * spread) / sx : 3 * spread;
  const reach = 3 * spread + Math.abs(stats.meanX) * slope;
  return { w: [-slope, slope], b: [stats.meanY - reach, stats.meanY + reach] };
}

export function randomSearch(data: Dataset, options: RandomSearchOptions = {}): RandomSearchResult {
  const { trials = 1000, seed = 0, loss = "mse", huberDelta = DEFAULT_HUBER_DELTA } = options;
  if (!Number.isInteger(trials) || trials < 1) {
    throw new LrlabError("E_BAD_ARGUMENT", `trials: expected an integer ≥ 1, got ${trials}`);
  }
  const stats = linearStats(data);
  const box = {
    w: [...(options.wRange ?? searchBox(stats).w)] as [number, number],
    b: [...(options.bRange ?? searchBox(stats).b)] as [number, number],
  };
  for (const [name, [low, high]] of [
    ["wRange", box.w],
    ["bRange", box.b],
  ] as const) {
    if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
      throw new LrlabError(
        "E_BAD_ARGUMENT",
        `${name}: expected two finite numbers low < high, got ${low}:${high}`,
      );
    }
  }
  const lossAt = lossFunction(data, stats, loss, huberDelta);
  const random = createRandom(seed);
  const best = { w: Number.NaN, b: Number.NaN, loss: Number.POSITIVE_INFINITY, evaluations: 0 };
  const progress: { evaluations: number; loss: number }[] = [];
  for (let trial = 1; trial <= trials; trial++) {
    const w = box.w[0] + (box.w[1] - box.w[0]) * random.uniform();
    const b = box.b[0] + (box.b[1] - box.b[0]) * random.uniform();
    const value = lossAt(w, b);
    if (value < best.loss) {
      Object.assign(best, { w, b, loss: value, evaluations: trial });
      progress.push({ evaluations: trial, loss: value });
    }
  }
  return { trials, box, best, progress };
}

/** The loss on all the data at (w, b): O(1) for MSE, one pass otherwise. */
function lossFunction(data: Dataset, stats: LinearStats, loss: LossName, huberDelta: number) {
  if (loss === "mse") return (w: number, b: number) => mseAt(stats, w, b);
  const kernel = batchKernel(loss, huberDelta);
  const order = Uint32Array.from({ length: data.x.length }, (_, i) => i);
  const grad = new Float64Array(2);
  return (w: number, b: number) => kernel(data.x, data.y, order, 0, order.length, w, b, grad);
}

/**
 * How many loss evaluations full-batch gradient descent needs to reach `target`: one per step, counting
 * the start (so a start already at the target needs 1); null if it does not within `maxSteps`.
 */
export function gradientDescentEvaluationsToReach(
  data: Dataset,
  target: number,
  {
    learningRate,
    loss = "mse",
    huberDelta = DEFAULT_HUBER_DELTA,
    initialW = 0,
    initialB = 0,
    maxSteps = 100_000,
  }: {
    learningRate: number;
    loss?: LossName;
    huberDelta?: number;
    initialW?: number;
    initialB?: number;
    maxSteps?: number;
  },
): number | null {
  let reachedAt: number | null = null;
  const run = train(data, {
    optimizer: sgd({ learningRate }),
    loss,
    huberDelta,
    initialW,
    initialB,
    steps: maxSteps,
    historyEvery: maxSteps + 1,
    // The batch is all the data, so each batch loss is the loss at the step's start.
    onBatchEnd: (step, batchLoss) => {
      if (batchLoss <= target) reachedAt = step + 1;
      return reachedAt !== null;
    },
  });
  if (reachedAt === null && run.final.loss <= target) reachedAt = run.steps + 1;
  return reachedAt;
}
