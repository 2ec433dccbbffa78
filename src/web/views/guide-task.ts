/**
 * A chapter's task in the guide: first a prediction (crawl, settle, jump around, jump out), then the task,
 * its status as the core's checker reads the run on screen (core guide-check.ts `taskDone`), what the run
 * did against the prediction once it has been watched, hints, and the theory's answer behind a click.
 */
import {
  type ChapterFacts,
  type GuideFacts,
  type Objective,
  PREDICTIONS,
  type Prediction,
  predictionOf,
  type TaskEvidence,
  taskDone,
} from "../../core/index.js";
import type { ChapterWords } from "../../render/guide-words.js";
import { PREDICTION_WORDS, predictionFeedback } from "../../render/guide-words.js";
import { formatNumber, formatSteps } from "../../render/numbers.js";
import type { OUTCOME_WORDS } from "../../render/verdict-words.js";

/** Tasks decided by a run of gradient descent (the others: dragging the line, guessing). */
function isRunTask(objective: Objective): boolean {
  return objective.kind !== "line-loss" && objective.kind !== "guess-within";
}

export type TaskState = "unavailable" | "predict" | "waiting" | "not-yet" | "done";

/** Where a task stands, and its status line. */
/** The verdict as what the run did: "this run is too small", "this run jumps out". */
const RUN_DOES: Readonly<Record<keyof typeof OUTCOME_WORDS, string>> = {
  "too-small": "is too small",
  "needs-more-steps": "needs more steps",
  good: "is good",
  "jumps-around": "jumps around",
  "jumps-out": "jumps out",
  noisy: "is noisy",
  "rescued-by-decay": "was rescued by decay",
};

export function taskStatus(
  chapter: ChapterFacts,
  evidence: TaskEvidence,
  prediction: Prediction | null,
): { state: TaskState; words: string } {
  const objective = chapter.objective;
  if (objective === null) return { state: "unavailable", words: "No task on this data." };
  if (chapter.predicts && prediction === null) {
    return { state: "predict", words: "First say what you expect the run to do." };
  }
  if (taskDone(objective, evidence)) return { state: "done", words: "Done ✓" };
  if (isRunTask(objective) && !evidence.revealed) {
    return { state: "waiting", words: "Press Play or Step to check this run." };
  }
  const why = progressWords(objective, evidence);
  return { state: "not-yet", words: `Not yet${why}${why.endsWith("?") ? "" : "."}` };
}

/** Why not yet, from what is on screen: ": this run jumps around", ": the line's loss is 15.78". */
function progressWords(objective: Objective, evidence: TaskEvidence): string {
  const run = evidence.run;
  if (objective.kind === "guess-within") {
    return evidence.bestGuessLoss === null
      ? ": no guesses shown yet"
      : `: the best guess so far has loss ${formatNumber(evidence.bestGuessLoss)}`;
  }
  if (run === null) return "";
  const { verdict } = run;
  const outcome = `: this run ${RUN_DOES[verdict.outcome]}`;
  switch (objective.kind) {
    case "line-loss":
      return `: the line's loss is ${formatNumber(run.history.loss[0] as number)}`;
    case "step-to": {
      const row = Math.min(evidence.at, run.history.length - 1);
      return `: the loss at this step is ${formatNumber(run.history.loss[row] as number)}`;
    }
    case "lowest-reaching":
    case "highest-reaching": {
      if (!verdict.constantRate || verdict.noExactBound !== null || verdict.budget !== objective.steps) {
        return `: keep ${formatSteps(objective.steps)}, full batch and a constant rate`;
      }
      const which = objective.kind === "lowest-reaching" ? "smallest" : "largest";
      return verdict.reached ? `: this rate gets there; is it the ${which} that does?` : outcome;
    }
    case "jumps-out":
      return verdict.outcome === "jumps-out"
        ? ": this rate jumps out; is it the smallest that does?"
        : outcome;
    case "settle-with-decay":
      if (verdict.noExactBound !== "mini-batch") return ": keep the mini-batches";
      return verdict.constantRate ? `${outcome}; choose a decaying schedule` : outcome;
    case "highest-stable":
      if (objective.needsOtherData) return ": load data with other units first";
      return verdict.regime !== "diverging" ? ": this rate stays in; is it the largest that does?" : outcome;
    case "reach":
      return verdict.reached ? ": this run gets there, but not soon enough" : outcome;
  }
}

export interface TaskSection {
  readonly element: HTMLElement;
  /** Shows the chapter's task (when the chapter or the data's facts change). */
  show(chapter: ChapterFacts, words: ChapterWords): void;
  /** Checks the task against what is on screen now. Returns whether it is done. */
  check(chapter: ChapterFacts, facts: GuideFacts, evidence: TaskEvidence): boolean;
}

/** The task section; `predicted` keeps each chapter's prediction for the session. */
export function taskSection(predicted: Map<number, Prediction>, onPredict: () => void): TaskSection {
  const element = document.createElement("section");
  element.className = "guide-task";
  element.dataset.testid = "task";
  element.setAttribute("aria-labelledby", "guide-task-title");
  const heading = document.createElement("h3");
  heading.id = "guide-task-title";
  heading.textContent = "Your task";

  const predict = document.createElement("div");
  predict.className = "guide-predict";
  const question = document.createElement("p");
  question.className = "guide-question";
  const choices = document.createElement("div");
  choices.className = "guide-choices";
  choices.setAttribute("role", "group");
  const buttons = new Map<Prediction, HTMLButtonElement>();
  let shownChapter = 0;
  // Which run a prediction was made for, and whether its outcome was already on show: feedback is only for
  // that run, and a prediction made after seeing it is not called right.
  let currentRun = "";
  let currentShown = false;
  const madeFor = new Map<number, { run: string; late: boolean }>();
  for (const prediction of PREDICTIONS) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = PREDICTION_WORDS[prediction];
    button.dataset.testid = `predict-${prediction}`;
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      predicted.set(shownChapter, prediction);
      madeFor.set(shownChapter, { run: currentRun, late: currentShown });
      onPredict();
    });
    buttons.set(prediction, button);
    choices.append(button);
  }
  predict.append(question, choices);

  const task = document.createElement("p");
  task.className = "guide-task-text";
  const status = document.createElement("p");
  status.className = "task-status";
  status.dataset.testid = "task-status";
  status.setAttribute("role", "status");
  const feedback = document.createElement("p");
  feedback.className = "guide-feedback";
  feedback.dataset.testid = "prediction-feedback";

  const hints = document.createElement("details");
  hints.className = "guide-hints";
  const hintsSummary = document.createElement("summary");
  hintsSummary.textContent = "Hints";
  const hintList = document.createElement("ul");
  hints.append(hintsSummary, hintList);
  const reveal = document.createElement("details");
  reveal.className = "guide-reveal";
  reveal.dataset.testid = "reveal";
  const revealSummary = document.createElement("summary");
  revealSummary.textContent = "Show the answer";
  const answer = document.createElement("p");
  reveal.append(revealSummary, answer);
  element.append(heading, predict, task, status, feedback, hints, reveal);

  return {
    element,
    show(chapter, words) {
      if (chapter.number !== shownChapter) {
        hints.open = false;
        reveal.open = false;
      }
      shownChapter = chapter.number;
      predict.hidden = words.predict === null;
      question.textContent = words.predict ?? "";
      choices.setAttribute("aria-label", words.predict ?? "");
      task.textContent = words.task;
      hintList.replaceChildren(
        ...words.hints.map((hint) => {
          const item = document.createElement("li");
          item.textContent = hint;
          return item;
        }),
      );
      hints.hidden = words.hints.length === 0;
      answer.textContent = words.reveal;
      reveal.hidden = words.reveal === "";
    },
    check(chapter, _facts, evidence) {
      const prediction = predicted.get(chapter.number) ?? null;
      for (const [name, button] of buttons) button.setAttribute("aria-pressed", String(name === prediction));
      const { state, words } = taskStatus(chapter, evidence, prediction);
      // Checked at every frame of a run playing: the live region changes only when its words do.
      if (status.textContent !== words) status.textContent = words;
      status.dataset.state = state;
      status.dataset.done = String(state === "done");
      const run = evidence.run;
      // The run's rate, schedule and budget name it: "" while there is none (the next run is the one meant).
      currentRun = run
        ? `${run.verdict.learningRate}|${run.verdict.finalLearningRate}|${run.verdict.budget}|${run.history.length}`
        : "";
      currentShown = evidence.revealed;
      const watched = chapter.objective !== null && isRunTask(chapter.objective) && evidence.revealed;
      const made = madeFor.get(chapter.number);
      // A prediction kept from an earlier page (progress) or for another run gets no feedback on this one.
      const forThisRun = made !== undefined && (made.run === "" || made.run === currentRun);
      const said =
        prediction !== null && watched && run !== null && forThisRun
          ? made.late
            ? "You saw this run before predicting: change the rate and predict again."
            : predictionFeedback(prediction, predictionOf(run.verdict.outcome))
          : "";
      if (feedback.textContent !== said) feedback.textContent = said;
      feedback.hidden = said === "";
      return state === "done";
    },
  };
}
