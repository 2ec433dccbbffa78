/**
 * The lesson `lrlab report` tells, computed: the theory of the user's data, four learning rates chosen
 * from it (too small, good, oscillating, diverging) and trained, a decaying schedule, and a sweep.
 * Plain data out (src/render/report.ts draws it); every run uses the user's loss, optimizer, batch size,
 * start and seed, only the rate differs.
 *
 * Where the theory is exact (MSE and plain gradient descent) the rates come from it: 2/λmax is where the
 * line flies off, 2/(λmin + λmax) is the fastest constant rate. Elsewhere (MAE, Huber, momentum, adaptive
 * optimizers) the sweep runs first and the rates are read off its regimes.
 */
import { LrlabError } from "../../core/errors.js";
import { RANGE_TEST_DEFAULTS, rangeTest } from "../../core/range-test.js";
import { linearStats } from "../../core/stats.js";
import { logSpacedRates, type SweepResult, type SweepRunOptions, sweep } from "../../core/sweep.js";
import { linearMseTheory, optimizerStabilityBound, stepsToTolerance } from "../../core/theory.js";
import { DEFAULT_STEPS, type TrainOptions, train } from "../../core/train.js";
import { CLOSE_RELATIVE_GAP, judgeRun } from "../../core/verdict.js";
import type { LessonRun, RateRole, ReportLesson } from "../../render/report.js";
import { animationRun, decayingRun } from "../plots/animation-plot.js";
import { flagName, type RunSetup } from "../run-options.js";
import { rangeTestOptionsFrom } from "./find-lr.js";

/** Rates in the sweep. */
const SWEEP_COUNT = 25;
/** Without a theory, the sweep spans these rates. */
const WIDE_RATES: readonly [number, number] = [1e-4, 10];

/** What the lesson's work is made of, for a progress bar: runs, then sweep rates. */
export type LessonProgress = (done: number, total: number) => void;

/** The units of work {@link computeLesson} reports: four runs, the decay runs, the sweep's rates, the range test. */
export const LESSON_WORK = 4 + 1 + SWEEP_COUNT + 1;

export function computeLesson(
  setup: RunSetup,
  options: Readonly<Record<string, unknown>>,
  onProgress: LessonProgress = () => {},
): ReportLesson {
  if (options.lr !== undefined && options.schedule === undefined) {
    throw new LrlabError(
      "E_USAGE",
      "--lr: the report chooses its rates from the theory; to set the decaying schedule's rate, give --schedule too",
    );
  }
  const { data } = setup;
  const stats = setup.loss === "mse" ? linearStats(data) : null;
  const theory = stats ? linearMseTheory(stats) : null;
  const config = setup.optimizer.config as { momentum?: number };
  const exact = theory !== null && setup.optimizer.name === "sgd" && (config.momentum ?? 0) === 0;
  const base: TrainOptions = { ...setup.trainOptions, learningRate: setup.learningRate };
  delete base.rateCallback;
  const start = { w: base.initialW ?? 0, b: base.initialB ?? 0 };
  let done = 0;
  const tick = (units = 1) => {
    done += units;
    onProgress(done, LESSON_WORK);
  };

  // Steps: the user's, else (exact theory) enough for the good rate to arrive, else the default.
  if (base.steps === undefined && base.epochs === undefined) {
    base.steps = DEFAULT_STEPS;
    if (exact && stats && theory) {
      const needed = stepsToTolerance(stats, theory, {
        learningRate: floorTo(theory.optimalLearningRate, 2),
        initialW: start.w,
        initialB: start.b,
        tolerance: CLOSE_RELATIVE_GAP * theory.optimum.loss + 1e-12,
      });
      base.steps = Math.min(5000, Math.max(30, Math.ceil(1.5 * (needed ?? 3000))));
    }
  }

  const critical = theory?.criticalLearningRate ?? null;
  const sweepRates =
    exact && critical !== null
      ? logSpacedRates(critical / 100, 3 * critical, SWEEP_COUNT)
      : logSpacedRates(WIDE_RATES[0], WIDE_RATES[1], SWEEP_COUNT);
  const runSweep = (): SweepResult => {
    const { learningRate: _rate, historyEvery: _every, tolerance: _tolerance, ...runOptions } = base;
    return sweep(
      data,
      { ...(runOptions as SweepRunOptions), learningRates: sweepRates, onRunEnd: () => tick() },
      flagName,
    );
  };

  let sweepResult: SweepResult | null = null;
  let rates: { role: RateRole; learningRate: number }[];
  if (exact && theory) {
    rates = theoryRates(theory.criticalLearningRate, theory.optimalLearningRate);
  } else {
    sweepResult = runSweep();
    rates = sweepRatesByRole(sweepResult);
  }

  const runs: LessonRun[] = rates.map(({ role, learningRate }) => {
    const run = train(data, { ...base, learningRate, historyEvery: 1 }, flagName);
    tick();
    const verdict = judgeRun(run, {
      theory,
      optimizer: { name: setup.optimizer.name, config: { ...setup.optimizer.config, learningRate } },
      learningRate,
      constantRate: true,
      initialW: start.w,
      initialB: start.b,
    });
    return { role, learningRate, run, verdict };
  });
  tick(4 - runs.length);

  // The decaying run: the user's schedule, else the film's default from the theory, else a halving from
  // the largest rate that did not diverge.
  const hasDefault =
    theory !== null && optimizerStabilityBound(theory.hessianEigenvalues[0], setup.optimizer);
  const fallbackRate =
    (runs.find((r) => r.role === "oscillating") ?? runs.find((r) => r.role === "good"))?.learningRate ??
    setup.learningRate;
  const lessonSteps = base.steps ?? DEFAULT_STEPS;
  const film =
    options.schedule !== undefined || hasDefault
      ? animationRun(setup, options)
      : decayingRun(
          setup,
          {
            initialLearningRate: fallbackRate,
            decaySteps: Math.max(1, Math.ceil(lessonSteps / 4)),
            decayRate: 0.5,
            steps: lessonSteps,
          },
          null,
        );
  const decayRun = train(data, { ...film.trainOptions, historyEvery: 1 }, flagName);
  // Beside it, the same start at a constant rate for as many steps: what the decay is for.
  const constantOptions: TrainOptions = {
    ...base,
    learningRate: decayRun.history.learningRate[0] as number,
    steps: decayRun.requestedSteps,
    historyEvery: 1,
  };
  delete constantOptions.epochs;
  const decay = {
    run: decayRun,
    constant: train(data, constantOptions, flagName),
    words: film.rateWords,
    critical: film.critical,
  };
  tick();

  if (!sweepResult) sweepResult = runSweep();
  // What an LR finder says on the same data, with fastai's defaults (lrlab find-lr's), beside the theory.
  const found = rangeTest(
    data,
    {
      ...rangeTestOptionsFrom(setup),
      ...(stats ? { stats } : {}),
      batchSize: Math.min(setup.trainOptions.batchSize ?? RANGE_TEST_DEFAULTS.batchSize, data.x.length),
    },
    flagName,
  );
  tick();
  return {
    data,
    lossName: setup.loss === "huber" ? "Huber" : setup.loss.toUpperCase(),
    optimizerName: setup.optimizerName,
    stats,
    theory,
    exact,
    start,
    steps: runs[0]?.run.requestedSteps ?? base.steps ?? DEFAULT_STEPS,
    batchSize: runs[0]?.run.batchSize ?? data.x.length,
    runs,
    decay,
    sweep: sweepResult,
    rangeTest: found,
  };
}

/**
 * The four rates from the exact theory, rounded as a person would write them and kept in order:
 * too small = critical/30 (1 digit, down); good = the optimal rate (2 digits, down); oscillating = 0.95 ×
 * critical, or halfway from good to critical if that is higher (3 digits, down); diverging = 1.1 ×
 * critical (2 digits, up).
 */
export function theoryRates(critical: number, optimal: number): { role: RateRole; learningRate: number }[] {
  const good = floorTo(optimal, 2);
  const oscillating = floorTo(Math.max(0.95 * critical, (good + critical) / 2), 3);
  return [
    { role: "too small", learningRate: floorTo(critical / 30, 1) },
    { role: "good", learningRate: good },
    ...(oscillating > good && oscillating < critical
      ? [{ role: "oscillating" as const, learningRate: oscillating }]
      : []),
    { role: "diverging", learningRate: ceilTo(1.1 * critical, 2) },
  ];
}

/** Without an exact theory, the roles from a sweep's regimes (a role no run showed is left out). */
export function sweepRatesByRole(result: SweepResult): { role: RateRole; learningRate: number }[] {
  const { runs, best } = result;
  const picked: { role: RateRole; learningRate: number }[] = [];
  const first = (regime: string) => runs.find((run) => run.regime === regime);
  const slow = first("too-slow");
  if (slow && (!best || slow.learningRate < best.learningRate))
    picked.push({ role: "too small", learningRate: slow.learningRate });
  if (best) picked.push({ role: "good", learningRate: best.learningRate });
  const oscillating = runs.filter((run) => run.regime === "oscillating").at(-1);
  if (oscillating && (!best || oscillating.learningRate > best.learningRate))
    picked.push({ role: "oscillating", learningRate: oscillating.learningRate });
  const diverging = first("diverged");
  if (diverging) picked.push({ role: "diverging", learningRate: diverging.learningRate });
  return picked;
}

/** Rounds down to `digits` significant digits: 0.2755 → 0.27 (2). */
export function floorTo(value: number, digits: number): number {
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(value)));
  return Number((Math.floor(value * scale * (1 + 1e-12)) / scale).toPrecision(digits));
}

/** Rounds up to `digits` significant digits: 0.3376 → 0.34 (2). */
export function ceilTo(value: number, digits: number): number {
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(value)));
  return Number((Math.ceil(value * scale * (1 - 1e-12)) / scale).toPrecision(digits));
}
