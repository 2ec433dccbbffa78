/**
 * The lesson: its four rates, the guided story and the checks of a learner's answers.
 *
 * - decay-lesson: The decay chapter's set-up, found by running it: mini-batches whose noise keeps a constant rate bouncing around the minimum (the verdict's "noisy": the same rate gets there on the full batch), and a Keras exponential decay that lets the same run settle (the verdict's "good").
 * - guessing-odds: How many random guesses it takes, in expectation, to get within a tolerance of the best MSE: the closed form behind "guessing takes forever".
 * - guide-check: Whether a guide task is done, read only from what the lab already computed: the run on screen (its verdict and recorded losses), the step on show, and the best random guess shown.
 * - guide: The guided lesson as data: nine chapters in the story's order, each chapter's facts for the data at hand and its task's objective, which guide-check.ts `taskDone` checks against the run the lab computed.
 * - lesson: The lesson's four rates, from one rule, for the data, the optimizer and the budget: each run shows the regime it is named after, checked by running it and judging it with the same verdict every face uses.
 * - reaching-rates: Which constant rates get there within a budget: for full-batch gradient descent on linear MSE, the rates whose run ends within the closeness gap after `steps` steps.
 */

export * from "./decay-lesson.js";
export * from "./guessing-odds.js";
export * from "./guide.js";
export * from "./guide-check.js";
export * from "./lesson.js";
export * from "./reaching-rates.js";
