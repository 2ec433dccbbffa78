/**
 * An export plan as a TensorFlow.js script for node: readable, commented, self-contained (it needs only
 * `@tensorflow/tfjs`), and printing one JSON line, {"status", "divergedAtStep", "loss", "weights"}, at the end.
 *
 * The loop is written out rather than `model.fit`: a custom loop over lrlab's batch order with
 * `tf.variableGrads` and Keras's update rule makes every step visible, and TF.js's `fit` would shuffle
 * with its own generator.
 */
import type { ExportPlan } from "../../core/export/export-plan.js";
import {
  DEFAULT_SCRIPT_NAMES,
  divergeWords,
  jsLiteral,
  labelWords,
  nestedNumbers,
  numberList,
  quoted,
  ROUNDING_WORDS,
  runSummary,
  shellFileName,
} from "./script-words.js";
import { JS_CSV_READER, JS_SHUFFLE, jsLoss, jsOptimizer } from "./tfjs-pieces.js";
import { jsSchedule } from "./tfjs-schedules.js";

/** The section headings, also where a test finds a section's code. */
export const TFJS_SECTIONS = {
  data: "// ── The data",
  model: "// ── The model",
  loss: "// ── The loss",
  optimizer: "// ── The optimizer",
  schedule: "// ── The learning rate",
  batches: "// ── lrlab's batch order",
  training: "// ── Training",
} as const;

export interface ScriptContext {
  /** The lrlab command line that this script reproduces, for its first comment. */
  readonly command: string;
  /**
   * The script's file name (a basename) for its "Run it with" line: `--out`'s; without one (standard
   * output), DEFAULT_SCRIPT_NAMES's.
   */
  readonly fileName?: string;
}

/** The TF.js script of a plan. */
export function tfjsScript(plan: ExportPlan, context: ScriptContext): string {
  const { run } = plan;
  return `// Exported by lrlab: ${context.command.replace(/[\r\n\u2028\u2029]/g, " ")}
// ${runSummary(plan)}
//
// Reproduces that run update for update in TensorFlow.js: the same data, starting weights, optimizer
// rule (Keras's), learning rate at every step and batch order. TF.js computes in float32 where lrlab
// uses float64, ${plan.roundingWarning ? `which matters here:\n// Note: ${ROUNDING_WORDS[plan.roundingWarning].tfjs}.` : "so expect the final loss to agree to about 1e-4, relatively."}
// Run it with:  npm install @tensorflow/tfjs && node ${shellFileName(context.fileName ?? DEFAULT_SCRIPT_NAMES.tfjs)}
// It prints one JSON line: {"status": …, "divergedAtStep": …, "loss": …, "weights": […]}, as lrlab fit
// --json reports the run, the weights in Keras get_weights() order.
${plan.data.kind === "file" ? 'import { existsSync, readFileSync } from "node:fs";\nimport { dirname, resolve } from "node:path";\nimport { fileURLToPath } from "node:url";' : 'import { readFileSync } from "node:fs";'}
import * as tf from "@tensorflow/tfjs";

${TFJS_SECTIONS.data} ──
${dataSection(plan)}

${TFJS_SECTIONS.model} ──
${modelSection(plan)}

${TFJS_SECTIONS.loss} ──
${jsLoss(plan)}

${TFJS_SECTIONS.optimizer} ──
${jsOptimizer(plan)}

${TFJS_SECTIONS.schedule} at update \`step\` (Keras's optimizer.iterations) ──
${jsSchedule(plan)}

${TFJS_SECTIONS.batches} ──
// ${run.fullBatch ? "A full batch: every update sees every row, so the order does not matter; the generator below is\n// lrlab's all the same, for a run with batches." : `Batches of ${run.batchSize}: lrlab shuffles ONE visiting order in place at the start of every epoch (never resetting\n// it), then takes batches off its front; the last batch of an epoch keeps the remainder.`}
// The generator and the shuffle are lrlab's (src/core/random.ts), draw for draw.
const SEED = ${run.seed};
${JS_SHUFFLE}

${TFJS_SECTIONS.training} ──
const ROWS = ${run.rows};
const BATCH_SIZE = ${run.batchSize};
const STEPS_PER_EPOCH = ${run.stepsPerEpoch};
const TOTAL_STEPS = ${run.totalSteps};
// lrlab's divergence test: before ${run.lossEvery === 1 ? "each update" : `every ${run.lossEvery}th update (the steps where lrlab takes the loss on all the data)`}, and at the end, the run
// stops as diverged once the loss on all the data is not finite or passes DIVERGE_FACTOR × the starting
// loss (${divergeWords(run.divergeFactor)}).
// float32 overflows to Infinity near 3e38 where lrlab's float64 goes on to 1e308, so a loss that only
// stops on Infinity stops sooner here.
const DIVERGE_FACTOR = ${jsLiteral(run.divergeFactor)};
const LOSS_EVERY = ${run.lossEvery};
const fullLoss = () => tf.tidy(() => lossOf(Y, model.apply(X)).dataSync()[0]);
const nextUint32 = createRandom(SEED);
const order = Uint32Array.from({ length: ROWS }, (_, i) => i);
const initialLoss = fullLoss();
const threshold = initialLoss > 0 ? DIVERGE_FACTOR * initialLoss : Number.POSITIVE_INFINITY;
let status = "completed";
let divergedAtStep = null;
let finalLoss = initialLoss;
for (let step = 0; ; step++) {
  const lossKnown = step % LOSS_EVERY === 0 || step === TOTAL_STEPS;
  if (lossKnown) finalLoss = step === 0 ? initialLoss : fullLoss();
  if ((lossKnown && !(finalLoss <= threshold && Number.isFinite(finalLoss))) || !Number.isFinite(learningRateAt(step))) {
    if (!lossKnown) finalLoss = Number.NaN;
    status = "diverged";
    divergedAtStep = step;
    break;
  }
  if (step === TOTAL_STEPS) break;
  const indexInEpoch = step % STEPS_PER_EPOCH;
  ${run.fullBatch ? "// A full batch: no shuffle." : "if (indexInEpoch === 0) shuffle(order, nextUint32);"}
  const rows = order.subarray(indexInEpoch * BATCH_SIZE, Math.min((indexInEpoch + 1) * BATCH_SIZE, ROWS));
  tf.tidy(() => {
    const batch = tf.tensor1d(Int32Array.from(rows), "int32");
    const xBatch = tf.gather(X, batch);
    const yBatch = tf.gather(Y, batch);
    const { grads } = tf.variableGrads(() => lossOf(yBatch, model.apply(xBatch)), weights);
    applyUpdate(
      weights.map((w) => grads[w.name]),
      learningRateAt(step),
      step,
    );
  });
}

const finalWeights = model.getWeights().map((w) => w.arraySync());
// As \`lrlab fit --json\` reports the run: its status ("completed" or "diverged"), the step it diverged at
// (or null), the loss at the end (null when not finite: JSON has no NaN or Infinity) and the weights
// (non-finite entries null too).
const finite = (value) => (Array.isArray(value) ? value.map(finite) : Number.isFinite(value) ? value : null);
console.log(JSON.stringify({ status, divergedAtStep, loss: finite(finalLoss), weights: finite(finalWeights) }));
`;
}

function dataSection(plan: ExportPlan): string {
  const { data } = plan;
  const lines: string[] = [];
  if (data.kind === "file") {
    lines.push(
      "// Read again from the CSV file lrlab read, by column name. The row count and the column sums must be",
      "// the ones lrlab read, or the script stops: another file would give another run.",
      `const DATA_FILE = ${quoted(data.path)};`,
      "// Found from this script's folder, not the directory node is run from (an absolute path stays as it is).",
      "const DATA_PATH = resolve(dirname(fileURLToPath(import.meta.url)), DATA_FILE);",
      "if (!existsSync(DATA_PATH)) {",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the generated script's own template literal
      "  console.error(`data file ${DATA_FILE} not found next to this script: put it there or edit DATA_PATH`);",
      "  process.exit(2);",
      "}",
      `const X_COLUMNS = [${data.xNames.map(quoted).join(", ")}];`,
      `const Y_COLUMN = ${quoted(data.yName)};`,
      `const LRLAB_READ = { rows: ${data.rows}, sums: ${numberList(data.sums, "")} };`,
      JS_CSV_READER,
      "const column = readCsv(DATA_PATH);",
      "const xColumns = X_COLUMNS.map(column);",
      "const y = column(Y_COLUMN);",
      "const sums = [...xColumns, y].map((values) => values.reduce((sum, value) => sum + value, 0));",
      "if (",
      "  y.length !== LRLAB_READ.rows ||",
      "  sums.some((sum, j) => !(Math.abs(sum - LRLAB_READ.sums[j]) <= 1e-9 * Math.max(1, Math.abs(LRLAB_READ.sums[j]))))",
      ") {",
      "  throw new Error(",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the generated script's own template literal
      "    `${DATA_FILE}: expected ${LRLAB_READ.rows} rows with column sums ${LRLAB_READ.sums} as lrlab read them; got ${y.length} rows with sums ${sums}`,",
      "  );",
      "}",
    );
  } else {
    lines.push(
      `// lrlab's built-in data: ${quoted(data.description)}, written in.`,
      `// x columns: ${data.xNames.map(quoted).join(", ")}; y: ${labelWords(data.yName, data.labelledAbove)}`,
      `const xColumns = [${data.columns.map((column) => numberList(column, "")).join(", ")}];`,
      `const y = ${numberList(data.y, "")};`,
    );
  }
  if (plan.standardization) {
    lines.push(
      "// Standardized as lrlab did: z = (x − mean) / σ, with the population σ (Keras Normalization's).",
      `const MEANS = ${numberList(plan.standardization.means, "")};`,
      `const DEVIATIONS = ${numberList(plan.standardization.deviations, "")};`,
      "const inputs = xColumns.map((values, j) => values.map((value) => (value - MEANS[j]) / DEVIATIONS[j]));",
    );
  } else {
    lines.push("const inputs = xColumns;");
  }
  if (plan.polynomialDegree !== null) {
    lines.push(
      `// Polynomial features of the one column: x, x², …, x^${plan.polynomialDegree}, each power the previous times x.`,
      `const DEGREE = ${plan.polynomialDegree};`,
      "const features = [inputs[0]];",
      "for (let k = 2; k <= DEGREE; k++) features.push(features[k - 2].map((value, i) => value * inputs[0][i]));",
    );
  } else {
    lines.push("const features = inputs;");
  }
  lines.push(
    "// One row per point, one column per feature (float32, as TF.js computes).",
    "const X = tf.tensor2d(y.map((_, i) => features.map((feature) => feature[i])));",
    "const Y = tf.tensor2d(y, [y.length, 1]);",
  );
  return lines.join("\n");
}

function modelSection(plan: ExportPlan): string {
  const { model } = plan;
  const layers = model.layers.map((layer, l) => {
    const inputShape = l === 0 ? `inputShape: [${model.inputs}], ` : "";
    return `    tf.layers.dense({ ${inputShape}units: ${layer.units}, activation: ${quoted(layer.activation)} }),`;
  });
  return `// Keras Dense layers; the starting weights in get_weights() order (kernel, bias per layer), as lrlab
// started${model.name === "mlp" ? " (its glorot_uniform draw from the seed, or --init)" : ""}.
const model = tf.sequential({
  layers: [
${layers.join("\n")}
  ],
});
const INITIAL_WEIGHTS = ${nestedNumbers(plan.initialWeights)};
model.setWeights(INITIAL_WEIGHTS.map((values) => tf.tensor(values)));
// The variables behind the layers, in get_weights() order: the loop differentiates and updates these.
const weights = model.trainableWeights.map((w) => w.read());`;
}
