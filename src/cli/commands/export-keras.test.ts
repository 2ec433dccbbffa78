/**
 * `lrlab export --format keras` through the real binary. Keras is not on this machine: every exported
 * kind must parse with Debian's python3, and name exactly the configured model, loss, optimizer, schedule
 * and arguments, under Keras 3's names (keras.io/api/optimizers, keras.io/api/optimizers/learning_rate_schedules).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lrlab, scratchDirectory } from "../../test-support/cli.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("export-keras");
  writeFileSync(join(work, "labels.csv"), "x,y\n1,0\n2,0\n3,0\n4,1\n5,0\n6,1\n7,1\n8,1\n");
});

let written = 0;
/** Exports `args` as a Keras script, expects python3 to parse it, and returns its text. */
function kerasExport(args: readonly string[]): string {
  const out = join(work, `run-${written++}.py`);
  const { status, stderr } = lrlab(["export", "--format", "keras", "--out", out, ...args]);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  const parse = spawnSync("python3", ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", out], {
    encoding: "utf8",
  });
  expect(parse.stderr).toBe("");
  expect(parse.status).toBe(0);
  return readFileSync(out, "utf8");
}

/** Each kind and the exact lines its script must contain. */
const KINDS: readonly { args: readonly string[]; names: readonly string[] }[] = [
  {
    // The defaults: Keras SGD's default rate 0.01, 100 full-batch steps on the line.
    args: [],
    names: [
      'keras.config.set_floatx("float64")',
      "        keras.Input(shape=(1,)),\n        keras.layers.Dense(1),\n",
      "INITIAL_WEIGHTS = [[[0]],[0]]",
      "learning_rate = 0.01\n",
      "optimizer = keras.optimizers.SGD(learning_rate=learning_rate, momentum=0, nesterov=False)",
      "model.compile(optimizer=optimizer, loss=keras.losses.MeanSquaredError())",
      "BATCH_SIZE = 100\n",
      "TOTAL_STEPS = 100\n",
      "X[rows], Y[rows], batch_size=BATCH_SIZE, epochs=1, shuffle=False, verbose=0, callbacks=[LrlabDivergence(done)]",
    ],
  },
  {
    args: [
      ...["--optimizer", "momentum", "--lr", "0.1", "--schedule", "exponential", "--decay-rate", "0.5"],
      ...["--decay-steps", "50", "--batch-size", "32", "--epochs", "3", "--seed", "9", "--init-w", "0.5"],
    ],
    names: [
      "learning_rate = keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=0.1, decay_steps=50, decay_rate=0.5, staircase=False)",
      "optimizer = keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9, nesterov=False)",
      "INITIAL_WEIGHTS = [[[0.5]],[0]]",
      "BATCH_SIZE = 32\n",
      "STEPS_PER_EPOCH = 4\n",
      "TOTAL_STEPS = 12\n",
      "SEED = 9\n",
      "    shuffle(order, next_uint32)\n",
    ],
  },
  {
    args: [
      ...["--model", "mlp", "--hidden", "16,8", "--activation", "relu", "--standardize", "--loss", "huber"],
      ...["--delta", "2", "--optimizer", "adam", "--beta1", "0.8", "--amsgrad", "--schedule", "cosine"],
      ...["--lr", "0.003", "--warmup-target", "0.01", "--warmup-steps", "10", "--steps", "200"],
    ],
    names: [
      '        keras.Input(shape=(1,)),\n        keras.layers.Dense(16, activation="relu"),\n        keras.layers.Dense(8, activation="relu"),\n        keras.layers.Dense(1),\n',
      "model.compile(optimizer=optimizer, loss=keras.losses.Huber(delta=2))",
      "optimizer = keras.optimizers.Adam(learning_rate=learning_rate, beta_1=0.8, beta_2=0.999, epsilon=1e-7, amsgrad=True)",
      "learning_rate = keras.optimizers.schedules.CosineDecay(initial_learning_rate=0.003, decay_steps=190, alpha=0, warmup_target=0.01, warmup_steps=10)",
      "MEANS = [",
      "DEVIATIONS = [",
    ],
  },
  {
    args: [
      ...["--data", "LABELS", "--model", "logistic", "--optimizer", "rmsprop", "--rho", "0.8", "--centered"],
      ...["--schedule", "piecewise", "--boundaries", "10,20", "--values", "0.1,0.01,0.001", "--steps", "30"],
    ],
    names: [
      '        keras.layers.Dense(1, activation="sigmoid"),\n',
      "model.compile(optimizer=optimizer, loss=ClippedBinaryCrossentropy())",
      "        p = ops.clip(y_pred, 1e-7, 1 - 1e-7)",
      "optimizer = keras.optimizers.RMSprop(learning_rate=learning_rate, rho=0.8, momentum=0, epsilon=1e-7, centered=True)",
      "learning_rate = keras.optimizers.schedules.PiecewiseConstantDecay(boundaries=[10, 20], values=[0.1, 0.01, 0.001])",
      'X_COLUMNS = ["x"]',
      'Y_COLUMN = "y"',
      'LRLAB_READ = {"rows": 8, "sums": [36, 4]}',
    ],
  },
  {
    args: [
      ...[
        "--model",
        "polynomial",
        "--degree",
        "3",
        "--standardize",
        "--loss",
        "mae",
        "--optimizer",
        "adagrad",
      ],
      ...[
        "--initial-accumulator",
        "0.2",
        "--schedule",
        "polynomial",
        "--power",
        "2",
        "--cycle",
        "--steps",
        "40",
      ],
    ],
    names: [
      "        keras.Input(shape=(3,)),\n",
      "DEGREE = 3\n",
      "model.compile(optimizer=optimizer, loss=keras.losses.MeanAbsoluteError())",
      "optimizer = keras.optimizers.Adagrad(learning_rate=learning_rate, initial_accumulator_value=0.2, epsilon=1e-7)",
      "learning_rate = keras.optimizers.schedules.PolynomialDecay(initial_learning_rate=0.001, decay_steps=40, end_learning_rate=0.0001, power=2, cycle=True)",
    ],
  },
  {
    args: [
      "--model",
      "linear",
      "--schedule",
      "inverse-time",
      "--decay-rate",
      "0.5",
      "--staircase",
      "--lr",
      "0.1",
    ],
    names: [
      "learning_rate = keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate=0.1, decay_steps=100, decay_rate=0.5, staircase=True)",
    ],
  },
  {
    args: [
      "--schedule",
      "cosine-restarts",
      "--lr",
      "0.1",
      "--t-mul",
      "1.5",
      "--nesterov",
      "--momentum",
      "0.5",
    ],
    names: [
      "learning_rate = keras.optimizers.schedules.CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=21, t_mul=1.5, m_mul=1, alpha=0)",
      "optimizer = keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.5, nesterov=True)",
    ],
  },
  {
    args: ["--schedule", "step", "--lr", "0.1", "--gamma", "0.5", "--step-size", "30"],
    names: [
      "class StepLR(keras.optimizers.schedules.LearningRateSchedule):",
      "learning_rate = StepLR(initial_learning_rate=0.1, step_size=30, gamma=0.5)",
    ],
  },
  {
    args: [
      "--schedule",
      "cyclical",
      "--lr",
      "0.01",
      "--max-lr",
      "0.1",
      "--step-size",
      "20",
      "--mode",
      "exp_range",
    ],
    names: [
      "class CyclicalLearningRate(keras.optimizers.schedules.LearningRateSchedule):",
      'learning_rate = CyclicalLearningRate(initial_learning_rate=0.01, maximal_learning_rate=0.1, step_size=20, mode="exp_range", gamma=1)',
    ],
  },
  {
    args: ["--schedule", "one-cycle", "--lr", "0.1", "--three-phase"],
    names: [
      "class OneCycleLR(keras.optimizers.schedules.LearningRateSchedule):",
      'learning_rate = OneCycleLR(max_learning_rate=0.1, total_steps=100, pct_start=0.3, anneal_strategy="cos", div_factor=25, final_div_factor=10000, three_phase=True)',
    ],
  },
];

describe("lrlab export --format keras", () => {
  for (const { args, names } of KINDS) {
    it(`parses and names exactly what was configured: ${args.join(" ") || "(defaults)"}`, () => {
      const script = kerasExport(args.map((arg) => (arg === "LABELS" ? join(work, "labels.csv") : arg)));
      for (const name of names) expect(script).toContain(name);
      // One optimizer, one loss, one learning rate: nothing configured twice.
      expect(script.match(/^optimizer = /gm)).toHaveLength(1);
      expect(script.match(/^learning_rate = /gm)).toHaveLength(1);
      expect(script.match(/model\.compile\(/g)).toHaveLength(1);
    });
  }

  it("turns on JAX's 64-bit mode before Keras (and so JAX) is imported, so float64 holds on every backend", () => {
    const out = join(work, `run-${written++}.py`);
    expect(lrlab(["export", "--format", "keras", "--out", out]).status).toBe(0);
    // Stand-ins for numpy and keras: keras reports the environment it is imported in, and stops the script.
    const stubs = join(work, "x64-stubs");
    mkdirSync(join(stubs, "keras"), { recursive: true });
    writeFileSync(join(stubs, "numpy.py"), "");
    writeFileSync(
      join(stubs, "keras", "__init__.py"),
      'import os, sys\nprint("JAX_ENABLE_X64 at import keras:", os.environ.get("JAX_ENABLE_X64"))\nsys.exit(0)\n',
    );
    const run = spawnSync("python3", [out], {
      encoding: "utf8",
      // Even a shell that turned the mode off: the script asks for float64, so it turns it on.
      env: { ...process.env, PYTHONPATH: stubs, JAX_ENABLE_X64: "0" },
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("JAX_ENABLE_X64 at import keras: 1\n");
  });

  it("writes no schedule class for a schedule Keras has, nor for a constant rate", () => {
    expect(kerasExport(["--schedule", "exponential", "--decay-rate", "0.5"])).not.toMatch(
      /^class \w+\(keras\.optimizers\.schedules/m,
    );
    expect(kerasExport([])).not.toMatch(/^class \w+\(keras\.optimizers\.schedules/m);
  });

  it("quotes a column name so that it ends neither a string nor a comment", () => {
    const data = join(work, "hostile.csv");
    const name = 'x"""; import shutil # \\';
    writeFileSync(data, `"${name.replace(/"/g, '""')}",y\n1,3\n2,5\n3,7\n`);
    const script = kerasExport(["--data", data]);
    expect(script).toContain(`X_COLUMNS = [${JSON.stringify(name)}]`);
    expect(script).not.toMatch(/^import shutil/m);
  });
});
