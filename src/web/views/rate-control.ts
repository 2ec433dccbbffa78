/**
 * The learning rate: a log slider with the optimal (green) and critical (red) rates of the exact theory
 * marked under it, and the exact number (`lr-input`). The slider spans four decades below the critical
 * rate to two above it, so that on any data the rates worth trying sit in its middle.
 */

import { SCHEDULES } from "../../core/index.js";
import { hasRate, LOCAL_BOUND_CAVEAT } from "../../render/local-bound-words.js";
import { formatSteps } from "../../render/numbers.js";
import { learningRateSpec } from "../lab-state.js";
import { readParamText } from "../param-text.js";
import type { Store } from "../store.js";
import { formatNumber, formatRates } from "../words.js";
import { commitField, numberInput } from "./commit-field.js";

/** Whether the schedule takes no rate argument, so the rate control means nothing (piecewise: its values are the rates). */
export function rateIsUnused(schedule: string): boolean {
  const entry = SCHEDULES[schedule as keyof typeof SCHEDULES];
  return schedule !== "constant" && entry?.kind === "schedule" && entry.rateKey === undefined;
}

/** The slider's range in powers of ten before the theory is known. */
const DEFAULT_RANGE: readonly [number, number] = [-6, 1];

/** The slider's range in powers of ten around the critical rate. */
function sliderRange(critical: number | undefined): readonly [number, number] {
  if (critical === undefined || !(critical > 0) || !Number.isFinite(critical)) return DEFAULT_RANGE;
  const decade = Math.log10(critical);
  return [Math.floor(decade) - 4, Math.ceil(decade) + 2];
}

/** Three significant digits: what a slider position means. */
const sliderRate = (position: number) => Number((10 ** position).toPrecision(3));

export interface RateControl {
  readonly element: HTMLElement;
  /** Shows the state's rate, unless the learner is moving the slider or typing; greys both out when the schedule has no use for it. */
  update(): void;
  /** Places the theory's marks (and the slider's range) for the current run. */
  updateMarks(): void;
}

export function rateControl(store: Store): RateControl {
  const element = document.createElement("fieldset");
  const legend = document.createElement("legend");
  legend.textContent = "Learning rate";
  const body = document.createElement("div");
  body.className = "group-body";
  element.append(legend, body);

  const slider = document.createElement("input");
  slider.type = "range";
  slider.id = "lr-slider";
  let range = DEFAULT_RANGE;
  slider.min = String(range[0]);
  slider.max = String(range[1]);
  slider.step = "0.001";
  slider.setAttribute("aria-label", "learning rate, log scale");
  slider.dataset.testid = "lr-slider";
  const marks = document.createElement("div");
  marks.className = "rate-marks";
  marks.setAttribute("aria-hidden", "true");
  const criticalMark = document.createElement("span");
  criticalMark.className = "mark mark-critical";
  const optimalMark = document.createElement("span");
  optimalMark.className = "mark mark-optimal";
  marks.append(optimalMark, criticalMark);
  const numberLabel = document.createElement("label");
  numberLabel.htmlFor = "lr-input";
  numberLabel.textContent = "learning rate";
  const number = numberInput("lr-input", "decimal");
  number.dataset.testid = "lr-input";
  number.setAttribute("aria-describedby", "lr-problem lr-unused lr-marks-words");
  const problem = document.createElement("small");
  problem.className = "problem";
  problem.id = "lr-problem";
  problem.setAttribute("aria-live", "polite");
  const marksWords = document.createElement("small");
  marksWords.className = "hint";
  marksWords.id = "lr-marks-words";
  const numberRow = document.createElement("div");
  numberRow.className = "field";
  numberRow.append(numberLabel, number, problem);
  // Why the controls are greyed out when the schedule does not use them (piecewise).
  const unused = document.createElement("small");
  unused.className = "hint rate-unused";
  unused.id = "lr-unused";
  unused.dataset.testid = "lr-unused";
  unused.hidden = true;
  body.append(slider, marks, marksWords, numberRow, unused);

  slider.addEventListener("input", () => store.set({ learningRate: sliderRate(Number(slider.value)) }));
  slider.addEventListener("change", () => store.flushUrl());
  const field = commitField(number, problem, {
    commit: (text) => {
      const reading = readParamText(learningRateSpec(store.state.optimizer), text);
      if (!reading.ok) return reading.reason;
      store.set({ learningRate: reading.value as number });
      return "";
    },
    current: () => String(store.state.learningRate),
  });

  const placeSlider = () => {
    if (document.activeElement === slider) return;
    slider.value = String(Math.min(range[1], Math.max(range[0], Math.log10(store.state.learningRate))));
  };

  const update = () => {
    const rate = store.state.learningRate;
    placeSlider();
    slider.setAttribute("aria-valuetext", `learning rate ${formatNumber(rate)}`);
    field.show();
    const { schedule } = store.state;
    const idle = rateIsUnused(schedule);
    slider.disabled = idle;
    number.disabled = idle;
    element.classList.toggle("is-unused", idle);
    unused.hidden = !idle;
    unused.textContent = idle
      ? `Not used: the ${SCHEDULES[schedule].className} schedule's values are the rates (Schedule, below).`
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
    const next = sliderRange(critical ?? theory?.criticalLearningRate);
    if (next[0] !== range[0] || next[1] !== range[1]) {
      range = next;
      slider.min = String(range[0]);
      slider.max = String(range[1]);
      placeSlider();
    }
    const place = (mark: HTMLElement, value: number | undefined) => {
      if (value === undefined || !(value > 0)) {
        mark.hidden = true;
        return;
      }
      const fraction = (Math.log10(value) - range[0]) / (range[1] - range[0]);
      mark.hidden = fraction < 0 || fraction > 1;
      mark.style.left = `${(fraction * 100).toFixed(2)}%`;
    };
    place(criticalMark, critical ?? local?.learningRate);
    place(optimalMark, good);
    const parts: string[] = [];
    // Two marks a hair apart (ill-conditioned data) still read as two numbers.
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

  update();
  updateMarks();
  return { element, update, updateMarks };
}
