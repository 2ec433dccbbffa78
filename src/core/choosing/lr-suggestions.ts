/**
 * The learning-rate suggestions of the LR range test, named and computed as fastai v2 does
 * (`fastai/callback/schedule.py`: `valley`, `steep`, `minimum`, `slide`, and `Learner.lr_find`, which
 * applies them to the recorded smoothed losses of iterations `num_it//10` up to the last 5).
 *
 * Each function is a line-for-line port over plain arrays, with fastai's code quoted beside it, and takes
 * the curve as fastai hands it over: learning rates increasing, losses finite. Where fastai would fail
 * (a curve too short for a method) or wrap around a Python negative index, {@link suggestLearningRates}
 * falls back and says so in `notes`; the four functions themselves demand a long enough curve.
 */
import { LrlabError } from "../errors.js";

/** A suggested rate and the point of the curve fastai marks for it (`(suggestion, (x, y))`). */
export interface LrSuggestion {
  /** The suggested learning rate. */
  readonly learningRate: number;
  /** Where fastai's plot marks it: a rate on the curve and the loss there. */
  readonly point: { readonly learningRate: number; readonly loss: number };
}

/** The names fastai gives its suggestion methods (`SuggestionMethod.Valley`, …). */
export type SuggestionName = "valley" | "steep" | "minimum" | "slide";

/** fastai's defaults for `slide`: `lr_diff=15, thresh=.005, adjust_value=1.`. */
export interface SlideOptions {
  /** How many iterations apart the two gradients compared are. */
  lrDiff?: number;
  /** The largest difference of the two gradients (in loss per iteration) that counts as flat. */
  thresh?: number;
  /** A factor applied to the rate found. */
  adjustValue?: number;
}

type Curve = ArrayLike<number>;

function checkCurve(lrs: Curve, losses: Curve, minimumLength: number, method: string): number {
  const n = losses.length;
  if (lrs.length !== n) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${method}: expected as many learning rates as losses, got ${lrs.length} and ${n}`,
    );
  }
  if (n < minimumLength) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `${method}: needs at least ${minimumLength} point${minimumLength === 1 ? "" : "s"}, got ${n}`,
    );
  }
  return n;
}

const at = (values: Curve, i: number): number => values[i] as number;

/**
 * fastai `valley`: the longest valley, i.e. the longest strictly decreasing subsequence of the losses
 * (not necessarily contiguous), and a point about half way along it.
 *
 *     lds = [1]*n
 *     for i in range(1,n):
 *         for j in range(0,i):
 *             if (losses[i] < losses[j]) and (lds[i] < lds[j] + 1): lds[i] = lds[j] + 1
 *             if lds[max_end] < lds[i]: max_end = i; max_start = max_end - lds[max_end]
 *     sections = (max_end - max_start) / 3
 *     idx = max_start + int(sections) + int(sections/2)
 *
 * `max_start` is one before the valley's first index, as in fastai. One deviation: when the longest
 * valley is the first two points alone, fastai's `idx` is -1 and Python's `lrs[-1]` wraps round to the
 * largest rate of the curve; here the index is clamped to 0, the valley's own start.
 */
export function valley(lrs: Curve, losses: Curve): LrSuggestion {
  const n = checkCurve(lrs, losses, 1, "valley");
  const lds = new Int32Array(n).fill(1);
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (at(losses, i) < at(losses, j) && (lds[i] as number) < (lds[j] as number) + 1) {
        lds[i] = (lds[j] as number) + 1;
      }
      if ((lds[maxEnd] as number) < (lds[i] as number)) {
        maxEnd = i;
        maxStart = maxEnd - (lds[maxEnd] as number);
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  // Python's int() truncates toward zero; sections > 0 here, so this is Math.floor.
  const index = Math.max(0, maxStart + Math.trunc(sections) + Math.trunc(sections / 2));
  const learningRate = at(lrs, index);
  return { learningRate, point: { learningRate, loss: at(losses, index) } };
}

/**
 * numpy's `np.gradient` with unit spacing: central differences inside, one-sided at the two ends.
 * Needs at least two values.
 */
export function gradientOf(values: Curve): Float64Array {
  const n = values.length;
  const gradient = new Float64Array(n);
  if (n < 2) throw new LrlabError("E_BAD_ARGUMENT", `gradient: needs at least 2 values, got ${n}`);
  gradient[0] = at(values, 1) - at(values, 0);
  gradient[n - 1] = at(values, n - 1) - at(values, n - 2);
  for (let i = 1; i < n - 1; i++) gradient[i] = (at(values, i + 1) - at(values, i - 1)) / 2;
  return gradient;
}

/** numpy's `np.interp(x, xp, fp)` for increasing `xp`: linear between points, the end values outside. */
export function interpolate(x: number, xp: Curve, fp: Curve): number {
  const n = xp.length;
  if (x <= at(xp, 0)) return at(fp, 0);
  if (x >= at(xp, n - 1)) return at(fp, n - 1);
  let high = 1;
  while (at(xp, high) < x) high++;
  const x0 = at(xp, high - 1);
  const x1 = at(xp, high);
  const y0 = at(fp, high - 1);
  return x1 === x0 ? y0 : y0 + ((at(fp, high) - y0) * (x - x0)) / (x1 - x0);
}

/**
 * fastai `slide` (the "interval slide rule"): walking left from the end of the curve, compare the
 * loss's gradient (per iteration, `np.gradient`) at two points `lrDiff` iterations apart; the rate is the
 * left point's at the last step where they still differ by more than `thresh`.
 *
 *     loss_grad = np.gradient(losses)
 *     r_idx = -1; l_idx = r_idx - lr_diff; local_min_lr = lrs[l_idx]
 *     while (l_idx >= -len(losses)) and (abs(loss_grad[r_idx] - loss_grad[l_idx]) > thresh):
 *         local_min_lr = lrs[l_idx]; r_idx -= 1; l_idx -= 1
 *     suggestion = float(local_min_lr) * adjust_value
 *     idx = np.interp(np.log10(suggestion), np.log10(lrs), losses)
 *
 * `thresh` is in loss units, so the rule depends on the scale of the loss, as in fastai. Needs
 * `lrDiff + 1` points (fastai's `lrs[-16]` would fail on fewer).
 */
export function slide(
  lrs: Curve,
  losses: Curve,
  { lrDiff = 15, thresh = 0.005, adjustValue = 1 }: SlideOptions = {},
): LrSuggestion {
  if (!Number.isInteger(lrDiff) || lrDiff < 1) {
    throw new LrlabError("E_BAD_ARGUMENT", `slide: lrDiff: expected an integer ≥ 1, got ${lrDiff}`);
  }
  const n = checkCurve(lrs, losses, lrDiff + 1, "slide");
  const gradient = gradientOf(losses);
  // Python's negative indices -1 and -1 - lrDiff, as positions from the start.
  let right = n - 1;
  let left = right - lrDiff;
  let localMinimumRate = at(lrs, left);
  while (left >= 0 && Math.abs((gradient[right] as number) - (gradient[left] as number)) > thresh) {
    localMinimumRate = at(lrs, left);
    right--;
    left--;
  }
  const learningRate = localMinimumRate * adjustValue;
  const logRates = Array.from({ length: n }, (_, i) => Math.log10(at(lrs, i)));
  return {
    learningRate,
    point: { learningRate, loss: interpolate(Math.log10(learningRate), logRates, losses) },
  };
}

/** The index of the first smallest value (torch's `argmin` on ties). */
function firstArgmin(values: Curve): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (at(values, i) < at(values, best)) best = i;
  return best;
}

/** The loss at the rate nearest `learningRate` (fastai: `losses[min(range(len(lrs)), key=…)]`). */
function lossNearest(lrs: Curve, losses: Curve, learningRate: number): number {
  let best = 0;
  for (let i = 1; i < lrs.length; i++) {
    if (Math.abs(at(lrs, i) - learningRate) < Math.abs(at(lrs, best) - learningRate)) best = i;
  }
  return at(losses, best);
}

/**
 * fastai `minimum`: one tenth of the rate at the lowest loss (its point is the minimum itself).
 *
 *     lr_min = lrs[losses.argmin()].item()
 *     return lr_min/10, (lr_min, loss_idx)
 */
export function minimum(lrs: Curve, losses: Curve): LrSuggestion {
  checkCurve(lrs, losses, 1, "minimum");
  const rateAtMinimum = at(lrs, firstArgmin(losses));
  return {
    learningRate: rateAtMinimum / 10,
    point: { learningRate: rateAtMinimum, loss: lossNearest(lrs, losses, rateAtMinimum) },
  };
}

/**
 * fastai `steep`: the rate where the loss falls fastest against log(lr), the left end of the steepest
 * segment. (PyTorch Lightning's tuner takes the slope against lr itself, which favours the large rates
 * of a log-spaced ramp; fastai's, followed here, is against the natural log.)
 *
 *     grads = (losses[1:]-losses[:-1]) / (lrs[1:].log()-lrs[:-1].log())
 *     lr_steep = lrs[grads.argmin()].item()
 */
export function steep(lrs: Curve, losses: Curve): LrSuggestion {
  const n = checkCurve(lrs, losses, 2, "steep");
  const slopes = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    slopes[i] = (at(losses, i + 1) - at(losses, i)) / (Math.log(at(lrs, i + 1)) - Math.log(at(lrs, i)));
  }
  const learningRate = at(lrs, firstArgmin(slopes));
  return { learningRate, point: { learningRate, loss: lossNearest(lrs, losses, learningRate) } };
}

/** What {@link suggestLearningRates} returns: the four suggestions, the part of the curve used, and why. */
export interface LrSuggestions {
  /** fastai's default suggestion. `null` only when the curve has no finite loss at all. */
  readonly valley: LrSuggestion | null;
  readonly steep: LrSuggestion | null;
  readonly minimum: LrSuggestion | null;
  readonly slide: LrSuggestion | null;
  /** The iterations the suggestions looked at: `[start, end)` into the recorded curve. */
  readonly window: { readonly start: number; readonly end: number };
  /** True when fastai's window kept fewer than 2 points and the whole curve before the blow-up was used. */
  readonly fellBack: boolean;
  /** Where the curve was too short for fastai's trimming or a method, what was done instead. */
  readonly notes: readonly string[];
  /**
   * Why every suggestion is `null`, decided here so every face words the same fact: no finite loss at
   * all, or a ramp that blew up before its loss fell (every rate it reached was already too large).
   * `null` when there are suggestions.
   */
  readonly nothingBecause: NothingToSuggest | null;
}

/** Why a range test suggests no rate; see {@link LrSuggestions.nothingBecause}. */
export type NothingToSuggest = "no-finite-loss" | "never-fell";

export interface SuggestOptions {
  /** The iterations asked for (`num_it`): fastai skips the first `floor(numIt / 10)`. */
  numIt: number;
  /**
   * Whether the test stopped on a blow-up (its smoothed loss passed the threshold, or the loss or the
   * weights overflowed), even at its last iteration: the last point is then the blow-up.
   */
  stoppedEarly?: boolean;
}

/**
 * How far below its first value the smoothed loss must go before the ramp's rates count as ones that
 * made it fall: 5%. A smaller dip is one lucky mini-batch (a ramp from 0.35 on the built-in data, 14%
 * past 2/λmax, dipped 2% once and then blew up; its valley was 1.26× the critical rate).
 */
export const MEANINGFUL_FALL = 0.05;
/** fastai's `stop_div` mark: a ramp whose smoothed loss ends past 4× its first has blown up, stopped or not. */
const BLOW_UP = 4;

/**
 * Whether the ramp blew up before its loss ever fell: it stopped on a blow-up, or its last finite smoothed
 * loss is past {@link BLOW_UP}× the first (a threshold set too high to stop it), and no finite smoothed loss
 * before that went {@link MEANINGFUL_FALL} below the first. Every rate it reached was then already too large.
 */
function blewUpBeforeFalling(losses: Curve, end: number, stoppedEarly: boolean): boolean {
  if (end === 0) return false;
  const first = at(losses, 0);
  let lowest = first;
  for (let i = 1; i < end; i++) lowest = Math.min(lowest, at(losses, i));
  const blewUp = stoppedEarly || at(losses, end - 1) > BLOW_UP * first;
  return blewUp && !(lowest < first * (1 - MEANINGFUL_FALL));
}

/** Iterations fastai drops at the end of the curve (`[:-5]`), where the loss is blowing up. */
export const SKIP_END = 5;
/** The interval of `slide` in iterations (fastai's `lr_diff=15`). */
const SLIDE_LR_DIFF = 15;

/**
 * The four suggestions on a recorded range-test curve (learning rates and smoothed losses), as fastai's
 * `Learner.lr_find` makes them:
 *
 *     lrs, losses = tensor(self.recorder.lrs[num_it//10:-5]), tensor(self.recorder.losses[num_it//10:-5])
 *     nan_idxs = torch.nonzero(torch.isnan(losses.view(-1)))
 *     if len(nan_idxs) > 0: drop_idx = min(nan_idxs); lrs = lrs[:drop_idx]; losses = losses[:drop_idx]
 *
 * so the noisy first tenth and the blow-up at the end do not sway them. The curve is cut at its first
 * non-finite loss (fastai cuts at NaN only; an infinite loss would poison `steep`'s differences).
 *
 * Where fastai would fail, this falls back and adds a note: when fewer than 2 points survive the trimming,
 * the window becomes every finite point before the blow-up; `slide` on fewer than 16 points compares
 * gradients `n − 1` apart instead of 15; on a single point each method returns that point's rate
 * (`minimum`, a tenth of it). Never NaN: without any finite loss every suggestion is `null`.
 */
export function suggestLearningRates(lrs: Curve, losses: Curve, options: SuggestOptions): LrSuggestions {
  const m = checkCurve(lrs, losses, 0, "suggestLearningRates");
  const { numIt, stoppedEarly = false } = options;
  const notes: string[] = [];
  const firstNonFinite = (from: number, to: number): number => {
    for (let i = from; i < to; i++) if (!Number.isFinite(at(losses, i))) return i;
    return to;
  };

  // fastai's window: Python's lrs[num_it//10:-5].
  let start = Math.min(Math.floor(numIt / 10), m);
  let end = Math.max(start, m - SKIP_END);
  end = firstNonFinite(start, end);
  const fellBack = end - start < 2;
  if (fellBack) {
    const kept = end - start;
    start = 0;
    end = firstNonFinite(0, m);
    if (stoppedEarly && end === m && end > 2) end--;
    notes.push(
      `fastai's window (from iteration ${Math.floor(numIt / 10)}, less the last ${SKIP_END}) kept ${kept} of the ${m} recorded point${m === 1 ? "" : "s"}; the suggestions use the ${end} before the blow-up instead`,
    );
  }
  const window = { start, end };
  const n = end - start;
  if (n === 0) {
    notes.push("no finite loss was recorded: there is nothing to suggest");
    const nothingBecause = "no-finite-loss";
    return { valley: null, steep: null, minimum: null, slide: null, window, fellBack, notes, nothingBecause };
  }
  const windowRates = Array.from({ length: n }, (_, i) => at(lrs, start + i));
  const windowLosses = Array.from({ length: n }, (_, i) => at(losses, start + i));
  if (blewUpBeforeFalling(losses, firstNonFinite(0, m), stoppedEarly)) {
    // Every rate the ramp reached was already too large, and a valley, a steep point or a minimum of that
    // stretch would name one of them.
    notes.push(
      `the loss never fell before it blew up (never ${MEANINGFUL_FALL * 100}% below its first value): there is nothing to suggest; start the ramp lower`,
    );
    const nothingBecause = "never-fell";
    return { valley: null, steep: null, minimum: null, slide: null, window, fellBack, notes, nothingBecause };
  }
  if (n === 1) {
    notes.push("only one point to judge by: steep and slide are its rate, minimum a tenth of it");
    const only: LrSuggestion = {
      learningRate: windowRates[0] as number,
      point: { learningRate: windowRates[0] as number, loss: windowLosses[0] as number },
    };
    return {
      valley: only,
      steep: only,
      minimum: minimum(windowRates, windowLosses),
      slide: only,
      window,
      fellBack,
      notes,
      nothingBecause: null,
    };
  }
  let lrDiff = SLIDE_LR_DIFF;
  if (n < SLIDE_LR_DIFF + 1) {
    lrDiff = n - 1;
    notes.push(
      `slide needs ${SLIDE_LR_DIFF + 1} points and the window has ${n}: it compares gradients ${lrDiff} iteration${lrDiff === 1 ? "" : "s"} apart instead of ${SLIDE_LR_DIFF}`,
    );
  }
  return {
    valley: valley(windowRates, windowLosses),
    steep: steep(windowRates, windowLosses),
    minimum: minimum(windowRates, windowLosses),
    slide: slide(windowRates, windowLosses, { lrDiff }),
    window,
    fellBack,
    notes,
    nothingBecause: null,
  };
}
