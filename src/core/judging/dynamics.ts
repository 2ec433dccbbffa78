/**
 * How a run moved, watched step by step in O(1) memory: whether its late steps reverse direction (the
 * trajectory's evidence of jumping across the minimum), the lowest loss it saw, the first step it came
 * within the closeness gap, and the step from which it stayed there (a noisy or cycling run touches the gap
 * long before it stays). The training loop feeds it every update; a run of a billion steps keeps a
 * handful of numbers.
 *
 * Flips are measured where they mean something:
 * - `sharpest-direction` (linear MSE): the component of (w − w*, b − b*) along the Hessian's sharpest
 *   eigenvector. Full-batch gradient descent flips it on every step exactly when η > 1/λmax.
 * - `successive-updates` (MAE, Huber): two successive updates pointing in opposite directions (a negative
 *   dot product).
 * Only the second half of the run is counted: the regime is what the run does at the end, after a
 * schedule has decayed or a warm-up has passed.
 */

export type FlipMeasure = "sharpest-direction" | "successive-updates";

/** Flips are not counted once the flipping quantity has shrunk below this fraction of its largest value… */
const FLIP_RELATIVE_FLOOR = 1e-9;
/** …nor below this fraction of the parameters' size: rounding noise, not a step. */
const FLIP_ROUNDING_FLOOR = 1e-13;

/** What a run's watcher saw, as plain numbers. */
export interface RunDynamics {
  readonly flipMeasure: FlipMeasure;
  /** Consecutive steps compared in the second half of the run, and how many of them flipped direction. */
  readonly flipPairs: number;
  readonly flips: number;
  /**
   * Losses compared with the one before in the second half of the run, and how many of them rose: a run
   * that wanders (Adam at a large rate circles the minimum over several steps) rises often, even when its
   * steps rarely reverse from one to the next.
   */
  readonly lossPairs: number;
  readonly lossRises: number;
  /** The lowest loss on all the data at any step where it was computed. */
  readonly bestLoss: number;
  /** The first step whose loss gap L − L* was within the closeness gap (MSE), else null. */
  readonly reachedAt: number | null;
  /**
   * The step from which every loss seen was within the closeness gap, to the end of the run (MSE); null
   * when the last one was not. Where the loss falls steadily (full-batch gradient descent) it is `reachedAt`.
   */
  readonly settledAt: number | null;
}

/**
 * Watches the updates of one run. The training loop calls `seeLoss` and `update` on every step, so they
 * keep to numbers in fields (the sharpest direction unpacked into them) and stay small: V8 inlines them
 * into the loop only while the loop's whole inlining budget lasts, and a call it does not inline boxes
 * every number passed, every step.
 */
export class RunWatcher {
  flipPairs = 0;
  flips = 0;
  lossPairs = 0;
  lossRises = 0;
  bestLoss = Number.POSITIVE_INFINITY;
  private previousLoss = Number.NaN;
  private previousLossStep = -1;
  reachedAt: number | null = null;
  settledAt: number | null = null;
  /** The largest magnitude of the flipping quantity so far. */
  private largest = 0;
  private previous = 0;
  private previousW = 0;
  private previousB = 0;
  private readonly noise: number;
  /** Whether flips are measured along the sharpest direction (linear MSE), whose numbers follow. */
  private readonly alongSharpest: boolean;
  private readonly optimumW: number;
  private readonly optimumB: number;
  private readonly optimumLoss: number;
  private readonly vw: number;
  private readonly vb: number;
  /** Whether losses are judged against the closeness gap (MSE with a gap). */
  private judging: boolean;
  private gap: number;

  /**
   * @param sharp the optimum and the sharpest eigenvector (linear MSE), or null to compare successive updates
   * @param countFrom the first step whose flips count (half the run)
   * @param gap the closeness gap over `bestLoss` (MSE), or null
   */
  constructor(
    sharp: {
      readonly w: number;
      readonly b: number;
      readonly vw: number;
      readonly vb: number;
      readonly loss: number;
    } | null,
    private readonly countFrom: number,
    gap: number | null,
  ) {
    this.alongSharpest = sharp !== null;
    this.optimumW = sharp?.w ?? 0;
    this.optimumB = sharp?.b ?? 0;
    this.optimumLoss = sharp?.loss ?? 0;
    this.vw = sharp?.vw ?? 0;
    this.vb = sharp?.vb ?? 0;
    this.noise = sharp ? FLIP_ROUNDING_FLOOR * (Math.abs(sharp.w) + Math.abs(sharp.b)) : 0;
    this.gap = gap ?? 0;
    this.judging = gap !== null && sharp !== null;
  }

  get flipMeasure(): FlipMeasure {
    return this.alongSharpest ? "sharpest-direction" : "successive-updates";
  }

  /** The loss on all the data at `step`, whenever it is computed. */
  seeLoss(step: number, loss: number): void {
    if (loss < this.bestLoss) this.bestLoss = loss;
    if (step > this.countFrom && this.previousLossStep >= 0) {
      this.lossPairs++;
      // Above the previous loss by more than rounding (which is relative to the loss itself).
      if (loss > this.previousLoss * (1 + 1e-12)) this.lossRises++;
    }
    this.previousLoss = loss;
    this.previousLossStep = step;
    this.judgeCloseness(step, loss);
  }

  /** Whether the loss at `step` is within the gap: the first such step, and where the last stretch began. */
  private judgeCloseness(step: number, loss: number): void {
    if (!this.judging) return;
    if (loss - this.optimumLoss <= this.gap) {
      if (this.reachedAt === null) this.reachedAt = step;
      if (this.settledAt === null) this.settledAt = step;
    } else this.settledAt = null;
  }

  /** Sets the closeness gap once it is known (when it depends on the starting loss). */
  setGap(gap: number): void {
    this.gap = gap;
    this.judging = this.alongSharpest;
    if (this.previousLossStep === 0) this.judgeCloseness(0, this.previousLoss);
  }

  /** The parameters at step 0. */
  start(w: number, b: number): void {
    if (this.alongSharpest) {
      this.previous = this.vw * (w - this.optimumW) + this.vb * (b - this.optimumB);
      this.largest = Math.abs(this.previous);
    }
  }

  /** The update that took the parameters from (w0, b0) at `step` − 1 to (w1, b1) at `step`. */
  update(step: number, w0: number, b0: number, w1: number, b1: number): void {
    if (!this.alongSharpest) {
      this.updateSuccessive(step, w0, b0, w1, b1);
      return;
    }
    const value = this.vw * (w1 - this.optimumW) + this.vb * (b1 - this.optimumB);
    const previous = this.previous;
    this.previous = value;
    // countFlip, written out: this runs every step of every MSE run, and a call V8 leaves out of line
    // (the loop's inlining budget runs short with Adam) would box its three numbers each time.
    const magnitude = Math.abs(value);
    if (magnitude > this.largest) this.largest = magnitude;
    if (step <= this.countFrom) return;
    const floor = FLIP_RELATIVE_FLOOR * this.largest + this.noise;
    if (Math.abs(previous) > floor && magnitude > floor) {
      this.flipPairs++;
      if (value < 0 !== previous < 0) this.flips++;
    }
  }

  /** `update` for MAE and Huber: two successive updates pointing in opposite directions flip. */
  private updateSuccessive(step: number, w0: number, b0: number, w1: number, b1: number): void {
    const dw = w1 - w0;
    const db = b1 - b0;
    const size = Math.hypot(dw, db);
    const previousW = this.previousW;
    const previousB = this.previousB;
    this.previousW = dw;
    this.previousB = db;
    if (step <= 1) {
      this.largest = size;
      return;
    }
    // The dot product's sign carried by the update's size, so the floors apply to both updates.
    const value = dw * previousW + db * previousB < 0 ? -size : size;
    const noise = FLIP_ROUNDING_FLOOR * (Math.abs(w1) + Math.abs(b1));
    this.countFlip(step, Math.hypot(previousW, previousB), value, noise);
  }

  /** Counts a sign flip from `previous` to `value`, unless either has shrunk to rounding level. */
  private countFlip(step: number, previous: number, value: number, noise: number): void {
    const magnitude = Math.abs(value);
    if (magnitude > this.largest) this.largest = magnitude;
    if (step <= this.countFrom) return;
    const floor = FLIP_RELATIVE_FLOOR * this.largest + noise;
    if (Math.abs(previous) > floor && magnitude > floor) {
      this.flipPairs++;
      if (value < 0 !== previous < 0) this.flips++;
    }
  }

  finish(): RunDynamics {
    return {
      flipMeasure: this.flipMeasure,
      flipPairs: this.flipPairs,
      flips: this.flips,
      lossPairs: this.lossPairs,
      lossRises: this.lossRises,
      bestLoss: this.bestLoss,
      reachedAt: this.reachedAt,
      settledAt: this.settledAt,
    };
  }
}
