/**
 * Judging a run: its verdict beside the exact theory, how close it got, how it moved.
 *
 * - closeness: How close to the best loss counts as "there": the one rule every face uses (the verdict's `reached`, the sweep's steps to the gap, the suggested rate's step count, the lesson's four rates).
 * - dynamics: How a run moved, watched step by step in O(1) memory: whether its late steps reverse direction (the trajectory's evidence of jumping across the minimum), the lowest loss it saw, the first step it came within the closeness gap, and the step from which it stayed there (a noisy or cycling run touches the gap long before it stays).
 * - full-batch-twin: The same run on the full batch: the same rates step by step, the same optimizer, start and number of updates, with every gradient exact.
 * - judged-run: One run from its config: resolved, trained and judged beside the exact theory.
 * - verdict: What a run did, decided once, here;
 */

export * from "./closeness.js";
export * from "./dynamics.js";
export * from "./full-batch-twin.js";
export * from "./judged-run.js";
export * from "./verdict.js";
