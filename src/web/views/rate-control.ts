/**
 * The learning rate: a coarse log slider spanning four decades below the critical rate to two above it
 * (`lr-slider`), a fine slider ±25% around the rate (`lr-fine`), the exact number (`lr-input`), and the
 * theory's good and critical rates marked on both sliders (rate-marks.ts). Every rate is within reach:
 * on the coarse slider arrow keys step 1% of the rate (Shift, PageUp, PageDown: 10%; Home, End: its ends)
 * and a drag ending within 1.5% of a mark lands on it; the fine slider reaches any rate to 0.1%, and
 * re-centres whenever the rate is set by anything else. The arithmetic is in rate-steps.ts.
 */

import { SCHEDULES } from "../../core/index.js";
import { hasRate, LOCAL_BOUND_CAVEAT } from "../../render/local-bound-words.js";
import { formatSteps } from "../../render/numbers.js";
import { learningRateSpec } from "../lab-state.js";
import { readParamText } from "../param-text.js";
import {
  COARSE_SNAP,
  coarseDecades,
  coarseRate,
  DEFAULT_DECADES,
  FINE_SNAP,
  FINE_SPAN,
  fineRate,
  rateAfterKey,
  snapToMarks,
} from "../rate-steps.js";
import type { Store } from "../store.js";
import { formatNumber, formatRates } from "../words.js";
import { commitField, numberInput } from "./commit-field.js";
import { rateMarks } from "./rate-marks.js";

/** Whether the schedule takes no rate argument, so the rate control means nothing (piecewise: its values are the rates). */
export function rateIsUnused(schedule: string): boolean {
  const entry = SCHEDULES[schedule as keyof typeof SCHEDULES];
  return schedule !== "constant" && entry?.kind === "schedule" && entry.rateKey === undefined;
}

export interface RateControl {
  readonly element: HTMLElement;
  /** Shows the state's rate; greys the controls out when the schedule has no use for it. */
  update(): void;
  /** Places the theory's marks (and the coarse slider's ends) for the current run. */
  updateMarks(): void;
  destroy(): void;
}

const KEYS_WORDS = "Arrow keys move the rate 1%, with Shift or Page Up and Page Down 10%.";

function rangeInput(id: string, label: string): HTMLInputElement {
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  input.dataset.testid = id;
  input.setAttribute("aria-label", label);
  return input;
}

function track(className: string, ...children: HTMLElement[]): HTMLElement {
  const element = document.createElement("div");
  element.className = `rate-track ${className}`;
  element.append(...children);
  return element;
}

export function rateControl(store: Store): RateControl {
  const element = document.createElement("fieldset");
  element.className = "rate-control";
  const legend = document.createElement("legend");
  legend.textContent = "Learning rate";
  element.append(legend);

  // The coarse slider: positions are powers of ten.
  let decades = DEFAULT_DECADES;
  const slider = rangeInput("lr-slider", "learning rate, log scale");
  slider.step = "0.001";
  slider.title = KEYS_WORDS;
  const coarseMarks = rateMarks({ labels: true });

  // The fine slider: positions in [−1, 1] are centre × 1.25^position.
  let centre = store.state.learningRate;
  /** The rate the fine slider set last: while the rate is that, the fine slider keeps its centre. */
  let fineSet: number | null = null;
  let finePointer = false;
  const fine = rangeInput("lr-fine", "learning rate, fine: 25% either way");
  fine.min = "-1";
  fine.max = "1";
  fine.step = "0.002";
  const fineMarks = rateMarks({ labels: false, testidPrefix: "fine-" });
  const fineLabel = document.createElement("label");
  fineLabel.htmlFor = "lr-fine";
  fineLabel.className = "fine-label";
  fineLabel.textContent = "fine ±25%";

  const numberLabel = document.createElement("label");
  numberLabel.htmlFor = "lr-input";
  numberLabel.className = "visually-hidden";
  numberLabel.textContent = "learning rate";
  const number = numberInput("lr-input", "decimal");
  number.dataset.testid = "lr-input";
  number.setAttribute("aria-describedby", "lr-problem lr-unused lr-marks-words");
  const problem = document.createElement("small");
  problem.className = "problem";
  problem.id = "lr-problem";
  problem.setAttribute("aria-live", "polite");
  const keysWords = document.createElement("span");
  keysWords.className = "visually-hidden";
  keysWords.id = "lr-keys-words";
  keysWords.textContent = KEYS_WORDS;
  slider.setAttribute("aria-describedby", "lr-marks-words lr-keys-words");
  fine.setAttribute("aria-describedby", "lr-marks-words");
  const marksWords = document.createElement("small");
  marksWords.className = "hint";
  marksWords.id = "lr-marks-words";
  // Why the controls are greyed out when the schedule does not use them (piecewise).
  const unused = document.createElement("small");
  unused.className = "hint rate-unused";
  unused.id = "lr-unused";
  unused.dataset.testid = "lr-unused";
  unused.hidden = true;

  const coarseRow = document.createElement("div");
  coarseRow.className = "rate-row";
  const numberBox = document.createElement("div");
  numberBox.className = "rate-number";
  numberBox.append(numberLabel, number);
  coarseRow.append(track("coarse", coarseMarks.above, slider, coarseMarks.below), numberBox);
  const fineRow = document.createElement("div");
  fineRow.className = "rate-row rate-row-fine";
  fineRow.append(fineLabel, track("fine", fineMarks.above, fine, fineMarks.below));
  element.append(coarseRow, problem, fineRow, marksWords, keysWords, unused);

  const marks = (): number[] => {
    const verdict = store.session.run?.verdict;
    return [verdict?.suggestedLearningRate ?? Number.NaN, verdict?.criticalLearningRate ?? Number.NaN];
  };
  const ends = (): [number, number] => [10 ** decades[0], 10 ** decades[1]];

  slider.addEventListener("keydown", (event) => {
    const next = rateAfterKey(store.state.learningRate, event, ends());
    if (next === null) return;
    event.preventDefault();
    store.set({ learningRate: next });
  });
  slider.addEventListener("keyup", () => store.flushUrl());
  // Keys are handled above, so an input event is a drag or a click on the track.
  slider.addEventListener("input", () => {
    store.set({ learningRate: snapToMarks(coarseRate(Number(slider.value)), marks(), COARSE_SNAP) });
  });
  slider.addEventListener("change", () => store.flushUrl());

  fine.addEventListener("pointerdown", () => {
    finePointer = true;
  });
  const pointerUp = () => {
    finePointer = false;
  };
  addEventListener("pointerup", pointerUp);
  fine.addEventListener("input", () => {
    const rate = fineRate(centre, Number(fine.value));
    // Snap a drag, never a key: a key press beside a mark would snap back onto it.
    fineSet = finePointer ? snapToMarks(rate, marks(), FINE_SNAP) : rate;
    store.set({ learningRate: fineSet });
  });
  fine.addEventListener("change", () => store.flushUrl());

  const field = commitField(number, problem, {
    commit: (text) => {
      const reading = readParamText(learningRateSpec(store.state.optimizer), text);
      if (!reading.ok) return reading.reason;
      store.set({ learningRate: reading.value as number });
      return "";
    },
    current: () => String(store.state.learningRate),
  });

  const placeCoarse = () => {
    const position = Math.log10(store.state.learningRate);
    slider.value = String(Math.min(decades[1], Math.max(decades[0], position)));
  };
  const coarseFraction = (rate: number | undefined) =>
    rate === undefined || !(rate > 0) ? null : (Math.log10(rate) - decades[0]) / (decades[1] - decades[0]);
  const fineFraction = (rate: number | undefined) =>
    rate === undefined || !(rate > 0) ? null : (Math.log(rate / centre) / Math.log(FINE_SPAN) + 1) / 2;

  const placeMarks = () => {
    const verdict = store.session.run?.verdict;
    const localBound = verdict?.localBound ?? null;
    // The optimizer's bound, or Huber's near the best line.
    const critical =
      verdict?.criticalLearningRate ?? (hasRate(localBound) ? localBound.critical.learningRate : undefined);
    const good = verdict?.suggestedLearningRate ?? undefined;
    // Two marks a hair apart (ill-conditioned data) still read as two numbers.
    const [goodText, criticalText] = formatRates(
      [good ?? 1, critical ?? 1],
      good !== undefined ? [good] : [],
    );
    coarseMarks.place(
      { fraction: coarseFraction(good), label: `good ${goodText}` },
      { fraction: coarseFraction(critical), label: `critical ${criticalText}` },
    );
    fineMarks.place(
      { fraction: fineFraction(good), label: "" },
      { fraction: fineFraction(critical), label: "" },
    );
  };

  const update = () => {
    const rate = store.state.learningRate;
    placeCoarse();
    if (rate !== fineSet) {
      centre = rate;
      fineSet = null;
      fine.value = "0";
      fine.setAttribute("aria-label", `learning rate, fine: 25% either way of ${formatNumber(centre)}`);
      placeMarks();
    }
    const valueText = `learning rate ${formatNumber(rate)}`;
    slider.setAttribute("aria-valuetext", valueText);
    fine.setAttribute("aria-valuetext", valueText);
    fine.title = `${formatNumber(centre / FINE_SPAN)} to ${formatNumber(centre * FINE_SPAN)}`;
    field.show();
    const { schedule } = store.state;
    const idle = rateIsUnused(schedule);
    for (const control of [slider, fine, number]) control.disabled = idle;
    element.classList.toggle("is-unused", idle);
    unused.hidden = !idle;
    unused.textContent = idle
      ? `Not used: the ${SCHEDULES[schedule].className} schedule's values are the rates (Schedule, in Settings).`
      : "";
  };

  const updateMarks = () => {
    const run = store.session.run;
    const theory = run?.theory;
    // The chosen optimizer's bound (none for Adam and the like) and the verdict's suggestion beside it.
    const critical = run?.verdict.criticalLearningRate ?? undefined;
    const good = run?.verdict.suggestedLearningRate ?? undefined;
    // Huber: no exact bound, but the one near the best line (core/local-bound.ts), red as suggest prints it.
    const localBound = run?.verdict.localBound ?? null;
    const local = hasRate(localBound) ? localBound.critical : undefined;
    const next = coarseDecades(critical ?? theory?.criticalLearningRate);
    if (next[0] !== decades[0] || next[1] !== decades[1]) {
      decades = next;
      slider.min = String(decades[0]);
      slider.max = String(decades[1]);
      placeCoarse();
    }
    placeMarks();
    const parts: string[] = [];
    const [goodText, criticalText] = formatRates(
      [good ?? 1, critical ?? 1],
      good !== undefined ? [good] : [],
    );
    const simulated = run?.verdict.simulated ?? null;
    if (good !== undefined)
      parts.push(
        simulated
          ? `green the rate that gets there soonest in ${formatSteps(simulated.budget)}, found by running ${simulated.tried} rates, ${goodText}`
          : `green the ${run?.verdict.fastest ? "fastest rate from this start" : "steadiest rate"} ${goodText}`,
      );
    if (critical !== undefined)
      parts.push(`red the critical rate ${criticalText} (${run?.verdict.criticalFormula})`);
    const noBound = `${run?.config.optimizer} has no exact bound`;
    if (!theory && local) {
      const [localText] = formatRates([local.learningRate]);
      marksWords.textContent = `Marks: red ${local.formula} near the best line ${localText}: rates above it jump out of the minimum (${LOCAL_BOUND_CAVEAT}).`;
      return;
    }
    marksWords.textContent = theory
      ? parts.length > 0
        ? `Marks: ${parts.join(", ")}${critical === undefined ? `; no red: ${noBound}` : ""}.`
        : `No marks: ${noBound}.`
      : "";
  };

  slider.min = String(decades[0]);
  slider.max = String(decades[1]);
  update();
  updateMarks();
  return {
    element,
    update,
    updateMarks,
    destroy: () => {
      removeEventListener("pointerup", pointerUp);
      coarseMarks.destroy();
      fineMarks.destroy();
    },
  };
}
