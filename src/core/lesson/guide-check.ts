/**
 * Whether a guide task is done, read only from what the lab already computed: the run on screen (its
 * verdict and recorded losses), the step on show, and the best random guess shown. Pure, so the page, a
 * test and a printed handout agree on what "done" means.
 *
 * A run's task counts only once its outcome is on show (played or stepped since its settings changed):
 * predict, then check. Dragging the line and guessing need no run.
 */

import type { Outcome, Verdict } from "../judging/verdict.js";
import type { History } from "../training/history.js";
import type { Objective } from "./guide.js";

/** What a learner predicts a run will do, in the lesson's plain words. */
export type Prediction = "crawl" | "settle" | "jump-around" | "jump-out";

export const PREDICTIONS: readonly Prediction[] = ["crawl", "settle", "jump-around", "jump-out"];

/** The prediction a run's outcome confirms: noise bounces around the minimum as overshooting does. */
export function predictionOf(outcome: Outcome): Prediction {
  switch (outcome) {
    case "too-small":
    case "needs-more-steps":
      return "crawl";
    case "good":
    case "rescued-by-decay":
      return "settle";
    case "jumps-around":
    case "noisy":
      return "jump-around";
    case "jumps-out":
      return "jump-out";
  }
}

/** The run on screen as a task reads it: the lab's run answer has these fields. */
export interface TaskRun {
  readonly verdict: Verdict;
  readonly history: Pick<History, "length" | "step" | "loss">;
}

export interface TaskEvidence {
  /** The run on screen, null while there is none. */
  readonly run: TaskRun | null;
  /** The recorded row on show. */
  readonly at: number;
  /** The run's outcome is on show: it was played or stepped since its settings changed. */
  readonly revealed: boolean;
  /** The lowest loss of the random guesses shown so far; null before the first. */
  readonly bestGuessLoss: number | null;
}

/** Same bound to within rounding: the run is on the data and optimizer the objective was computed for. */
function sameBound(verdict: Verdict, critical: number): boolean {
  const bound = verdict.criticalLearningRate;
  return bound !== null && Math.abs(bound - critical) <= 1e-9 * critical;
}

/** Full-batch plain gradient descent at a constant rate for `steps` steps: the runs the closed forms describe. */
function plainConstant(verdict: Verdict, steps: number): boolean {
  return (
    verdict.constantRate &&
    verdict.criticalIsExact &&
    verdict.criticalFormula === "2/λmax" &&
    verdict.budget === steps
  );
}

/** The first recorded step whose loss is within `gap` of the best loss, or null. */
function reachedAt(run: TaskRun, gap: number): number | null {
  const best = run.verdict.bestLoss;
  if (best === null) return null;
  const { loss, step, length } = run.history;
  for (let i = 0; i < length; i++) {
    if ((loss[i] as number) - best <= gap) return step[i] as number;
  }
  return null;
}

/** Whether the evidence achieves the objective. */
export function taskDone(objective: Objective, evidence: TaskEvidence): boolean {
  const { run } = evidence;
  if (objective.kind === "guess-within") {
    return evidence.bestGuessLoss !== null && evidence.bestGuessLoss <= objective.maxLoss;
  }
  if (run === null || run.history.length === 0) return false;
  // Dragging the line changes where the run starts: its first recorded loss.
  if (objective.kind === "line-loss") return (run.history.loss[0] as number) <= objective.maxLoss;
  if (!evidence.revealed) return false;
  const { verdict } = run;
  const rate = verdict.learningRate;
  switch (objective.kind) {
    case "step-to": {
      const row = Math.min(evidence.at, run.history.length - 1);
      return evidence.at >= 1 && (run.history.loss[row] as number) <= objective.maxLoss;
    }
    case "lowest-reaching":
      return (
        plainConstant(verdict, objective.steps) &&
        verdict.reached === true &&
        rate <= objective.rate * (1 + objective.tolerance)
      );
    case "highest-reaching":
      return (
        plainConstant(verdict, objective.steps) &&
        verdict.reached === true &&
        rate >= objective.rate / (1 + objective.tolerance)
      );
    case "jumps-out":
      return (
        verdict.constantRate &&
        verdict.criticalIsExact &&
        sameBound(verdict, objective.critical) &&
        verdict.outcome === "jumps-out" &&
        rate <= objective.critical * (1 + objective.tolerance)
      );
    case "settle-with-decay":
      return (
        !verdict.constantRate &&
        verdict.noExactBound === "mini-batch" &&
        (verdict.outcome === "good" || verdict.outcome === "rescued-by-decay")
      );
    case "highest-stable":
      return (
        !objective.needsOtherData &&
        verdict.constantRate &&
        verdict.criticalIsExact &&
        sameBound(verdict, objective.critical) &&
        verdict.regime !== "diverging" &&
        rate >= objective.critical / (1 + objective.tolerance)
      );
    case "reach": {
      const at = reachedAt(run, objective.gap);
      return at !== null && at <= objective.maxSteps;
    }
  }
}
