/**
 * One click to each regime: the lesson's four rates for the data and optimizer on show (core lesson.ts,
 * asked of the worker, the race's rule too), each a button that sets its rate, a constant schedule and
 * the plan's steps, back at the start. Played, each run shows the regime it is named after.
 */
import type { LessonPlan, LessonRateName } from "../../core/index.js";
import { formatNumber, formatSteps } from "../../render/numbers.js";
import { OUTCOME_TITLES, OUTCOME_WORDS } from "../../render/verdict-words.js";
import type { LabController } from "../controller.js";
import { argDefaults, scheduleArgSpecs } from "../lab-state.js";
import { pause } from "../player.js";
import { DATA_KEYS, runConfigOf } from "../protocol.js";
import type { Store } from "../store.js";
import { formatRates } from "../words.js";
import { oneAtATime } from "./panel.js";

/** The settings the plan depends on besides the data (not the rate or the schedule it replaces). */
const PLAN_INPUTS = [
  "loss",
  "huberDelta",
  "optimizer",
  "optimizerArgs",
  "batchSize",
  "steps",
  "seed",
  "initialW",
  "initialB",
] as const;

/** The buttons' test ids, as issue 11 names them, by the lesson's names for the rates. */
const PRESET_IDS: Readonly<Record<LessonRateName, string>> = {
  "too-small": "preset-too-small",
  good: "preset-good",
  "jumps-around": "preset-oscillating",
  "jumps-out": "preset-diverging",
};

const ORDER: readonly LessonRateName[] = ["too-small", "good", "jumps-around", "jumps-out"];

export interface Presets {
  readonly element: HTMLElement;
  destroy(): void;
}

export function presetButtons(store: Store, lab: LabController): Presets {
  const element = document.createElement("div");
  element.className = "presets";
  element.dataset.control = "presets";
  element.setAttribute("role", "group");
  element.setAttribute("aria-label", "The lesson's rates, one click each");
  const buttons = new Map<LessonRateName, HTMLButtonElement>();
  for (const name of ORDER) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `preset preset-${name}`;
    button.dataset.testid = PRESET_IDS[name];
    button.disabled = true;
    buttons.set(name, button);
    element.append(button);
  }
  const note = document.createElement("small");
  note.className = "hint presets-note";
  element.append(note);

  let plan: LessonPlan | null = null;
  let planVersion = -1;

  const show = () => {
    // With the digits that tell them apart (ill-conditioned data puts the good rate a hair below the
    // bound), and no more: a button is narrow.
    const rates = ORDER.map((name) => plan?.rates.find((rate) => rate.name === name)?.learningRate);
    const known = rates.filter((rate): rate is number => rate !== undefined);
    const distinct = formatRates(known);
    const texts = rates.map((rate) => (rate === undefined ? "—" : (distinct[known.indexOf(rate)] ?? "—")));
    ORDER.forEach((name, index) => {
      const button = buttons.get(name) as HTMLButtonElement;
      const rate = rates[index];
      button.replaceChildren();
      const title = document.createElement("span");
      title.className = "preset-title";
      title.textContent = OUTCOME_TITLES[name];
      const value = document.createElement("span");
      value.className = "preset-rate";
      value.textContent = texts[index] ?? "—";
      button.append(title, value);
      // A preset is offered only if its run shows the regime it is named after (the plan ran it).
      const shows = plan?.rates.find((candidate) => candidate.name === name)?.outcome;
      button.disabled = rate === undefined || shows !== name;
      button.title =
        rate === undefined
          ? plan === null && store.state.loss !== "mse"
            ? "the lesson's rates need an exact best loss: MSE"
            : "no rate shows this here"
          : shows !== name && shows !== undefined
            ? `rate ${texts[index]} would show "${OUTCOME_WORDS[shows]}" here, not "${OUTCOME_WORDS[name]}"`
            : `rate ${texts[index]}, constant, ${formatSteps(plan?.steps ?? 0)}`;
    });
    note.textContent =
      plan === null
        ? store.state.loss === "mse"
          ? ""
          : "The lesson's rates need an exact best loss: MSE."
        : plan.illConditioned || plan.budgetTooShort
          ? `Each runs ${formatSteps(plan.steps)} at a constant rate. ${
              store.state.batchSize > 0 && store.state.batchSize < (store.session.dataInfo?.n ?? 0)
                ? `With mini-batches of ${store.state.batchSize} no constant rate gets within the gap in ${formatSteps(plan.steps)}: the noise keeps it off (a decaying rate settles it)`
                : `On these data no constant rate gets within the gap in ${formatSteps(plan.steps)}${plan.illConditioned ? ` (condition number ${formatNumber(plan.conditionNumber, 4)}): standardize x` : ""}`
            }; the presets that would not show their name are off.`
          : `Each runs ${formatSteps(plan.steps)} at a constant rate.`;
  };

  const ask = oneAtATime(async () => {
    const info = store.session.dataInfo;
    if (!info) return;
    try {
      const { result } = await lab.client.request({ type: "lesson-plan", config: runConfigOf(store.state) });
      if (result.dataVersion !== store.session.dataInfo?.version) return;
      plan = result.plan;
      planVersion = result.dataVersion;
    } catch {
      plan = null;
    }
    show();
  });

  for (const name of ORDER) {
    (buttons.get(name) as HTMLButtonElement).addEventListener("click", () => {
      const rate = plan?.rates.find((candidate) => candidate.name === name);
      if (!plan || !rate || rate.outcome !== name) return;
      pause(store);
      store.set({
        learningRate: rate.learningRate,
        schedule: "constant",
        scheduleArgs: argDefaults(scheduleArgSpecs("constant")),
        steps: plan.steps,
        at: 0,
      });
      store.flushUrl();
    });
  }

  show();
  ask();
  const unsubscribe = store.subscribe((changed) => {
    const dataChanged = changed.has("dataInfo") && store.session.dataInfo?.version !== planVersion;
    if (
      dataChanged ||
      PLAN_INPUTS.some((key) => changed.has(key)) ||
      DATA_KEYS.some((key) => changed.has(key))
    )
      // After the run of the same change is asked for: the verdict never waits for the presets.
      queueMicrotask(ask);
  });
  return { element, destroy: unsubscribe };
}
