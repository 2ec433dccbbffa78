/**
 * Random guessing, in the worker: the core's `randomSearch` (seeded) decides the box, the best guess and
 * every improvement; the guesses themselves are drawn again here from the same seed, in the same order,
 * so that the page can show them one by one (lab-guesses.test.ts checks them against the core's
 * improvements). Beside each improvement, `gradientDescentEvaluationsToReach` says how many loss
 * evaluations full-batch gradient descent needs to do as well, and the loss of gradient descent at each
 * evaluation is recorded for the chart.
 */
import {
  closeness,
  createRandom,
  fastestRate,
  gradientDescentEvaluationsToReach,
  mseAt,
  randomSearch,
  sgd,
  train,
} from "../core/index.js";
import type { Loaded } from "./lab-run.js";
import type { GuessResult, RunConfig } from "./protocol.js";

/** Gradient descent is given at most this many steps to match a guess. */
export const GRADIENT_DESCENT_MAX_STEPS = 10_000;

/**
 * `trials` guesses from `seed`, the improvements, and gradient descent beside them: at the fastest constant
 * rate from the lesson's start for MSE (as `lrlab random-search`), else at the lesson's rate.
 */
export function guessesLab(loaded: Loaded, config: RunConfig, trials: number, seed: number): GuessResult {
  const { data, stats } = loaded;
  const { loss, huberDelta, initialW, initialB } = config;
  const search = randomSearch(data, { trials, seed, loss, huberDelta });
  // The core's draws, in its order: w then b for each trial, uniform in the box.
  const random = createRandom(seed);
  const w = new Float64Array(trials);
  const b = new Float64Array(trials);
  const guessLoss = new Float64Array(trials).fill(Number.NaN);
  const { box } = search;
  for (let trial = 0; trial < trials; trial++) {
    w[trial] = box.w[0] + (box.w[1] - box.w[0]) * random.uniform();
    b[trial] = box.b[0] + (box.b[1] - box.b[0]) * random.uniform();
    // Each guess's own loss is shown only where it is free (MSE); the improvements carry theirs.
    if (loss === "mse") guessLoss[trial] = mseAt(stats, w[trial] as number, b[trial] as number);
  }

  // The comparison is fairest to gradient descent at the rate that gets there fastest from the same start.
  const fastest =
    loss === "mse"
      ? fastestRate(stats, loaded.theory, {
          initialW,
          initialB,
          gap: closeness(stats, mseAt(stats, initialW, initialB)).gap,
        })
      : null;
  const optimal = fastest !== null;
  const learningRate = fastest?.learningRate ?? config.learningRate;
  const options = {
    learningRate,
    loss,
    huberDelta,
    initialW,
    initialB,
    maxSteps: GRADIENT_DESCENT_MAX_STEPS,
  };
  let unreachable = false;
  const progress = search.progress.map((entry) => {
    // The targets fall, so once gradient descent cannot reach one it reaches none of the later ones.
    const needed = unreachable ? null : gradientDescentEvaluationsToReach(data, entry.loss, options);
    if (needed === null) unreachable = true;
    const index = entry.evaluations - 1;
    return { ...entry, w: w[index] as number, b: b[index] as number, gradientDescent: needed };
  });
  const reached = progress.at(-1)?.gradientDescent ?? null;
  // Gradient descent's loss at each evaluation, for as many evaluations as the guessing makes (fewer for
  // MAE and Huber, where each costs a pass over the data: until it matches the best guess).
  const evaluations = Math.min(
    trials,
    loss === "mse" ? trials : (reached ?? 100),
    GRADIENT_DESCENT_MAX_STEPS,
  );
  const descent = train(data, {
    optimizer: sgd({ learningRate }),
    loss,
    huberDelta,
    initialW,
    initialB,
    steps: Math.max(1, evaluations - 1),
    ...(loss === "mse" ? { stats } : {}),
  });
  return {
    dataVersion: loaded.version,
    trials,
    seed,
    box: { w: [box.w[0], box.w[1]], b: [box.b[0], box.b[1]] },
    w,
    b,
    loss: guessLoss,
    best: search.best,
    progress,
    gradientDescent: {
      learningRate,
      optimal,
      losses: descent.history.loss.slice(0, evaluations),
      evaluationsToBest: reached,
    },
    optimum: loss === "mse" ? stats.optimum : null,
  };
}
