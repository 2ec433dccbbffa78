/**
 * An export plan as a Keras 3 script: readable, commented, self-contained (it needs `keras` with a
 * backend, and numpy), in float64 as lrlab computes, printing one JSON line as `lrlab fit --json` reports
 * the run: {"status", "divergedAtStep", "loss", "weights"}.
 *
 * The optimizer, the loss and the schedule are Keras's own classes under their Keras argument names;
 * lrlab's schedules that Keras lacks are small LearningRateSchedule subclasses. The batch order is given
 * explicitly: each epoch the script permutes the rows with lrlab's shuffle (ported to Python with 32-bit
 * masks) and calls `model.fit(..., shuffle=False, epochs=1)` on them, so Keras takes the batches in turn.
 */
import type { ExportPlan } from "../../core/export/export-plan.js";
import { pythonSchedule } from "./keras-schedules.js";
import {
  DEFAULT_SCRIPT_NAMES,
  divergeWords,
  labelWords,
  nestedNumbers,
  numberList,
  pyLiteral,
  pythonArguments,
  quoted,
  ROUNDING_WORDS,
  runSummary,
  shellFileName,
} from "./script-words.js";
import type { ScriptContext } from "./tfjs.js";

/** The section headings, also where a test finds a section's code. */
export const KERAS_SECTIONS = {
  data: "# ── The data",
  batches: "# ── lrlab's batch order",
  model: "# ── The model",
  training: "# ── Training",
} as const;

/** Each loss as the script names it: a Keras class, or the script's own for binary cross-entropy. */
const LOSS_CLASSES: Readonly<Record<ExportPlan["loss"]["name"], string>> = {
  mse: "keras.losses.MeanSquaredError()",
  mae: "keras.losses.MeanAbsoluteError()",
  huber: "keras.losses.Huber(delta=DELTA)",
  bce: "ClippedBinaryCrossentropy()",
};

/**
 * lrlab's binary cross-entropy, as a Keras loss. keras.losses.BinaryCrossentropy is not it on the
 * TensorFlow backend: keras.activations.sigmoid caches its input on the output as `_keras_logits`, and the
 * backend's binary_crossentropy (keras/src/backend/tensorflow/nn.py, `_get_logits`; in a traced graph it
 * takes the Sigmoid op's input the same way) then computes from those logits with
 * sigmoid_cross_entropy_with_logits, skipping the 1e-7 clip. On a saturated sigmoid
 * (ŷ within 1e-7 of 0 or 1) Keras's loss would go on growing with a gradient where lrlab's stops at
 * −log(1e-7) with none, so the runs would part.
 */
const CLIPPED_BCE = `# lrlab's binary cross-entropy, which is keras.losses.BinaryCrossentropy's formula on probabilities:
#   p = clip(ŷ, ε, 1 − ε), ε = 1e-7;  mean −(y·log p + (1 − y)·log(1 − p)); no gradient outside [ε, 1 − ε].
# Keras's own class is not used: on the TensorFlow backend it finds the logits behind a sigmoid output
# (keras.activations.sigmoid caches them as _keras_logits; in a traced graph, the Sigmoid op's input) and
# computes from them without the clip, so a saturated output (ŷ within 1e-7 of 0 or 1) would give a
# larger loss, with a gradient, than lrlab's.
class ClippedBinaryCrossentropy(keras.losses.Loss):
    def call(self, y_true, y_pred):
        p = ops.clip(y_pred, 1e-7, 1 - 1e-7)
        return -ops.mean(y_true * ops.log(p) + (1 - y_true) * ops.log(1 - p), axis=-1)


`;

/** The Keras script of a plan. */
export function kerasScript(plan: ExportPlan, context: ScriptContext): string {
  const { run } = plan;
  const schedule = pythonSchedule(plan);
  const loss = LOSS_CLASSES[plan.loss.name].replace("DELTA", String(plan.loss.delta));
  return `# Exported by lrlab: ${context.command.replace(/[\r\n\u2028\u2029]/g, " ")}
# ${runSummary(plan)}
#
# Reproduces that run update for update in Keras 3, in float64 as lrlab computes: the same data, starting
# weights, optimizer, learning rate at every step and batch order.${plan.roundingWarning ? `\n# Note: ${ROUNDING_WORDS[plan.roundingWarning].keras}.` : ""}
# Run it with:  pip install keras numpy <a backend: tensorflow, jax or torch> && python3 ${shellFileName(context.fileName ?? DEFAULT_SCRIPT_NAMES.keras)}
# It prints one JSON line: {"status": …, "divergedAtStep": …, "loss": …, "weights": […]}, as lrlab fit --json
# reports the run, the weights in Keras get_weights() order.
import csv
import json
import math
import os
import re

# float64 on every backend: JAX computes in float32, whatever floatx says, unless its 64-bit mode is on,
# which must be set before JAX is first imported (by keras, below). TensorFlow and PyTorch need nothing.
os.environ["JAX_ENABLE_X64"] = "1"

import numpy as np
import keras
from keras import ops

keras.config.set_floatx("float64")

${KERAS_SECTIONS.data} ──
${dataSection(plan)}

${KERAS_SECTIONS.batches} ──
# ${run.fullBatch ? "A full batch: every update sees every row; the generator below is lrlab's all the same." : `Batches of ${run.batchSize}: lrlab shuffles ONE visiting order in place at the start of every epoch (never\n# resetting it), then takes batches off its front; the last batch of an epoch keeps the remainder.`}
# The generator and the shuffle are lrlab's (src/core/random.ts), draw for draw, in 32-bit arithmetic.
MASK = 0xFFFFFFFF


def create_random(seed):
    """xoshiro128** seeded through splitmix32; returns next_uint32()."""
    mix = ((seed & MASK) ^ ((seed >> 32) & MASK)) & MASK

    def splitmix32():
        nonlocal mix
        mix = (mix + 0x9E3779B9) & MASK
        z = mix
        z = ((z ^ (z >> 16)) * 0x85EBCA6B) & MASK
        z = ((z ^ (z >> 13)) * 0xC2B2AE35) & MASK
        return (z ^ (z >> 16)) & MASK

    s = [splitmix32(), splitmix32(), splitmix32(), splitmix32()]
    if s == [0, 0, 0, 0]:
        s[0] = 1

    def rotl(value, bits):
        return ((value << bits) | (value >> (32 - bits))) & MASK

    def next_uint32():
        # rotl(s1 · 5, 7) · 9, then one step of the state
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 9) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
        return result

    return next_uint32


def integer_below(next_uint32, n):
    """A uniform integer in [0, n), Lemire's method: m = draw · n; the answer is m >> 32, redrawn while
    m mod 2^32 < (2^32 − n) mod n."""
    while True:
        product = next_uint32() * n
        low = product & MASK
        if low >= n or low >= (2**32 - n) % n:
            return product >> 32


def shuffle(order, next_uint32):
    """Fisher–Yates in place, from the last position down."""
    for i in range(len(order) - 1, 0, -1):
        j = integer_below(next_uint32, i + 1)
        order[i], order[j] = order[j], order[i]


${KERAS_SECTIONS.model} ──
# Keras Dense layers; the starting weights in get_weights() order (kernel, bias per layer), as lrlab started.
${modelSection(plan)}

${plan.loss.name === "bce" ? CLIPPED_BCE : ""}${schedule.definitions}# The learning rate: ${plan.schedule.name === "constant" ? "a constant float" : `${plan.schedule.className}, evaluated by Keras at optimizer.iterations`}.
learning_rate = ${schedule.value}
optimizer = keras.optimizers.${plan.optimizer.kerasClass}(learning_rate=learning_rate, ${pythonArguments(plan.optimizer.args)})
model.compile(optimizer=optimizer, loss=${loss})

${KERAS_SECTIONS.training} ──
ROWS = ${run.rows}
BATCH_SIZE = ${run.batchSize}
STEPS_PER_EPOCH = ${run.stepsPerEpoch}
TOTAL_STEPS = ${run.totalSteps}
SEED = ${run.seed}
# lrlab's divergence test: before ${run.lossEvery === 1 ? "each update" : `every ${run.lossEvery}th update (the steps where lrlab takes the loss on all the data)`}, and at the end, the run
# stops as diverged once the loss on all the data is not finite or passes DIVERGE_FACTOR × the starting
# loss (${divergeWords(run.divergeFactor)}).
DIVERGE_FACTOR = ${pyLiteral(run.divergeFactor)}
LOSS_EVERY = ${run.lossEvery}
loss_on_all = ${loss}


def full_loss():
    return float(ops.convert_to_numpy(loss_on_all(Y, model(X))))


initial_loss = full_loss()
threshold = DIVERGE_FACTOR * initial_loss if initial_loss > 0 else math.inf
report = {"status": "completed", "divergedAtStep": None}


def blown_up(loss):
    return not (math.isfinite(loss) and loss <= threshold)


class LrlabDivergence(keras.callbacks.Callback):
    """After each update, so before the next: lrlab's test, stopping the run as lrlab does."""

    def __init__(self, step):
        super().__init__()
        self.step = step

    def on_train_batch_end(self, batch, logs=None):
        self.step += 1
        if (self.step % LOSS_EVERY == 0 or self.step == TOTAL_STEPS) and blown_up(full_loss()):
            report.update(status="diverged", divergedAtStep=self.step)
            self.model.stop_training = True


next_uint32 = create_random(SEED)
order = list(range(ROWS))
done = 0
if blown_up(initial_loss):
    report.update(status="diverged", divergedAtStep=0)
while done < TOTAL_STEPS and report["status"] == "completed":
    ${run.fullBatch ? "# A full batch: no shuffle." : "shuffle(order, next_uint32)"}
    # The epoch's batches in lrlab's order; the run may end within an epoch.
    steps = min(STEPS_PER_EPOCH, TOTAL_STEPS - done)
    rows = order[: min(ROWS, steps * BATCH_SIZE)]
    model.fit(
        X[rows], Y[rows], batch_size=BATCH_SIZE, epochs=1, shuffle=False, verbose=0, callbacks=[LrlabDivergence(done)]
    )
    done += steps

final_loss = float(model.evaluate(X, Y, batch_size=ROWS, verbose=0))
final_weights = [w.tolist() for w in model.get_weights()]


def finite_or_none(value):
    """JSON has no NaN or Infinity: a diverged run's numbers are null."""
    if isinstance(value, list):
        return [finite_or_none(item) for item in value]
    return value if math.isfinite(value) else None


# As \`lrlab fit --json\` reports the run: its status ("completed" or "diverged"), the step it diverged at
# (or None), the loss at the end (null when not finite) and the weights.
print(json.dumps({**report, "loss": finite_or_none(final_loss), "weights": finite_or_none(final_weights)}))
`;
}

function dataSection(plan: ExportPlan): string {
  const { data } = plan;
  const lines: string[] = [];
  if (data.kind === "file") {
    lines.push(
      "# Read again from the CSV file lrlab read, by column name. The row count and the column sums must be",
      "# the ones lrlab read, or the script stops: another file would give another run.",
      `DATA_FILE = ${quoted(data.path)}`,
      "# Found from this script's folder, not the directory python is run from (an absolute path stays as it is).",
      "DATA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), DATA_FILE)",
      "if not os.path.exists(DATA_PATH):",
      '    raise SystemExit(f"data file {DATA_FILE} not found next to this script: put it there or edit DATA_PATH")',
      `X_COLUMNS = [${data.xNames.map(quoted).join(", ")}]`,
      `Y_COLUMN = ${quoted(data.yName)}`,
      `LRLAB_READ = {"rows": ${data.rows}, "sums": ${numberList(data.sums, "")}}`,
      "",
      "",
      "def read_csv(path):",
      '    """The header and the rows; the delimiter is the header\'s commonest of , ; tab."""',
      '    with open(path, newline="", encoding="utf-8-sig") as file:',
      "        text = file.read()",
      '    # The header is the first line with content; quoted parts ("dose, mg") do not count; a comma on a tie.',
      '    header_line = next((line for line in text.splitlines() if line.strip()), "")',
      `    header_line = re.sub(r'"[^"]*"', "", header_line)`,
      '    delimiter = max([",", ";", "\\t"], key=header_line.count)',
      "    rows = [row for row in csv.reader(text.splitlines(keepends=True), delimiter=delimiter) if any(cell.strip() for cell in row)]",
      "",
      "    def to_number(cell):",
      '        # A decimal comma ("1,5") is a number only where the delimiter is not the comma, as lrlab reads it.',
      '        return float(cell.replace(",", ".", 1) if delimiter != "," and "," in cell else cell)',
      "",
      "    header, body = rows[0], rows[1:]",
      "",
      "    def column(name):",
      "        j = header.index(name) if name in header else [cell.strip() for cell in header].index(name)",
      "        return [to_number(row[j]) for row in body]",
      "",
      "    return column",
      "",
      "",
      "column = read_csv(DATA_PATH)",
      "x_columns = [column(name) for name in X_COLUMNS]",
      "y = column(Y_COLUMN)",
      "sums = [sum(values) for values in [*x_columns, y]]",
      'if len(y) != LRLAB_READ["rows"] or any(',
      '    not abs(total - expected) <= 1e-9 * max(1.0, abs(expected)) for total, expected in zip(sums, LRLAB_READ["sums"])',
      "):",
      "    raise SystemExit(",
      "        f\"{DATA_FILE}: expected {LRLAB_READ['rows']} rows with column sums {LRLAB_READ['sums']} as lrlab read them; \"",
      '        f"got {len(y)} rows with sums {sums}"',
      "    )",
    );
  } else {
    lines.push(
      `# lrlab's built-in data: ${quoted(data.description)}, written in.`,
      `# x columns: ${data.xNames.map(quoted).join(", ")}; y: ${labelWords(data.yName, data.labelledAbove)}`,
      `x_columns = [${data.columns.map((column) => numberList(column, "")).join(", ")}]`,
      `y = ${numberList(data.y, "")}`,
    );
  }
  if (plan.standardization) {
    lines.push(
      "# Standardized as lrlab did: z = (x − mean) / σ, with the population σ (Keras Normalization's).",
      `MEANS = ${numberList(plan.standardization.means, "")}`,
      `DEVIATIONS = ${numberList(plan.standardization.deviations, "")}`,
      "inputs = [[(value - MEANS[j]) / DEVIATIONS[j] for value in values] for j, values in enumerate(x_columns)]",
    );
  } else {
    lines.push("inputs = x_columns");
  }
  if (plan.polynomialDegree !== null) {
    lines.push(
      `# Polynomial features of the one column: x, x², …, x^${plan.polynomialDegree}, each power the previous times x.`,
      `DEGREE = ${plan.polynomialDegree}`,
      "features = [inputs[0]]",
      "for k in range(2, DEGREE + 1):",
      "    features.append([previous * value for previous, value in zip(features[-1], inputs[0])])",
    );
  } else {
    lines.push("features = inputs");
  }
  lines.push(
    "# One row per point, one column per feature.",
    'X = np.array(features, dtype="float64").T',
    'Y = np.array(y, dtype="float64").reshape(-1, 1)',
  );
  return lines.join("\n");
}

function modelSection(plan: ExportPlan): string {
  const { model } = plan;
  const layers = model.layers.map(
    (layer) =>
      `        keras.layers.Dense(${layer.units}${layer.activation === "linear" ? "" : `, activation=${quoted(layer.activation)}`}),`,
  );
  return `model = keras.Sequential(
    [
        keras.Input(shape=(${model.inputs},)),
${layers.join("\n")}
    ]
)
INITIAL_WEIGHTS = ${nestedNumbers(plan.initialWeights)}
model.set_weights([np.array(values, dtype="float64") for values in INITIAL_WEIGHTS])`;
}
