/**
 * The settings of a run besides its learning rate (which sits with the verdict, controls.ts): the optimizer
 * and its arguments, the schedule and its arguments, the loss, the batch size, the number of steps and the
 * shuffle seed. Every argument
 * field is generated from the core's ParamSpec tables (through lab-state.ts), so a new argument there
 * shows up here by itself.
 */
import {
  OPTIMIZER_NAMES,
  OPTIMIZERS,
  type OptimizerCliName,
  type ParamValue,
  SCHEDULE_NAMES,
  SCHEDULES,
  type ScheduleName,
  scheduleLengthDefaults,
} from "../../core/index.js";
import {
  optimizerArgSpecs,
  type ScalarKey,
  scheduleArgSpecs,
  specOf,
  withOptimizer,
  withSchedule,
} from "../lab-state.js";
import type { Store } from "../store.js";
import { cleanupAll, type Panel } from "./panel.js";
import { type ParamFields, paramFields } from "./param-form.js";

function group(title: string): { fieldset: HTMLFieldSetElement; body: HTMLElement } {
  const fieldset = document.createElement("fieldset");
  const legend = document.createElement("legend");
  legend.textContent = title;
  const body = document.createElement("div");
  body.className = "group-body";
  fieldset.append(legend, body);
  return { fieldset, body };
}

function labelledSelect(
  id: string,
  text: string,
  options: readonly string[],
): { label: HTMLLabelElement; select: HTMLSelectElement } {
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = text;
  const select = document.createElement("select");
  select.id = id;
  for (const option of options) select.append(new Option(option, option));
  return { label, select };
}

const OPTIMIZER_WORDS: Readonly<Record<OptimizerCliName, string>> = {
  sgd: "Keras SGD: plain gradient descent, w ← w − lr·g",
  momentum: "Keras SGD with momentum 0.9: v ← m·v − lr·g; w ← w + v",
  rmsprop: `Keras ${OPTIMIZERS.rmsprop.kerasClass}: steps scaled by a running RMS of the gradient`,
  adam: `Keras ${OPTIMIZERS.adam.kerasClass}: momentum and RMS scaling, bias-corrected`,
  adagrad: `Keras ${OPTIMIZERS.adagrad.kerasClass}: steps shrink with the sum of squared gradients`,
};

const RUN_LABELS: Partial<Record<ScalarKey, string>> = {
  batchSize: "batch size",
  steps: "steps",
  seed: "shuffle seed",
  huberDelta: "Huber delta",
};

export const settingsPanel: Panel = {
  id: "settings",
  title: "Settings",
  tab: "lesson",
  area: "side",
  mount(container, store) {
    const cleanups: (() => void)[] = [];

    // The optimizer and its arguments.
    const optimizer = group("Optimizer");
    const optimizerSelect = labelledSelect("optimizer-select", "optimizer", OPTIMIZER_NAMES);
    optimizerSelect.select.dataset.testid = "optimizer-select";
    const optimizerWords = document.createElement("small");
    optimizerWords.className = "hint";
    const optimizerArgs = document.createElement("div");
    optimizer.body.append(optimizerSelect.label, optimizerSelect.select, optimizerWords, optimizerArgs);
    optimizerSelect.select.addEventListener("change", () => {
      const name = optimizerSelect.select.value as OptimizerCliName;
      const next = withOptimizer(store.state, name);
      store.set({
        optimizer: next.optimizer,
        learningRate: next.learningRate,
        optimizerArgs: next.optimizerArgs,
      });
    });

    // The schedule and its arguments.
    const schedule = group("Schedule");
    const scheduleSelect = labelledSelect("schedule-select", "schedule", SCHEDULE_NAMES);
    scheduleSelect.select.dataset.testid = "schedule-select";
    const scheduleWords = document.createElement("small");
    scheduleWords.className = "hint";
    const scheduleArgs = document.createElement("div");
    schedule.body.append(scheduleSelect.label, scheduleSelect.select, scheduleWords, scheduleArgs);
    scheduleSelect.select.addEventListener("change", () => {
      const next = withSchedule(store.state, scheduleSelect.select.value as ScheduleName);
      store.set({ schedule: next.schedule, scheduleArgs: next.scheduleArgs });
    });

    // The loss and the run.
    const run = group("Loss and run");
    const lossSelect = labelledSelect("loss-select", "loss", ["mse", "mae", "huber"]);
    lossSelect.select.dataset.testid = "loss-select";
    lossSelect.select.addEventListener("change", () => store.set({ loss: lossSelect.select.value as "mse" }));
    const deltaHost = document.createElement("div");
    const runKeys = ["batchSize", "steps", "seed"] as const;
    const runFields = paramFields(
      runKeys.map((key) => specOf(store.state, key)),
      {
        idPrefix: "run",
        values: runValues(store),
        label: (spec) => RUN_LABELS[spec.key as ScalarKey] ?? spec.key,
        onChange: (key, value) => store.set({ [key]: value } as never),
      },
    );
    run.body.append(lossSelect.label, lossSelect.select, deltaHost, runFields.element);
    container.append(optimizer.fieldset, schedule.fieldset, run.fieldset);
    // Names that `hide=` can hide (view-rules.ts).
    optimizer.fieldset.dataset.control = "optimizer";
    schedule.fieldset.dataset.control = "schedule";
    run.fieldset.dataset.control = "run";

    let optimizerFields: ParamFields | null = null;
    let optimizerShown = "";
    let scheduleFields: ParamFields | null = null;
    let scheduleShown = "";
    let deltaFields: ParamFields | null = null;

    const update = () => {
      const state = store.state;
      optimizerSelect.select.value = state.optimizer;
      optimizerWords.textContent = OPTIMIZER_WORDS[state.optimizer];
      if (optimizerShown !== state.optimizer || !optimizerFields) {
        optimizerShown = state.optimizer;
        optimizerFields = paramFields(optimizerArgSpecs(state.optimizer), {
          idPrefix: "optimizer",
          values: state.optimizerArgs,
          onChange: (key, value) => setArg(store, "optimizerArgs", key, value),
        });
        optimizerArgs.replaceChildren(optimizerFields.element);
      } else optimizerFields.update(state.optimizerArgs);

      scheduleSelect.select.value = state.schedule;
      const entry = SCHEDULES[state.schedule];
      scheduleWords.textContent =
        state.schedule === "constant"
          ? "The same rate at every step."
          : `${entry.className}: ${entry.citation}.${state.schedule === "piecewise" ? " Its values are the rates; the learning rate is not used." : ""}`;
      if (scheduleShown !== state.schedule || !scheduleFields) {
        scheduleShown = state.schedule;
        // A length left empty spans the run, as `lrlab fit` fills it (the core's scheduleLengthDefaults).
        const lengthOf = (key: string): number | undefined =>
          scheduleLengthDefaults(store.state.schedule, store.state.scheduleArgs, store.state.steps)[key];
        const lengths = Object.keys(scheduleLengthDefaults(state.schedule, state.scheduleArgs, state.steps));
        scheduleFields = paramFields(scheduleArgSpecs(state.schedule), {
          idPrefix: "schedule",
          values: state.scheduleArgs,
          optional: [...(entry.kind === "schedule" ? entry.optional : []), ...lengths],
          placeholder: (key) => {
            const length = lengthOf(key);
            return length === undefined ? null : `${length}: spans the run`;
          },
          onChange: (key, value) => setArg(store, "scheduleArgs", key, value),
        });
        scheduleArgs.replaceChildren(scheduleFields.element);
      } else scheduleFields.update(state.scheduleArgs);

      lossSelect.select.value = state.loss;
      if (state.loss === "huber") {
        if (!deltaFields) {
          deltaFields = paramFields([specOf(state, "huberDelta")], {
            idPrefix: "loss",
            values: { huberDelta: state.huberDelta },
            label: () => "Huber delta",
            onChange: (_key, value) => store.set({ huberDelta: value as number }),
          });
          deltaHost.replaceChildren(deltaFields.element);
        } else deltaFields.update({ huberDelta: state.huberDelta });
      } else if (deltaFields) {
        deltaFields = null;
        deltaHost.replaceChildren();
      }
      runFields.update(runValues(store));
    };

    update();
    cleanups.push(
      store.subscribe((changed) => {
        for (const key of [
          "optimizer",
          "optimizerArgs",
          "schedule",
          "scheduleArgs",
          "loss",
          "huberDelta",
          "batchSize",
          "steps",
          "seed",
        ] as const) {
          if (changed.has(key)) {
            update();
            return;
          }
        }
      }),
    );
    return { destroy: cleanupAll(cleanups) };
  },
};

function runValues(store: Store): Record<string, ParamValue> {
  const { batchSize, steps, seed } = store.state;
  return { batchSize, steps, seed };
}

function setArg(
  store: Store,
  group: "optimizerArgs" | "scheduleArgs",
  key: string,
  value: ParamValue | undefined,
): void {
  const args: Record<string, ParamValue> = { ...store.state[group] };
  if (value === undefined) delete args[key];
  else args[key] = value;
  store.set({ [group]: args } as never);
}
