/**
 * `lrlab plot loss`: loss against step for one or more learning rates, log scale, with the optimum loss
 * as a reference and each diverged run marked where it blew up.
 *
 * The rates: `--lrs 0.01,0.1,0.3` (each the rate argument of the schedule, if one is given, as in `sweep`);
 * or `--lr` for one run; or, by default on MSE with plain SGD at a constant rate, the lesson's four chosen
 * from the theory (see {@link lessonRates}); otherwise the optimizer's default rate. With `--model` other
 * than the line, the model's runs at `--lr` or `--lrs` (model-plots.ts).
 */
import { LrlabError } from "../../core/errors.js";
import { trainAndJudge } from "../../core/judging/judged-run.js";
import type { Verdict } from "../../core/judging/verdict.js";
import { type LessonPlan, type LessonRateName, lessonPlan } from "../../core/lesson/lesson.js";
import { SCHEDULES, type ScheduleName } from "../../core/schedules/registry.js";
import { type LinearMseTheory, linearMseTheory } from "../../core/theory/theory.js";
import { type RunConfig, withLearningRate } from "../../core/training/run-config.js";
import type { TrainResult } from "../../core/training/train.js";
import type { LossCurve } from "../../render/figures/loss.js";
import { hasRate, LOCAL_BOUND_CAVEAT, localBoundLabel } from "../../render/local-bound-words.js";
import { formatSteps } from "../../render/numbers.js";
import { OUTCOME_WORDS } from "../../render/verdict-words.js";
import { ratesFrom } from "../commands/sweep.js";
import { formatCount, formatNumber } from "../format.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { addModelOptions, refuseModelFlags } from "../model-options.js";
import { addRunOptions, flagName, type RunSetup, runSetupFrom } from "../run-options.js";
import { modelLossPlot, plotsModel } from "./model-plots.js";
import type { PlotKind } from "./plot-kind.js";

export const lossPlot: PlotKind = {
  name: "loss",
  description:
    "loss against step (log scale) for one or more rates (--lrs), the best loss as a reference, diverged runs marked where they blew up",
  configure(command) {
    addRunOptions(command);
    addModelOptions(command);
    command.option(
      "--lrs <list>",
      "rates to compare, comma-separated (default: --lr; on MSE at a constant rate, the lesson's four: too small, good, jumps around, jumps out)",
    );
  },
  async build(options, io, environment) {
    if (options.lrs !== undefined && options.lr !== undefined) {
      throw new LrlabError("E_USAGE", "--lrs and --lr: give one or the other, not both");
    }
    if (plotsModel(options)) return modelLossPlot(options, io, environment);
    refuseModelFlags(options);
    const setup = await runSetupFrom(options, io);
    const stats = setup.stats;
    const theory = stats ? linearMseTheory(stats) : null;
    const { rates, config, lesson } = ratesToDraw(options, setup, theory);
    const runs = (rates ?? [{ learningRate: config.learningRate, name: null }]).map((rate) =>
      trainAndJudge(withLearningRate(config, rate.learningRate), setup.data, {
        ...(stats ? { stats } : {}),
        ...(theory ? { theory } : {}),
        nameOf: flagName,
      }),
    );
    // The figure writes each rate with the digits that tell them apart (formatDistinct); after it, what
    // the run's verdict says it did.
    const curves: LossCurve[] = runs.map(({ run, verdict, resolved }) => ({
      rate: resolved.config.learningRate,
      label: rates ? OUTCOME_WORDS[verdict.outcome] : "",
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
      ...(lesson
        ? {
            title: lesson.illConditioned
              ? "Loss per step: no constant rate works well on this data (rescale x)"
              : "Loss per step: a rate too small, a good one, one that jumps around, one that jumps out",
          }
        : {}),
      description: dataDescription(setup),
      subtitle: subtitleOf(
        setup,
        runs.map(({ run }) => run),
        runs[0]?.verdict ?? null,
      ),
    });
    return { figure, inputs: setup.inputs };
  },
};

interface NamedRate {
  learningRate: number;
  /** The rate's role in the lesson, or null for a rate the user gave. */
  name: LessonRateName | null;
}

/**
 * The rates to draw: `--lrs`; or, with no rate given, the lesson's four from the core's one rule (for the
 * data, the optimizer and the budget, which the rule may choose when --steps is not given); else null for
 * the setup's own run.
 */
function ratesToDraw(
  options: Readonly<Record<string, unknown>>,
  setup: RunSetup,
  theory: LinearMseTheory | null,
): { rates: NamedRate[] | null; config: RunConfig; lesson: LessonPlan | null } {
  if (typeof options.lrs === "string") {
    const entry = SCHEDULES[setup.schedule.name as ScheduleName];
    if (entry.kind === "schedule" && setup.schedule.name !== "constant" && entry.rateKey === undefined) {
      throw new LrlabError(
        "E_USAGE",
        `--lrs: --schedule ${setup.schedule.name} takes its rates from --values; plot it without --lrs`,
      );
    }
    return {
      rates: (ratesFrom({ lrs: options.lrs }) ?? []).map((learningRate) => ({ learningRate, name: null })),
      config: setup.config,
      lesson: null,
    };
  }
  if (options.lr === undefined && theory && setup.schedule.name === "constant") {
    const lesson = lessonPlan(setup.config, setup.data, {
      ...(setup.stats ? { stats: setup.stats } : {}),
      theory,
      ...(setup.config.steps !== null ? { steps: setup.config.steps } : {}),
    });
    if (lesson && lesson.rates.length > 0) {
      return {
        rates: lesson.rates.map(({ learningRate, name }) => ({ learningRate, name })),
        config: { ...setup.config, steps: lesson.steps, epochs: null },
        lesson,
      };
    }
  }
  return { rates: null, config: setup.config, lesson: null };
}

/** The data a figure was drawn from, for its <desc>: the file (or built-in set) and the columns. */
export function dataDescription({ data }: Pick<RunSetup, "data">): string {
  return `Data: ${data.source}, ${formatSteps(data.x.length, "point")}, x = ${JSON.stringify(data.xName)}, y = ${JSON.stringify(data.yName)}`;
}

function subtitleOf(setup: RunSetup, runs: readonly TrainResult[], verdict: Verdict | null): string {
  const first = runs[0] as TrainResult;
  const n = setup.data.x.length;
  const parts = [
    setup.optimizerName === "momentum" ? "SGD with momentum" : kerasOptimizerClass(setup.optimizerName),
    ...(setup.schedule.name === "constant" ? [] : [setup.schedule.className]),
    first.batchSize === n ? "full batch" : `batch size ${formatCount(first.batchSize)}`,
    `${formatCount(first.requestedSteps)} steps`,
  ];
  if (runs.length === 1) parts.push(`final loss ${formatNumber(first.final.loss)}`);
  if (verdict?.criticalLearningRate != null)
    parts.push(`critical rate ${verdict.criticalFormula} = ${formatNumber(verdict.criticalLearningRate)}`);
  else if (verdict && hasRate(verdict.localBound))
    parts.push(`${localBoundLabel(verdict.localBound)} (${LOCAL_BOUND_CAVEAT})`);
  return parts.join(" · ");
}
