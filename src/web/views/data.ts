/**
 * The data: synthetic presets that each teach one thing (with that thing in one line), real data sets
 * bundled from vega-datasets, and CSV upload, with pickers for the x and y columns. A file or column that
 * does not load shows the core's error inline (with the line number for a bad CSV) and changes nothing.
 */
import { type BundledEntry, DATA_CATALOG, DATA_NAMES, type DataName } from "../catalog.js";
import type { LabController } from "../controller.js";
import { specOf } from "../lab-state.js";
import { readParamText } from "../param-text.js";
import type { Store } from "../store.js";
import { formatCount } from "../words.js";
import { type CommitField, commitField, numberInput } from "./commit-field.js";
import { cleanupAll, type Panel } from "./panel.js";

function field(labelText: string, control: HTMLElement & { id: string }): HTMLElement {
  const wrapper = document.createElement("div");
  wrapper.className = "field";
  const label = document.createElement("label");
  label.htmlFor = control.id;
  label.textContent = labelText;
  wrapper.append(label, control);
  return wrapper;
}

/** A committed number field (commit-field.ts) for a preset's setting, with its problem beside it. */
function presetField(
  labelText: string,
  id: string,
  key: "points" | "dataSeed",
  store: Store,
  current: () => string,
): { wrapper: HTMLElement; input: HTMLInputElement; field: CommitField } {
  const input = numberInput(id, "numeric");
  const problem = document.createElement("small");
  problem.className = "problem";
  problem.id = `${id}-problem`;
  problem.setAttribute("aria-live", "polite");
  input.setAttribute("aria-describedby", problem.id);
  const wrapper = field(labelText, input);
  wrapper.append(problem);
  const committed = commitField(input, problem, {
    commit: (text) => {
      const reading = readParamText(specOf(store.state, key), text);
      if (!reading.ok) return reading.reason;
      store.set({ [key]: reading.value, at: 0 });
      return "";
    },
    current,
  });
  return { wrapper, input, field: committed };
}

export const dataPanel: Panel = {
  id: "data",
  title: "Data",
  tab: "lesson",
  area: "side",
  mount(container, store, lab: LabController) {
    const select = document.createElement("select");
    select.id = "data-select";
    select.dataset.testid = "data-select";
    const groups: Record<string, HTMLOptGroupElement> = {};
    for (const [kind, label] of [
      ["preset", "Synthetic: each teaches one thing"],
      ["bundled", "Real data (vega-datasets)"],
      ["csv", "Your file"],
    ] as const) {
      const optgroup = document.createElement("optgroup");
      optgroup.label = label;
      groups[kind] = optgroup;
      select.append(optgroup);
    }
    const csvOption = new Option("Your CSV file", "csv");
    for (const name of DATA_NAMES) {
      const entry = DATA_CATALOG[name];
      if (entry.kind === "csv") groups.csv?.append(csvOption);
      else groups[entry.kind]?.append(new Option(entry.label, name));
    }
    const lesson = document.createElement("p");
    lesson.className = "lesson";
    lesson.id = "data-lesson";
    select.setAttribute("aria-describedby", "data-lesson");

    // Synthetic presets: how many points, and the seed of their noise.
    const presetBox = document.createElement("div");
    presetBox.className = "preset-options";
    const presetCount = () => {
      const entry = DATA_CATALOG[store.state.data];
      return String(store.state.points > 0 || entry.kind !== "preset" ? store.state.points : entry.n);
    };
    const points = presetField("points", "data-points", "points", store, presetCount);
    points.input.dataset.testid = "points-input";
    const seed = presetField("noise seed", "data-seed", "dataSeed", store, () =>
      String(store.state.dataSeed),
    );
    const reroll = document.createElement("button");
    reroll.type = "button";
    reroll.textContent = "New noise";
    reroll.title = "Draw the noise again (the next seed)";
    presetBox.append(points.wrapper, seed.wrapper, reroll);

    // Columns of a bundled data set or an uploaded file.
    const columnBox = document.createElement("div");
    columnBox.className = "column-options";
    const xSelect = document.createElement("select");
    xSelect.id = "x-select";
    xSelect.dataset.testid = "x-select";
    const ySelect = document.createElement("select");
    ySelect.id = "y-select";
    ySelect.dataset.testid = "y-select";
    const credit = document.createElement("small");
    credit.className = "hint";
    columnBox.append(field("x column", xSelect), field("y column", ySelect), credit);

    // Upload.
    const upload = document.createElement("input");
    upload.type = "file";
    upload.id = "csv-input";
    upload.accept = ".csv,text/csv,text/plain";
    upload.dataset.testid = "csv-input";
    const uploadField = field("Upload a CSV file (header row, numeric columns)", upload);
    uploadField.classList.add("upload");
    const error = document.createElement("p");
    error.className = "inline-error";
    error.dataset.testid = "error";
    error.setAttribute("role", "alert");
    const summary = document.createElement("p");
    summary.className = "hint data-summary";

    container.append(field("data set", select), lesson, presetBox, columnBox, uploadField, error, summary);

    select.addEventListener("change", () => {
      const name = select.value as DataName;
      if (name === "csv") return; // only listed while a file is loaded
      store.set({ data: name, x: "", y: "", at: 0 });
    });
    reroll.addEventListener("click", () => store.set({ dataSeed: store.state.dataSeed + 1, at: 0 }));
    xSelect.addEventListener("change", () => store.set({ x: xSelect.value, at: 0 }));
    ySelect.addEventListener("change", () => store.set({ y: ySelect.value, at: 0 }));
    upload.addEventListener("change", () => {
      const file = upload.files?.[0];
      if (file) void lab.uploadCsv(file).finally(() => (upload.value = ""));
    });

    const fillColumns = (target: HTMLSelectElement, columns: readonly string[], chosen: string) => {
      const same =
        target.options.length === columns.length &&
        columns.every((name, i) => target.options[i]?.value === name);
      if (!same) target.replaceChildren(...columns.map((name) => new Option(name, name)));
      target.value = chosen;
    };

    const update = () => {
      const { state } = store;
      const { dataInfo: data, dataError, loading } = store.session;
      const entry = DATA_CATALOG[state.data];
      csvOption.disabled = state.data !== "csv";
      csvOption.textContent =
        state.data === "csv" ? `Your CSV file: ${state.file}` : "Your CSV file (upload below)";
      select.value = state.data;
      lesson.textContent = entry.lesson;
      presetBox.hidden = entry.kind !== "preset";
      if (entry.kind === "preset") {
        points.field.show();
        seed.field.show();
      }
      const columns = data?.columns ?? [];
      columnBox.hidden = entry.kind === "preset" || columns.length === 0;
      if (!columnBox.hidden && data) {
        fillColumns(xSelect, columns, data.xName);
        fillColumns(ySelect, columns, data.yName);
        credit.textContent = entry.kind === "bundled" ? (entry as BundledEntry).credit : "";
      }
      error.textContent = dataError ?? "";
      error.hidden = !dataError;
      summary.textContent = loading
        ? "Loading…"
        : data
          ? `${formatCount(data.n)} point${data.n === 1 ? "" : "s"}${entry.kind === "preset" ? "" : ` from ${data.source}`}${data.sampleX.length < data.n ? `; the chart draws an even sample of ${formatCount(data.sampleX.length)}` : ""}.`
          : "";
    };
    update();
    const unsubscribe = store.subscribe((changed) => {
      if (
        changed.has("data") ||
        changed.has("dataInfo") ||
        changed.has("dataError") ||
        changed.has("loading") ||
        changed.has("points") ||
        changed.has("dataSeed") ||
        changed.has("x") ||
        changed.has("y") ||
        changed.has("file")
      ) {
        update();
      }
    });
    return { destroy: cleanupAll([unsubscribe]) };
  },
};
