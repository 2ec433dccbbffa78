/**
 * The run on screen as a TF.js or Keras script, in the worker where its data and prepared model live: the
 * same export plan as `lrlab export` (core/export/export-plan.ts) put into words by the same renderers
 * (render/export/), so the lab and the CLI can never write two different scripts for one run.
 *
 * Built-in and bundled data are written into the script, as the CLI writes its built-in data; an uploaded
 * CSV is read again by its file name (the script checks the row count and column sums it finds).
 */
import type { Dataset } from "../core/data/data.js";
import { isLrlabError, LrlabError } from "../core/errors.js";
import {
  type ExportDataSource,
  type ExportVerdict,
  exportPlan,
  judgeForExport,
} from "../core/export/export-plan.js";
import { kerasScript } from "../render/export/keras.js";
import { tfjsScript } from "../render/export/tfjs.js";
import type { ExportCodeResult } from "./answers.js";
import { modelSetupOf } from "./lab-model.js";
import type { Loaded } from "./lab-run.js";
import type { ModelSettings } from "./model-settings.js";
import type { ExportCodeFormat, RunConfig } from "./protocol.js";

/** The lesson's line as "Beyond the line" sets it up: the same run, through the models' path. */
const LESSON_LINE: ModelSettings = {
  name: "line",
  features: [],
  degree: 2,
  hidden: [],
  activation: "tanh",
  loss: "shared",
  standardize: false,
  trackSharpness: 1,
};

/** How the lab names what the plan refuses. */
const REFUSED_AS = { plateau: 'the "plateau" schedule', tolerance: "a tolerance" };

/**
 * The script of the run `config` (with `model`, or the lesson's line when null) in `format`, or, with no
 * format, only whether the plan accepts the run. A refusal is an answer, with the core's one-line reason.
 */
export function exportCodeLab(
  loaded: Loaded,
  config: RunConfig,
  model: ModelSettings | null,
  format: ExportCodeFormat | null,
  command: string,
  verdict: ExportVerdict | null = null,
): ExportCodeResult {
  try {
    const setup = modelSetupOf(loaded, config, model ?? LESSON_LINE);
    const { trackSharpness: _notExported, ...coreConfig } = setup.coreConfig;
    const threshold = setup.labelled?.threshold ?? null;
    if (threshold !== null && loaded.upload !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `logistic regression here labels y above its median (${threshold}) as 1; the script reads ${loaded.upload} again, whose y are not 0 and 1: give the file a 0/1 column`,
      );
    }
    // Logistic regression's labels are what the model was trained on: the script gets them, not y.
    const data: Dataset = setup.labelled ? { ...setup.data, y: setup.targets } : setup.data;
    const source: ExportDataSource =
      loaded.upload === undefined ? { kind: "inline" } : { kind: "file", path: loaded.upload };
    const options = { refusedAs: REFUSED_AS, ...(threshold === null ? {} : { labelledAbove: threshold }) };
    // Refused runs are refused before the run is judged.
    exportPlan(coreConfig, setup.prepared, data, source, options);
    if (format === null) return { script: null, refused: null };
    // The lesson's line comes without a verdict of the model's kind: the core judges it as `lrlab export` does.
    const judged = verdict ?? (model === null ? judgeForExport(coreConfig, setup.prepared) : null);
    const plan = exportPlan(coreConfig, setup.prepared, data, source, { ...options, verdict: judged });
    const context = { command };
    return {
      script: format === "tfjs" ? tfjsScript(plan, context) : kerasScript(plan, context),
      refused: null,
    };
  } catch (error) {
    if (isLrlabError(error)) return { script: null, refused: error.message };
    throw error;
  }
}
