/**
 * The lab's values for schedule arguments that Keras leaves to the caller (`boundaries`, …) or whose Keras
 * default makes no sense in a 100-step lesson. Everything else defaults as in the core's tables, which
 * follow Keras. A schedule's length (decay_steps, first_decay_steps, step_size, total_steps) has no lab
 * value: left unset, the core's scheduleLengthDefaults fill it from the run as they do for `lrlab fit`
 * (a decay spans the run), so the page, its link and the CLI read one run from the same settings.
 */
import { EXPONENTIAL_DECAY_RATE, type ParamValue } from "../core/index.js";

/** Per schedule name, per argument key: the value the lab starts from. */
export const LAB_SCHEDULE_DEFAULTS: Readonly<Record<string, Readonly<Record<string, ParamValue>>>> = {
  // Over the whole run (decay_steps unset): the rate ends at 5% of its start, the decay chapter's schedule.
  exponential: { decayRate: EXPONENTIAL_DECAY_RATE },
  piecewise: { boundaries: [30, 60], values: [0.1, 0.01, 0.001] },
  "inverse-time": { decayRate: 1 },
  // Keras's step_size of 2000 would show a flat line over a 100-step run: 20 shows 2.5 cycles.
  cyclical: { maximalLearningRate: 0.3, stepSize: 20 },
};

/** Steps per second when playing: the choices of the speed control. */
export const SPEEDS = [1, 2, 5, 10, 20, 60, 120, 300, 1000] as const;
export const DEFAULT_SPEED = 20;

/** Random guessing: guesses per run by default (as `lrlab random-search`), and at most. */
export const DEFAULT_GUESSES = 1000;
export const MAX_GUESSES = 10_000;

/**
 * The LR range test's num_it at most: 10,000 mini-batches take about a second; fastai's default is 100.
 * (1e8 held the worker for minutes, and 1e9 could not allocate its arrays.)
 */
export const MAX_RANGE_TEST_ITERATIONS = 10_000;
