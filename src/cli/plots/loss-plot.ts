/**
 * `lrlab plot loss`: loss against step for one or more learning rates, log scale, with the optimum loss
 * as a reference and each diverged run marked where it blew up.
 *
 * The rates: `--lrs 0.01,0.1,0.3` (each the rate argument of the schedule, if one is given, as in `sweep`);
 * or `--lr` for one run; or, by default on MSE with plain SGD at a constant rate, the lesson's four chosen
 * from the theory (see {@link lessonRates}); otherwise the optimizer's default rate.
 */
import { LrlabError } from "../../core/errors.js";
import { SCHEDULES, type ScheduleName } from "../../core/schedules/registry.js";
import { linearStats } from "../../core/stats.js";
import {
  lessonRates as coreLessonRates,
  LESSON_RATE_NAMES,
  type LinearMseTheory,
  linearMseTheory,
  optimizerStabilityBound,
} from "../../core/theory.js";
import { type TrainOptions, type TrainResult, train } from "../../core/train.js";
import type { LossCurve } from "../../render/figures/loss.js";
import { planFrom, ratesFrom } from "../commands/sweep.js";
import { formatCount, formatNumber } from "../format.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { addRunOptions, flagName, type RunSetup, runSetupFrom } from "../run-options.js";
import { runOptionsFromPlan } from "../sweep-workers.js";
import type { PlotKind } from "./plot-kind.js";

export const lossPlot: PlotKind = {
  name: "loss",
  description:
    "loss against step (log scale) for one or more rates (--lrs), the optimum loss as a reference, diverged runs marked where they blew up",
  configure(command) {
    addRunOptions(command);
    command.option(
      "--lrs <list>",
      "rates to compare, comma-separated (default: --lr; on MSE with SGD, four chosen from the theory: too small, good, oscillating, diverging)",
    );
  },
  async build(options, io, environment) {
    if (options.lrs !== undefined && options.lr !== undefined) {
      throw new LrlabError("E_USAGE", "--lrs and --lr: give one or the other, not both");
    }
    const setup = await runSetupFrom(options, io);
    const stats = setup.loss === "mse" ? linearStats(setup.data) : null;
    const theory = stats ? linearMseTheory(stats) : null;
    const rates = ratesToDraw(options, setup, theory);
    const runs = rates === null ? [{ name: null, run: singleRun(setup) }] : runsAt(setup, rates);
    const curves: LossCurve[] = runs.map(({ name, run }, i) => ({
      label: `rate ${formatNumber(rates?.[i]?.learningRate ?? setup.learningRate, 4)}${name ? ` · ${name}` : ""}`,
      steps: run.history.step,
      losses: run.history.loss,
      divergedAtStep: run.divergedAtStep,
    }));
    const first = runs[0]?.run as TrainResult;
    const { lossFigure } = await import("../../render/figures/loss.js");
    const figure = lossFigure(environment, {
      curves,
      optimumLoss: theory ? theory.optimum.loss : null,
      lossName: setup.loss === "huber" ? "Huber" : setup.loss.toUpperCase(),
      totalSteps: first.requestedSteps,
      ...(rates?.every((rate) => rate.name !== null)
        ? { title: "Loss per step: too small, good, oscillating and diverging rates" }
        : {}),
      description: dataDescription(setup),
      subtitle: subtitleOf(
        setup,
        runs.map(({ run }) => run),
        theory,
      ),
    });
    return { figure, inputs: setup.inputs };
  },
};

interface NamedRate {
  learningRate: number;
  /** The rate's role in the lesson ("too small", …), or null for a rate the user gave. */
  name: string | null;
}

function ratesToDraw(
  options: Readonly<Record<string, unknown>>,
  setup: RunSetup,
  theory: LinearMseTheory | null,
): NamedRate[] | null {
  if (typeof options.lrs === "string") {
    const entry = SCHEDULES[setup.schedule.name as ScheduleName];
    if (entry.kind === "schedule" && setup.schedule.name !== "constant" && entry.rateKey === undefined) {
      throw new LrlabError(
        "E_USAGE",
        `--lrs: --schedule ${setup.schedule.name} takes its rates from --values; plot it without --lrs`,
      );
    }
    return ratesFrom({ lrs: options.lrs }).map((learningRate) => ({ learningRate, name: null }));
  }
  const momentum = (setup.optimizer.config as { momentum?: number }).momentum ?? 0;
  const plainGradientDescent =
    setup.optimizer.name === "sgd" && momentum === 0 && setup.schedule.name === "constant";
  if (options.lr === undefined && theory && plainGradientDescent && theory.hessianEigenvalues[0] > 0) {
    return lessonRates(theory);
  }
  return null;
}

/** The lesson's four rates from the theory (core `lessonRates`), with their names. */
export function lessonRates(theory: LinearMseTheory): NamedRate[] {
  return coreLessonRates(theory).map((learningRate, i) => ({
    learningRate,
    name: LESSON_RATE_NAMES[i] as string,
  }));
}

function singleRun(setup: RunSetup): TrainResult {
  return train(setup.data, { ...setup.trainOptions }, flagName);
}

/** One run per rate, each the setup's run with that rate (a schedule's rate argument, as in `sweep`). */
function runsAt(setup: RunSetup, rates: readonly NamedRate[]): { name: string | null; run: TrainResult }[] {
  const { schedule, tolerance: _gap, ...shared } = runOptionsFromPlan(planFrom(setup));
  const { tolerance, historyEvery } = setup.trainOptions;
  return rates.map(({ learningRate, name }) => {
    const options: TrainOptions = {
      ...shared,
      learningRate: schedule ? schedule(learningRate) : learningRate,
      ...(tolerance === undefined ? {} : { tolerance }),
      ...(historyEvery === undefined ? {} : { historyEvery }),
    };
    return { name, run: train(setup.data, options, flagName) };
  });
}

/** The data a figure was drawn from, for its <desc>: the file (or built-in set) and the columns. */
export function dataDescription({ data }: Pick<RunSetup, "data">): string {
  return `Data: ${data.source}, ${formatCount(data.x.length)} points, x = "${data.xName}", y = "${data.yName}"`;
}

function subtitleOf(setup: RunSetup, runs: readonly TrainResult[], theory: LinearMseTheory | null): string {
  const first = runs[0] as TrainResult;
  const n = setup.data.x.length;
  const parts = [
    setup.optimizerName === "momentum" ? "SGD with momentum" : kerasOptimizerClass(setup.optimizerName),
    ...(setup.schedule.name === "constant" ? [] : [setup.schedule.className]),
    first.batchSize === n ? "full batch" : `batch size ${formatCount(first.batchSize)}`,
    `${formatCount(first.requestedSteps)} steps`,
  ];
  if (runs.length === 1) parts.push(`final loss ${formatNumber(first.final.loss)}`);
  const bound = theory ? optimizerStabilityBound(theory.hessianEigenvalues[0], setup.optimizer) : null;
  if (bound) parts.push(`critical rate ${bound.formula} = ${formatNumber(bound.learningRate)}`);
  return parts.join(" · ");
}
