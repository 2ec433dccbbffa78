/**
 * When the animation shows what: which recorded steps become frames, how long each frame stays, and the
 * SMIL timing that shows one frame's elements at a time. Plain numbers in, plain numbers out.
 *
 * Frames are log-spaced in the step: the first steps, where a large rate overshoots and the line jumps
 * from side to side, each get a frame; later, where a decaying rate settles slowly, one frame covers many
 * steps. So a 40–80-frame loop shows a 10-step run and a 10,000-step run equally well.
 */

/** How many frames an animation has by default: enough to see the motion, few enough to keep a GIF small. */
export const DEFAULT_FRAME_COUNT = 60;

/**
 * `count` indices from 0 to `last`, both included, strictly increasing and log-spaced: index i is
 * round(e^(t·ln(1 + last)) − 1) with t = i/(count − 1), pushed up to one past the previous index where the
 * rounding would repeat it. Every index when there are no more than `count`.
 *
 * It never passes `last`: the curve is convex from 0 to `last`, so its chord from any index to the end
 * rises at least 1 per frame (the whole chord rises last/(count − 1) ≥ 1).
 */
export function logSpacedIndices(last: number, count: number = DEFAULT_FRAME_COUNT): number[] {
  if (!(Number.isInteger(last) && last >= 0))
    throw new RangeError(`last: expected an integer ≥ 0, got ${last}`);
  if (!(Number.isInteger(count) && count >= 2))
    throw new RangeError(`count: expected an integer ≥ 2, got ${count}`);
  if (last + 1 <= count) return Array.from({ length: last + 1 }, (_, i) => i);
  const logSpan = Math.log1p(last);
  const indices: number[] = [];
  for (let i = 0; i < count; i++) {
    const target = Math.round(Math.expm1((i / (count - 1)) * logSpan));
    const previous = indices[i - 1] ?? -1;
    indices.push(Math.min(last, Math.max(previous + 1, target)));
  }
  indices[count - 1] = last;
  return indices;
}

/** How long frames stay on screen, in milliseconds. */
export interface FrameDurations {
  /** The starting line, before anything moves. */
  first: number;
  /** Frames of the first `earlySteps` steps, each a single update worth looking at. */
  early: number;
  earlySteps: number;
  /** The rest. */
  later: number;
  /** The last frame, so the settled line can be seen before the loop starts again. */
  last: number;
}

export const DEFAULT_DURATIONS: FrameDurations = {
  first: 1200,
  early: 450,
  earlySteps: 8,
  later: 120,
  last: 3000,
};

/** How long each frame (given by its step) stays on screen, in milliseconds. */
export function frameDelays(
  steps: readonly number[],
  durations: FrameDurations = DEFAULT_DURATIONS,
): number[] {
  return steps.map((step, i) => {
    if (i === steps.length - 1) return durations.last;
    if (i === 0) return durations.first;
    return step <= durations.earlySteps ? durations.early : durations.later;
  });
}

/** The attributes of an SMIL `<animate>` that makes frame `index` visible during its time slot only. */
export interface VisibilityAnimation {
  attributeName: "visibility";
  calcMode: "discrete";
  /** The whole loop, e.g. "14.37s". */
  dur: string;
  repeatCount: "indefinite";
  values: string;
  keyTimes: string;
}

/**
 * SMIL timing for frame `index` of a loop whose frames last `delays` ms: hidden, then visible from the
 * frame's start to its end, then hidden again (for discrete animation, value i holds from keyTimes[i] to
 * keyTimes[i + 1]; the list starts at 0).
 */
export function visibilityAnimation(delays: readonly number[], index: number): VisibilityAnimation {
  const total = delays.reduce((sum, delay) => sum + delay, 0);
  let start = 0;
  for (let i = 0; i < index; i++) start += delays[i] as number;
  const end = start + (delays[index] as number);
  const fraction = (ms: number) => String(Number((ms / total).toFixed(6)));
  const values: string[] = [];
  const keyTimes: string[] = [];
  if (start > 0) {
    values.push("hidden");
    keyTimes.push("0");
  }
  values.push("visible");
  keyTimes.push(start > 0 ? fraction(start) : "0");
  if (end < total) {
    values.push("hidden");
    keyTimes.push(fraction(end));
  }
  return {
    attributeName: "visibility",
    calcMode: "discrete",
    dur: `${Number((total / 1000).toFixed(3))}s`,
    repeatCount: "indefinite",
    values: values.join(";"),
    keyTimes: keyTimes.join(";"),
  };
}
