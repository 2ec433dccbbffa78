/**
 * The race's lanes: how many race, and each lane's optimizer and rate. An empty rate means the theory's
 * rate for the lane (shown as the field's placeholder once the race has run); "Rates from the theory"
 * empties them all. The values live in `raceArgs` (race-lanes.ts), so a link brings the same race back.
 */
import { OPTIMIZER_NAMES, type ParamValue } from "../../core/index.js";
import { seriesColor } from "../../render/theme.js";
import { readParamText } from "../param-text.js";
import { MAX_LANES, raceLaneParams } from "../race-lanes.js";
import type { Store } from "../store.js";
import { formatNumber } from "../words.js";
import { commitField, numberInput } from "./commit-field.js";
import { cleanupAll, type Panel } from "./panel.js";

const laneSpec = (key: string) => raceLaneParams.find((spec) => spec.key === key);

function setArg(store: Store, key: string, value: ParamValue): void {
  store.set({ raceArgs: { ...store.state.raceArgs, [key]: value } });
}

export const raceSettingsPanel: Panel = {
  id: "race-settings",
  title: "Lanes",
  tab: "race",
  area: "side",
  mount(container, store) {
    const countLabel = document.createElement("label");
    countLabel.htmlFor = "race-lanes";
    countLabel.textContent = "lanes";
    const count = document.createElement("select");
    count.id = "race-lanes";
    count.dataset.testid = "race-lanes";
    for (let lanes = 1; lanes <= MAX_LANES; lanes++) count.append(new Option(String(lanes), String(lanes)));
    count.addEventListener("change", () => setArg(store, "lanes", Number(count.value)));
    const countField = document.createElement("div");
    countField.className = "field";
    countField.append(countLabel, count);

    const table = document.createElement("div");
    table.className = "lane-fields";
    const controls = Array.from({ length: MAX_LANES }, (_, index) => {
      const lane = index + 1;
      const row = document.createElement("fieldset");
      row.className = "lane-field";
      const legend = document.createElement("legend");
      const swatch = document.createElement("span");
      swatch.className = "lane-swatch";
      swatch.style.background = seriesColor(index);
      swatch.setAttribute("aria-hidden", "true");
      legend.append(swatch, `Lane ${lane}`);
      const optimizerLabel = document.createElement("label");
      optimizerLabel.htmlFor = `race-optimizer-${lane}`;
      optimizerLabel.textContent = "optimizer";
      const optimizer = document.createElement("select");
      optimizer.id = `race-optimizer-${lane}`;
      optimizer.dataset.testid = `race-optimizer-${lane}`;
      for (const name of OPTIMIZER_NAMES) optimizer.append(new Option(name, name));
      optimizer.addEventListener("change", () => setArg(store, `optimizer${lane}`, optimizer.value));
      const rateLabel = document.createElement("label");
      rateLabel.htmlFor = `race-lr-${lane}`;
      rateLabel.textContent = "learning rate";
      const rate = numberInput(`race-lr-${lane}`, "decimal");
      rate.dataset.testid = `race-lr-${lane}`;
      const problem = document.createElement("small");
      problem.className = "problem";
      problem.setAttribute("aria-live", "polite");
      rate.setAttribute("aria-describedby", `race-lr-${lane}-problem`);
      problem.id = `race-lr-${lane}-problem`;
      const rateField = commitField(rate, problem, {
        commit: (text) => {
          const spec = laneSpec(`lr${lane}`);
          if (!spec) return "";
          // Empty: the theory's rate (0 in the table).
          const reading = text.trim() === "" ? ({ ok: true, value: 0 } as const) : readParamText(spec, text);
          if (!reading.ok) return reading.reason;
          setArg(store, `lr${lane}`, reading.value);
          return "";
        },
        current: () => {
          const value = Number(store.state.raceArgs[`lr${lane}`]);
          return value > 0 ? String(value) : "";
        },
      });
      const fields = document.createElement("div");
      fields.className = "lane-inputs";
      const left = document.createElement("div");
      left.append(optimizerLabel, optimizer);
      const right = document.createElement("div");
      right.append(rateLabel, rate);
      fields.append(left, right);
      row.append(legend, fields, problem);
      table.append(row);
      return { row, optimizer, rate, rateField };
    });

    const theory = document.createElement("button");
    theory.type = "button";
    theory.textContent = "Rates from the theory";
    theory.dataset.testid = "race-theory-rates";
    theory.addEventListener("click", () => {
      const args: Record<string, ParamValue> = { ...store.state.raceArgs };
      for (let lane = 1; lane <= MAX_LANES; lane++) args[`lr${lane}`] = 0;
      store.set({ raceArgs: args });
    });
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent =
      "An empty rate is the lesson's for the lane: too small, good, jumps around, jumps out (for MSE; ×0.1, ×1, ×3, ×10 the lesson's rate otherwise). " +
      "Data, loss, batch size, steps, schedule and start are the Lesson tab's; an optimizer keeps its settings there when it is the lesson's, else Keras's defaults.";
    container.append(countField, table, theory, hint);

    const update = () => {
      const args = store.state.raceArgs;
      const lanes = Number(args.lanes);
      if (document.activeElement !== count) count.value = String(lanes);
      const race = store.session.race;
      controls.forEach(({ row, optimizer, rate, rateField }, index) => {
        const lane = index + 1;
        row.hidden = lane > lanes;
        optimizer.value = String(args[`optimizer${lane}`]);
        rateField.show();
        const ran = race?.lanes[index];
        rate.placeholder = ran?.fromTheory ? `theory: ${formatNumber(ran.learningRate)}` : "from the theory";
      });
    };
    update();
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("raceArgs") || changed.has("race")) update();
    });
    return { destroy: cleanupAll([unsubscribe]) };
  },
};
