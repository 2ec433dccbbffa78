/**
 * The lesson `lrlab report` tells, computed: the theory of the user's data, the lesson's four rates (too
 * small, good, jumps around, jumps out) from the core's one rule (core/lesson.ts), a decaying schedule,
 * and a sweep. Plain data out (src/render/report.ts draws it); every run uses the user's loss, optimizer,
 * batch size, start and seed, only the rate differs, and each is judged by the verdict every face uses.
 * Without an exact best loss (MAE, Huber) the sweep runs first and the rates are read off its outcomes.
 */

import { RANGE_TEST_DEFAULTS, rangeTest } from "../../core/choosing/range-test.js";
import { logSpacedRates, type SweepResult, type SweepRunOptions, sweep } from "../../core/choosing/sweep.js";
import { LrlabError } from "../../core/errors.js";
import { trainAndJudge } from "../../core/judging/judged-run.js";
import { type GuideFacts, guideFacts } from "../../core/lesson/guide.js";
import { type LessonRateName, lessonPlan } from "../../core/lesson/lesson.js";
import { linearMseTheory, optimizerStabilityBound } from "../../core/theory/theory.js";
import {
  DEFAULT_RUN_CONFIG,
  type RunConfig,
  resolveRun,
  totalStepsOf,
  withLearningRate,
} from "../../core/training/run-config.js";
import { DEFAULT_STEPS, train } from "../../core/training/train.js";
import type { LessonRun, ReportLesson } from "../../render/report.js";
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
  const stats = setup.stats ?? null;
  const theory = stats ? linearMseTheory(stats) : null;
  // The lesson's runs are constant rates: the user's schedule is told in the decay section.
  const { tolerance: _tolerance, ...settings } = setup.config;
  const constantConfig: RunConfig = {
    ...settings,
    schedule: { name: "constant", args: {} },
    historyEvery: 1,
  };
  const start = { w: constantConfig.start.w, b: constantConfig.start.b };
  let done = 0;
  const tick = (units = 1) => {
    done += units;
    onProgress(done, LESSON_WORK);
  };
  const judged = (config: RunConfig) =>
    trainAndJudge(config, data, {
      ...(stats ? { stats } : {}),
      ...(theory ? { theory } : {}),
      nameOf: flagName,
    });

  // The four rates from the core's one rule (MSE), for the user's steps or a budget it chooses.
  const userSteps =
    constantConfig.steps ??
    (constantConfig.epochs !== null ? totalStepsOf(constantConfig, data.x.length) : null);
  const plan = lessonPlan(constantConfig, data, {
    ...(stats ? { stats } : {}),
    ...(theory ? { theory } : {}),
    ...(userSteps !== null ? { steps: userSteps } : {}),
  });
  const steps = plan?.steps ?? userSteps ?? DEFAULT_STEPS;
  const base: RunConfig = { ...constantConfig, steps, epochs: null };

  const bound = theory ? optimizerStabilityBound(theory.hessianEigenvalues[0], setup.optimizer) : null;
  const critical = bound?.learningRate ?? null;
  const sweepRates =
    critical !== null
      ? logSpacedRates(critical / 100, 3 * critical, SWEEP_COUNT)
      : logSpacedRates(WIDE_RATES[0], WIDE_RATES[1], SWEEP_COUNT);
  const runSweep = (): SweepResult => {
    const {
      learningRate: _rate,
      historyEvery: _every,
      tolerance: _gap,
      ...runOptions
    } = resolveRun(base, data, {
      ...(stats ? { stats } : {}),
      nameOf: flagName,
    }).trainOptions;
    return sweep(
      data,
      { ...(runOptions as SweepRunOptions), learningRates: sweepRates, onRunEnd: () => tick() },
      flagName,
    );
  };

  let sweepResult: SweepResult | null = null;
  let rates: { role: LessonRateName; learningRate: number }[];
  if (plan) {
    rates = plan.rates.map(({ name, learningRate }) => ({ role: name, learningRate }));
  } else {
    sweepResult = runSweep();
    rates = sweepRatesByRole(sweepResult);
  }

  const runs: LessonRun[] = rates.map(({ role, learningRate }) => {
    const { run, verdict } = judged(withLearningRate(base, learningRate));
    tick();
    return { role, learningRate, run, verdict };
  });
  tick(4 - runs.length);

  // The decaying run: the user's schedule, else the film's default from the theory, else a halving from
  // the largest rate that did not jump out.
  const fallbackRate =
    (runs.find((r) => r.role === "jumps-around") ?? runs.find((r) => r.role === "good"))?.learningRate ??
    setup.learningRate;
  const film =
    options.schedule !== undefined || critical !== null
      ? animationRun(setup, options)
      : decayingRun(
          setup,
          {
            initialLearningRate: fallbackRate,
            decaySteps: Math.max(1, Math.ceil(steps / 4)),
            decayRate: 0.5,
            steps,
          },
          null,
        );
  const decayRun = train(data, { ...film.trainOptions, historyEvery: 1 }, flagName);
  // Beside it, the same start at a constant rate for as many steps: what the decay is for.
  const constantRun = judged({
    ...base,
    learningRate: decayRun.history.learningRate[0] as number,
    steps: decayRun.requestedSteps,
  }).run;
  const decay = { run: decayRun, constant: constantRun, words: film.rateWords, critical: film.critical };
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
    optimizer: setup.optimizer,
    stats,
    theory,
    plan,
    start,
    steps,
    batchSize: runs[0]?.run.batchSize ?? data.x.length,
    runs,
    decay,
    sweep: sweepResult,
    rangeTest: found,
    // The handout's chapters: the lab guide's own settings (Keras SGD from w = 0, b = 0), on these data.
    guide: handoutFacts(data),
  };
}

/** The guided lesson's facts for the handout: its chapters say themselves what these data do not allow. */
function handoutFacts(data: RunSetup["data"]): GuideFacts {
  return guideFacts(data, DEFAULT_RUN_CONFIG);
}

/** Without an exact best loss (MAE, Huber), the roles from a sweep's outcomes (a role no run showed is left out). */
export function sweepRatesByRole(result: SweepResult): { role: LessonRateName; learningRate: number }[] {
  const { runs, best } = result;
  const picked: { role: LessonRateName; learningRate: number }[] = [];
  const small = runs.find((run) => run.outcome === "too-small");
  if (small && (!best || small.learningRate < best.learningRate))
    picked.push({ role: "too-small", learningRate: small.learningRate });
  if (best) picked.push({ role: "good", learningRate: best.learningRate });
  const around = runs.filter((run) => run.outcome === "jumps-around").at(-1);
  if (around && (!best || around.learningRate > best.learningRate))
    picked.push({ role: "jumps-around", learningRate: around.learningRate });
  const out = runs.find((run) => run.outcome === "jumps-out");
  if (out) picked.push({ role: "jumps-out", learningRate: out.learningRate });
  return picked;
}
