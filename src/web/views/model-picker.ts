/**
 * The Beyond the line tab's picker: which model (the line stays the default, and the lesson's), its
 * arguments (a polynomial's degree; a network's hidden layers and activation), standardizing x, and how
 * often the sharpness is measured, as real form controls with labels. Beside them the three shared settings
 * a learner changes most here (optimizer, rate, steps): the same settings as the Lesson tab's, so a change
 * here is a change there; the rest (loss, schedule, batch size, seed) are named, with where to change them.
 */
import {
  MAX_HIDDEN_LAYERS,
  MAX_HIDDEN_UNITS,
  OPTIMIZER_NAMES,
  type OptimizerCliName,
  type ParamValue,
} from "../../core/index.js";
import { learningRateSpec, type ScalarKey, specOf, withOptimizer } from "../lab-state.js";
import { MODELS_TAB } from "../model-requests.js";
import {
  featureNames,
  featuresText,
  LAB_MODEL_NAMES,
  LABEL_RULE_WORDS,
  type LabModelName,
  MLP_LOSS_WORDS,
  MODEL_FIELDS,
  networkCost,
  sharpnessHint,
  takesSeveralInputs,
} from "../model-settings.js";
import type { Store } from "../store.js";
import { formatCount, formatNumber } from "../words.js";
import { cleanupAll, type Panel } from "./panel.js";
import { type ParamFields, paramFields } from "./param-form.js";

const MODEL_LABELS: Readonly<Record<LabModelName, string>> = {
  line: "line (the lesson's)",
  linear: "linear regression (several x columns)",
  polynomial: "polynomial",
  logistic: "logistic regression",
  mlp: "neural network (mlp)",
};

const MODEL_WORDS: Readonly<Record<LabModelName, string>> = {
  line: "Keras Dense(1) on x: the lesson's model, whose sharpness and critical rate are exact.",
  linear:
    "Keras Dense(1) on several x columns: still exact theory (every Hessian eigenvalue, the critical rate); columns on different scales make it ill-conditioned, which standardizing fixes.",
  polynomial:
    "Dense(1) on x, x², …, xᵏ: curved in x but linear in its weights, so its theory is still exact.",
  logistic: `Dense(1, sigmoid) with Keras BinaryCrossentropy, on one or several x columns (two draw the decision boundary on their plane). Labels: ${LABEL_RULE_WORDS}`,
  mlp: "Keras Dense layers on one or several x columns, glorot_uniform kernels from the shuffle seed, a linear output (a sigmoid one under BCE, on labels read as logistic regression reads them): the sharpness is measured, and moves as it trains.",
};

const FIELD_LABELS: Partial<Record<ScalarKey, string>> = {
  degree: "degree",
  hidden: "hidden layers",
  activation: "activation",
  mlpLoss: "loss",
  standardize: "standardize x",
  trackSharpness: "sharpness every (steps)",
  learningRate: "learning rate",
  steps: "steps",
};

/** The model's argument fields, each shown only for the models it applies to. */
const ARGUMENT_KEYS = ["degree", "hidden", "activation", "mlpLoss", "standardize", "trackSharpness"] as const;

function labelledSelect(id: string, text: string): { field: HTMLElement; select: HTMLSelectElement } {
  const field = document.createElement("div");
  field.className = "field field-choice";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = text;
  const select = document.createElement("select");
  select.id = id;
  field.append(label, select);
  return { field, select };
}

/**
 * The x columns of linear regression, logistic regression and a network: the data's x (always, first) and
 * a checkbox for each other numeric column of the data on show, in the data's order; the built-in data has
 * one x, and the hint says where to find more.
 */
function featureChoices(store: Store): { element: HTMLElement; update: () => void } {
  const element = document.createElement("fieldset");
  element.className = "model-features";
  element.dataset.testid = "model-features";
  const legend = document.createElement("legend");
  legend.textContent = "x columns";
  const boxes = document.createElement("div");
  boxes.className = "model-feature-boxes";
  const hint = document.createElement("small");
  hint.className = "hint";
  hint.id = "model-features-hint";
  element.append(legend, boxes, hint);
  let drawnFor = "";
  const writeHint = (source: string, dataName: string, model: string, others: number, chosen: number) => {
    hint.textContent =
      others === 0
        ? `${source} has one x column: pick a bundled data set (cars, penguins, gapminder) or upload a CSV on the Lesson tab for several.`
        : dataName === "csv"
          ? `${1 + chosen} of ${1 + others} columns; each row needs a number in every one of them: an empty cell is refused with its line and column, as lrlab fit --model ${model} --x … --x … refuses it.`
          : `${1 + chosen} of ${1 + others} columns; rows missing a value in any of them are left out.`;
  };
  const update = () => {
    const { state } = store;
    const data = store.session.dataInfo;
    element.hidden = !takesSeveralInputs(state.model);
    if (element.hidden || !data) return;
    // A new x, y or data set takes the worker a moment (seconds under load) to load: until then the
    // columns on show are the old data's, and may offer the new y as a feature. Lock them meanwhile.
    const behind =
      store.session.loading ||
      (state.x !== "" && state.x !== data.xName) ||
      (state.y !== "" && state.y !== data.yName);
    element.disabled = behind;
    element.setAttribute("aria-busy", String(behind));
    if (behind) hint.textContent = "updating the columns for the new data…";
    const others = data.columns.filter((name) => name !== data.xName && name !== data.yName);
    // Only the boxes on show count: a name this data lacks is being dropped (controller.ts).
    const chosen = featureNames(state.features, data.xName, data.yName).filter((name) =>
      others.includes(name),
    );
    // Same columns on show: tick the boxes in place, so the box a keyboard user just toggled keeps focus.
    const key = JSON.stringify([state.data, state.model, data.xName, data.yName, others]);
    if (key === drawnFor) {
      for (const input of boxes.querySelectorAll<HTMLInputElement>("input[data-column]:not(:disabled)")) {
        input.checked = chosen.includes(input.dataset.column ?? "");
      }
      if (!behind) writeHint(data.source, state.data, state.model, others.length, chosen.length);
      return;
    }
    drawnFor = key;
    const box = (name: string, index: number, checked: boolean, fixed: boolean) => {
      const label = document.createElement("label");
      label.className = "model-feature";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.id = `model-feature-${index}`;
      input.checked = checked;
      input.disabled = fixed;
      input.dataset.column = name;
      input.addEventListener("change", () => {
        const now = featureNames(store.state.features, data.xName, data.yName);
        const next = input.checked ? [...now, name] : now.filter((other) => other !== name);
        // In the data's order, so a link reads the same whichever box was ticked first.
        store.set({ features: featuresText(others.filter((other) => next.includes(other))) });
      });
      label.append(input, ` ${name}${fixed ? " (the x)" : ""}`);
      return label;
    };
    boxes.replaceChildren(
      box(data.xName, 0, true, true),
      ...others.map((name, i) => box(name, i + 1, chosen.includes(name), false)),
    );
    if (!behind) writeHint(data.source, state.data, state.model, others.length, chosen.length);
  };
  return { element, update };
}

export const modelPickerPanel: Panel = {
  id: "model-picker",
  title: "Model",
  tab: MODELS_TAB,
  area: "main",
  mount(container, store) {
    const model = labelledSelect("model-select", "model");
    model.select.dataset.testid = "model-select";
    model.field.classList.add("model-choice");
    for (const name of LAB_MODEL_NAMES) model.select.append(new Option(MODEL_LABELS[name], name));
    model.select.addEventListener("change", () => store.set({ model: model.select.value as LabModelName }));
    const modelWords = document.createElement("small");
    modelWords.className = "hint";
    modelWords.id = "model-select-hint";
    model.select.setAttribute("aria-describedby", modelWords.id);
    model.field.append(modelWords);

    // The picker's fields read their values from the state by key (all scalars).
    const values = (): Record<string, ParamValue> => {
      const { degree, hidden, activation, mlpLoss, standardize, trackSharpness, learningRate, steps } =
        store.state;
      return { degree, hidden, activation, mlpLoss, standardize, trackSharpness, learningRate, steps };
    };
    const argumentFields = ARGUMENT_KEYS.map((key) => {
      const field = MODEL_FIELDS.find((candidate) => candidate.key === key);
      const fields = paramFields([specOf(store.state, key)], {
        idPrefix: "model",
        values: values(),
        label: (spec) => FIELD_LABELS[spec.key as ScalarKey] ?? spec.key,
        onChange: (changed, value) => {
          if (value !== undefined) store.set({ [changed]: value } as never);
        },
      });
      return { key, fields, appliesTo: field?.appliesTo };
    });
    const features = featureChoices(store);
    const modelFields = document.createElement("div");
    modelFields.className = "model-fields";
    modelFields.append(model.field, features.element, ...argumentFields.map(({ fields }) => fields.element));

    // The shared settings: the same state keys as the Lesson tab's controls.
    const shared = document.createElement("fieldset");
    shared.className = "model-shared";
    const legend = document.createElement("legend");
    legend.textContent = "Shared with the Lesson tab";
    const optimizer = labelledSelect("model-optimizer", "optimizer");
    optimizer.select.dataset.testid = "model-optimizer";
    for (const name of OPTIMIZER_NAMES) optimizer.select.append(new Option(name, name));
    optimizer.select.addEventListener("change", () => {
      const next = withOptimizer(store.state, optimizer.select.value as OptimizerCliName);
      store.set({
        optimizer: next.optimizer,
        learningRate: next.learningRate,
        optimizerArgs: next.optimizerArgs,
      });
    });
    let rateFields: ParamFields | null = null;
    let rateOptimizer = "";
    const rateHost = document.createElement("div");
    const stepFields = paramFields([specOf(store.state, "steps")], {
      idPrefix: "model-shared",
      values: values(),
      label: () => "steps",
      onChange: (_key, value) => {
        if (typeof value === "number") store.set({ steps: value });
      },
    });
    const sharedFields = document.createElement("div");
    sharedFields.className = "model-fields";
    sharedFields.append(optimizer.field, rateHost, stepFields.element);
    // A control a teacher hides with `hide=` (view-rules.ts) is hidden on this tab too.
    optimizer.field.dataset.control = "optimizer";
    rateHost.dataset.control = "rate";
    stepFields.element.dataset.control = "run";
    const rest = document.createElement("small");
    rest.className = "hint";
    rest.dataset.testid = "model-shared-rest";
    shared.append(legend, sharedFields, rest);
    container.append(modelFields, shared);

    const update = () => {
      const state = store.state;
      if (document.activeElement !== model.select) model.select.value = state.model;
      modelWords.textContent = MODEL_WORDS[state.model];
      for (const { fields, appliesTo } of argumentFields) {
        fields.element.hidden = appliesTo ? !appliesTo(state) : false;
        fields.update(values());
      }
      features.update();
      const hiddenHint = container.querySelector("#model-hidden-hint");
      if (hiddenHint) {
        const data = store.session.dataInfo;
        const inputs = data
          ? 1 +
            featureNames(state.features, data.xName, data.yName).filter((name) => data.columns.includes(name))
              .length
          : 1;
        const cost = networkCost(state.hidden, inputs, data?.n ?? 0, state.steps);
        // A refused value (commit-field.ts) leaves the last valid one in force: say whose count this is.
        const refused = container.querySelector("#model-hidden")?.getAttribute("aria-invalid") === "true";
        const count = `${cost.parameters.toLocaleString("en-US")} parameters${refused ? ` for the last valid value, ${state.hidden.join(",")}` : ""}`;
        hiddenHint.textContent = `units per hidden layer, e.g. 16 or 8,8 (up to ${MAX_HIDDEN_LAYERS} layers of ${MAX_HIDDEN_UNITS.toLocaleString("en-US")}, as the CLI): ${cost.note ?? count}`;
        hiddenHint.classList.toggle("cost-note", cost.note !== null);
      }
      const hint = container.querySelector("#model-track-sharpness-hint");
      if (hint) {
        hint.textContent = sharpnessHint(state.trackSharpness, state.steps);
      }
      optimizer.select.value = state.optimizer;
      if (!rateFields || rateOptimizer !== state.optimizer) {
        // The rate's spec (its default) depends on the optimizer: new field for a new optimizer.
        rateOptimizer = state.optimizer;
        rateFields = paramFields([learningRateSpec(state.optimizer)], {
          idPrefix: "model-shared",
          values: values(),
          label: () => "learning rate",
          onChange: (_key, value) => {
            if (typeof value === "number") store.set({ learningRate: value });
          },
        });
        rateHost.replaceChildren(rateFields.element);
      } else rateFields.update(values());
      stepFields.update(values());
      // The network's loss choice names the shared loss it stands for.
      const shared = container.querySelector<HTMLOptionElement>('#model-mlp-loss option[value="shared"]');
      if (shared) shared.text = `${state.loss.toUpperCase()} (the Lesson's)`;
      const bce = container.querySelector<HTMLOptionElement>('#model-mlp-loss option[value="bce"]');
      if (bce) bce.text = MLP_LOSS_WORDS.bce;
      const loss =
        state.model === "logistic"
          ? "loss BCE (logistic regression's own)"
          : state.model === "mlp" && state.mlpLoss === "bce"
            ? "loss BCE (the network's, chosen above)"
            : `loss ${state.loss.toUpperCase()}${state.loss === "huber" ? ` (δ = ${formatNumber(state.huberDelta)})` : ""}`;
      const batch = state.batchSize > 0 ? `batch size ${formatCount(state.batchSize)}` : "full batch";
      rest.textContent = `${loss} · schedule ${state.schedule} · ${batch} · seed ${state.seed}: change these on the Lesson tab's Settings.`;
    };
    update();
    const keys: readonly string[] = [
      ...ARGUMENT_KEYS,
      "model",
      "features",
      "x",
      "y",
      "dataInfo",
      "loading",
      "optimizer",
      "learningRate",
      "steps",
      "loss",
      "huberDelta",
      "schedule",
      "batchSize",
      "seed",
    ];
    const unsubscribe = store.subscribe((changed) => {
      if (keys.some((key) => changed.has(key as ScalarKey))) update();
    });
    // Refusing a value changes no setting, only the field's aria-invalid: watch that for the count's words.
    const refusals = new MutationObserver(update);
    const hiddenInput = container.querySelector("#model-hidden");
    if (hiddenInput) refusals.observe(hiddenInput, { attributes: true, attributeFilter: ["aria-invalid"] });
    return { destroy: cleanupAll([unsubscribe, () => refusals.disconnect()]) };
  },
};
