/**
 * Choosing a rate: sweeps, the LR range test, random search and the suggestions made from them.
 *
 * - lr-suggestions: The learning-rate suggestions of the LR range test, named and computed as fastai v2 does (`fastai/callback/schedule.py`: `valley`, `steep`, `minimum`, `slide`, and `Learner.lr_find`, which applies them to the recorded smoothed losses of iterations `num_it//10` up to the last 5).
 * - model-random-search: The lesson's first idea for a model beyond the line: guess every weight at random in a box scaled to the data, keep the best guess, and count how many loss evaluations full-batch gradient descent needs to do as well.
 * - model-suggest: One learning rate for a model beyond the line, and what it rests on: the exact best worst-case rate for the linear family under MSE, otherwise the lowest final loss of candidate rates run below the bound measured at the start.
 * - model-sweep: A learning-rate sweep of a model beyond the line: one configuration at many rates from the same start, each run judged by the model verdict, the best rate named, the boundary beside the critical rate at the start.
 * - random-search: The lesson's first idea, as a baseline: guess (w, b) at random and keep the best guess.
 * - range-test-marks: Where the range test's suggestions are marked on its smoothed curve: at the rate each one suggests, with the smoothed loss there.
 * - range-test: The LR range test (Smith, "Cyclical Learning Rates for Training Neural Networks", arXiv:1506.01186 §3.3), with the semantics of fastai v2's `Learner.lr_find` and `LRFinder` (fastai/callback/schedule.py):
 * - rate-by-runs: The fastest constant rate where no closed form helps and no O(1) step does either (mini-batches, MAE, Huber): found by running a grid of rates on the data itself, as `fit` would, for the budget and a quarter more.
 * - simulated-rate: The fastest constant rate for an optimizer with no closed form for it (Adam, RMSprop, Adagrad, and SGD with momentum from a given start and budget), found the only exact way there is: by running it.
 * - suggest: One answer to "what learning rate should I use?", with its reason.
 * - sweep-run: One run of a learning-rate sweep, measured and judged: an ordinary `train` at the swept rate (a constant, or the argument of `options.schedule`) that keeps only its first and last rows, watched in O(1) memory by the loop itself (dynamics.ts), and judged by the verdict every face uses (regime, reached, outcome).
 * - sweep: A learning-rate sweep: one configuration trained at many rates, each run classified, the best rate named, and the measured divergence boundary set beside the theory's.
 */

export * from "./lr-suggestions.js";
export * from "./model-random-search.js";
export * from "./model-suggest.js";
export * from "./model-sweep.js";
export * from "./random-search.js";
export * from "./range-test.js";
export * from "./range-test-marks.js";
export * from "./rate-by-runs.js";
export * from "./simulated-rate.js";
export * from "./suggest.js";
export * from "./sweep.js";
export * from "./sweep-run.js";
