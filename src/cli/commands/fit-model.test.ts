/** `lrlab fit --model …` (models beyond the line) through the real binary. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinData } from "../../core/data/data.js";
import { prepareModel } from "../../core/models/model-spec.js";
import { expectUserError, lrlab, lrlabJson, scratchDirectory } from "../../test-support/cli.js";
import { expectAllNumbersFinite, parseStrictJson } from "../../test-support/finite.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("fit-model");
  // Labels that rise with x but overlap (rows 4 and 5), so the logistic optimum is finite.
  writeFileSync(join(work, "labels.csv"), "x,y\n1,0\n2,0\n3,0\n4,1\n5,0\n6,1\n7,1\n8,1\n");
  writeFileSync(join(work, "soft.csv"), "x,y\n1,0\n2,0.5\n3,1\n");
  writeFileSync(join(work, "constant.csv"), "x,y\n4,1\n4,2\n4,3\n");
  writeFileSync(join(work, "not-json.json"), "[[[0.5]], oops]\n");
  writeFileSync(join(work, "huge.csv"), "x,y\n1e100,1\n2e100,2\n3e100,3\n");
  // Two columns in the hundreds (as cars' Horsepower and Displacement), labels rising with them, 1 in 5 flipped.
  const rows = Array.from({ length: 40 }, (_, k) => {
    const label = (k > 20 ? 1 : 0) ^ (k % 5 === 0 ? 1 : 0);
    return `${60 + 4 * k},${100 + 9 * k},${label}`;
  });
  writeFileSync(
    join(work, "huge-feature.csv"),
    "b,a,label\n1,1e150,0\n2,2e150,0\n3,0.5e150,1\n4,1.5e150,1\n5,1e150,0\n6,2e150,1\n",
  );
  writeFileSync(join(work, "engines.csv"), `hp,disp,label\n${rows.join("\n")}\n`);
});

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("lrlab fit: a logistic run past its measured bound says what to do (finding 7)", () => {
  it("names the rate as a multiple of 2/λmax, and --standardize when the columns' scales are far from the bias's", () => {
    const args = ["fit", "--data", join(work, "engines.csv"), "--model", "logistic"];
    const flags = ["--x", "hp", "--x", "disp", "--y", "label", "--lr", "0.01"];
    const json = lrlabJson([...args, ...flags]);
    expect(json.verdict.outcome).toBe("jumps-out");
    const bound = json.stability.criticalLearningRate;
    // The same decision in the JSON and the text: 0.01 / bound, rounded to a whole number past 10×.
    expect(json.verdict.measuredAdvice).toMatchObject({ learningRate: 0.01, bound, standardize: true });
    const times = Math.round(0.01 / bound).toLocaleString("en-US");
    const { status, stdout } = lrlab([...args, ...flags]);
    expect(status).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `the rate is ${times}× the measured bound 2/λmax = [0-9.e−]+: lower it below that, or add --standardize\n`,
      ),
    );
  });

  it("leaves standardizing out on unit-scale columns, and says nothing when the run does not jump out", () => {
    const args = ["fit", "--data", join(work, "labels.csv"), "--model", "logistic"];
    const jumped = lrlab([...args, "--lr", "1000"]).stdout;
    expect(jumped).toMatch(/the rate is [\d,]+× the measured bound 2\/λmax = [0-9.]+: lower it below that\n/);
    expect(lrlab([...args, "--lr", "0.1"]).stdout).not.toContain("the measured bound 2/λmax");
  });
});

describe("lrlab fit --standardize takes a column too large to square (finding 9)", () => {
  it("fits on its z-scores with --standardize, and refuses it, naming it, without", () => {
    const args = [
      "fit",
      "--data",
      join(work, "huge-feature.csv"),
      "--model",
      "logistic",
      "--x",
      "b",
      "--x",
      "a",
    ];
    const json = lrlabJson([...args, "--y", "label", "--standardize", "--steps", "5"]);
    expect(json.status).not.toBe("diverged");
    // a: mean (1 + 2 + 0.5 + 1.5 + 1 + 2)e150 / 6 = 1.3333e150.
    expect(json.model.standardization.means[1] / 1e150).toBeCloseTo(8 / 6, 12);
    expect(json.final.loss).toBeLessThan(Math.LN2);
    expectUserError(
      [...args, "--y", "label", "--steps", "5"],
      /column "a" reaches 2e150, too large to square in float64/,
    );
  });
});

describe("lrlab fit --standardize: the first --x follows the others' rule (web round 5 #3)", () => {
  // The first --x was checked a second time as the line's "x", unstandardized: refused as "x", with advice
  // to rescale though --standardize was given, while the same column second ran.
  const data = () => join(work, "huge-feature.csv");
  const fitArgs = (...columns: string[]) => [
    ...["fit", "--data", data(), "--model", "linear", "--y", "label", "--steps", "5"],
    ...columns.flatMap((column) => ["--x", column]),
  ];

  it("fits a huge first column on its z-scores, in either order and alone", () => {
    const first = lrlabJson([...fitArgs("a", "b"), "--standardize"]);
    const second = lrlabJson([...fitArgs("b", "a"), "--standardize"]);
    // a: mean (1 + 2 + 0.5 + 1.5 + 1 + 2)e150 / 6 = 1.3333e150, wherever it stands.
    expect(first.model.standardization.means[0] / 1e150).toBeCloseTo(8 / 6, 12);
    expect(second.model.standardization.means[1] / 1e150).toBeCloseTo(8 / 6, 12);
    // The same model with its columns swapped: the same loss.
    expect(relative(first.final.loss, second.final.loss)).toBeLessThan(1e-12);
    expect(first.final.loss).toBeLessThan(first.history[0].loss);
    expect(lrlabJson([...fitArgs("a"), "--standardize"]).status).toBe("completed");
  });

  it("without --standardize refuses it by its name, first or second", () => {
    const refusal =
      /^lrlab: error: .*huge-feature\.csv: column "a" reaches 2e150, too large to square in float64; rescale it /;
    expectUserError(fitArgs("a", "b"), refusal);
    expectUserError(fitArgs("b", "a"), refusal);
    expectUserError(fitArgs("a"), refusal);
  });
});

describe("lrlab fit --model linear", () => {
  it("has the line's optimum, Hessian eigenvalues and critical rate on the same data", () => {
    const line = lrlabJson(["fit"]);
    const linear = lrlabJson(["fit", "--model", "linear"]);
    expect(linear.stability.basis).toBe("exact");
    expect(relative(linear.optimum.loss, line.optimum.loss)).toBeLessThan(1e-12);
    expect(linear.stability.hessianEigenvalues).toHaveLength(2);
    linear.stability.hessianEigenvalues.forEach((value: number, i: number) => {
      expect(relative(value, line.stability.hessianEigenvalues[i])).toBeLessThan(1e-12);
    });
    expect(relative(linear.stability.criticalLearningRate, line.stability.criticalLearningRate)).toBeLessThan(
      1e-12,
    );
    // The optimum as Keras weights: kernel (1, 1) and bias (1,), the line's w and b.
    const [[[w]], [b]] = linear.optimum.weights;
    expect(relative(w, line.optimum.w)).toBeLessThan(1e-12);
    expect(relative(b, line.optimum.b)).toBeLessThan(1e-12);
  });
});

describe("lrlab fit --model polynomial --standardize", () => {
  const args = ["fit", "--model", "polynomial", "--degree", "3", "--standardize"];

  it("reports the mean and the population deviation it used", () => {
    const document = lrlabJson(args);
    const { x } = builtinData();
    const n = x.length;
    const mean = x.reduce((sum, value) => sum + value, 0) / n;
    const deviation = Math.sqrt(x.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n);
    expect(document.model.standardization.columns).toEqual(["x"]);
    expect(relative(document.model.standardization.means[0], mean)).toBeLessThan(1e-12);
    expect(relative(document.model.standardization.deviations[0], deviation)).toBeLessThan(1e-12);
    expect(document.model.features).toEqual(["z(x)", "z(x)²", "z(x)³"]);
    expect(document.stability.hessianEigenvalues).toHaveLength(4);
  });

  it("says how standardizing changed the condition number and the critical rate, as the core computes them", () => {
    const { status, stdout } = lrlab(args);
    expect(status).toBe(0);
    const words =
      /standardizing changed the condition number from (\S+) to (\S+) and the critical rate from (\S+) to (\S+)\n/.exec(
        stdout,
      );
    expect(words).not.toBeNull();
    const [rawCondition, condition, rawCritical, critical] = (words as RegExpExecArray)
      .slice(1)
      .map((text) => Number(text.replace("−", "-")));
    const data = builtinData();
    const prepared = prepareModel({ name: "polynomial", degree: 3, standardize: true }, [data.x], data.y, {
      loss: "mse",
      columnNames: ["x"],
    });
    const raw = prepared.unstandardizedTheory;
    const theory = prepared.theory;
    if (!raw || !theory) throw new Error("expected both theories for MSE on a polynomial");
    // Printed to four significant digits.
    expect(relative(rawCondition as number, raw.conditionNumber)).toBeLessThan(1e-3);
    expect(relative(condition as number, theory.conditionNumber)).toBeLessThan(1e-3);
    expect(relative(rawCritical as number, raw.criticalLearningRate)).toBeLessThan(1e-3);
    expect(relative(critical as number, theory.criticalLearningRate)).toBeLessThan(1e-3);
    // What the fix is for: a rounder valley that takes a larger rate.
    expect(theory.conditionNumber).toBeLessThan(raw.conditionNumber / 10);
    expect(theory.criticalLearningRate).toBeGreaterThan(raw.criticalLearningRate);
  });
});

describe("lrlab fit --init", () => {
  const mlpArgs = ["fit", "--model", "mlp", "--hidden", "4", "--lr", "0.05", "--steps", "30"];

  it("starts the next run where the last one ended: its final weights, its final loss", () => {
    const first = lrlabJson(mlpArgs);
    const file = join(work, "final.json");
    writeFileSync(file, JSON.stringify(first.final.weights));
    const second = lrlabJson([...mlpArgs, "--init", file]);
    expect(second.initial.weights).toEqual(first.final.weights);
    expect(second.initial.loss).toBe(first.final.loss);
    // It went on from there: a different start from the glorot one, and further down.
    expect(second.initial.weights).not.toEqual(first.initial.weights);
    expect(second.final.loss).toBeLessThan(first.final.loss);
  });

  it("refuses weights of the wrong shape in one line naming the file, the layer and both shapes", () => {
    const file = join(work, "narrow.json");
    // Keras order for 1-4-1: kernel (1, 4), bias (4,), kernel (4, 1), bias (1,); this kernel is (1, 2).
    writeFileSync(file, JSON.stringify([[[0.1, 0.2]], [0, 0, 0, 0], [[1], [1], [1], [1]], [0]]));
    expectUserError(
      [...mlpArgs, "--init", file],
      `--init ${file}: layer 1 of 2 (Dense 1 → 4) kernel: expected shape (1, 4), got (1, 2)`,
    );
    const short = join(work, "short.json");
    writeFileSync(short, JSON.stringify([[[0.1]], [0]]));
    expectUserError(
      [...mlpArgs, "--init", short],
      `--init ${short}: weights: expected 4 arrays (kernel, bias per layer: (1, 4), (4,), (4, 1), (1,)), got 2 arrays shaped (1, 1), (1,)`,
    );
  });

  it("names NaN from Python's json.dump, and a missing file, by the flag", () => {
    const file = join(work, "nan.json");
    writeFileSync(file, "[[[NaN]], [0]]");
    expectUserError(
      ["fit", "--model", "linear", "--init", file],
      /^lrlab: error: --init \S*nan\.json: not JSON: it holds NaN, which JSON has no word for/,
    );
    expectUserError(
      ["fit", "--model", "linear", "--init", join(work, "missing.json")],
      /^lrlab: error: --init: \S*missing\.json: /,
    );
  });

  it("refuses a file that is not JSON in one line naming it", () => {
    const file = join(work, "not-json.json");
    expectUserError(
      [...mlpArgs, "--init", file],
      new RegExp(
        `^lrlab: error: --init ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not JSON \\(.*\\); expected an array in Keras model\\.get_weights\\(\\) order\\n$`,
      ),
    );
  });
});

describe("lrlab fit --init with a byte-order mark (CLI round 4, #16)", () => {
  it("skips a UTF-8 BOM as the CSV reader does: the same run as without it", () => {
    const plain = join(work, "plain.json");
    const bom = join(work, "bom.json");
    writeFileSync(plain, "[[[0.5]],[1]]");
    // EF BB BF, as Notepad and PowerShell's Out-File write it.
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("[[[0.5]],[1]]")]));
    const withBom = lrlabJson(["fit", "--init", bom, "--steps", "5"]);
    const without = lrlabJson(["fit", "--init", plain, "--steps", "5"]);
    expect(withBom.config.start).toEqual({ w: 0.5, b: 1 });
    expect({ ...withBom, startFrom: null }).toEqual({ ...without, startFrom: null });
  });
});

describe("lrlab fit --standardize --init (CLI round 4, #18)", () => {
  it("says the --init weights act on the standardized columns, and says nothing of it without --standardize", () => {
    const file = join(work, "standardized-start.json");
    writeFileSync(file, "[[[1]],[0]]");
    const text = lrlab(["fit", "--model", "linear", "--standardize", "--init", file, "--steps", "3"]).stdout;
    expect(text.replace(/\s+/g, " ")).toContain(
      `start: the weights in ${file}, applied to the standardized columns (as after a Keras Normalization layer; weights trained on the raw columns make a different model here)`,
    );
    const raw = lrlab(["fit", "--model", "linear", "--init", file, "--steps", "3"]).stdout;
    expect(raw).not.toContain("standardized columns");
  });
});

describe("lrlab fit --init on the line (the default model)", () => {
  it("is the line's lesson from the file's start: the same JSON as --init-w/--init-b, apart from where it came from", () => {
    const file = join(work, "line-start.json");
    // Keras order for the line, one Dense(1) on one input: kernel (1, 1), then bias (1,).
    writeFileSync(file, JSON.stringify([[[2.5]], [-1.25]]));
    const fromFile = lrlabJson(["fit", "--init", file]);
    const fromFlags = lrlabJson(["fit", "--init-w", "2.5", "--init-b", "-1.25"]);
    expect(fromFile.startFrom).toBe(`--init ${file}`);
    expect(fromFlags.startFrom).toBeUndefined();
    const { startFrom: _, ...rest } = fromFile;
    expect(rest).toEqual(fromFlags);
    // One start in the config, the file's; the line's face: its model, ideal line and lesson verdict.
    expect(fromFile.config.start).toEqual({ w: 2.5, b: -1.25 });
    expect(fromFile.config.initialWeights).toBeUndefined();
    expect(fromFile.model).toBe("y = w·x + b");
    expect(fromFile.verdict.outcome).toBe("too-small");
    expect(fromFile.history[0]).toMatchObject({ step: 0, w: 2.5, b: -1.25 });
    const text = lrlab(["fit", "--init", file]).stdout;
    expect(text).toContain(`  start w = 2.5, b = −1.25, from --init ${file}\n`);
    expect(text).toMatch(/\n {2}ideal line {7}y = 2\.071·x \+ 0\.6353/);
    expect(text).toMatch(/\nVerdict {2}Too small\. It crawls/);
    expect(text).toContain(`--lr ${fromFile.verdict.suggestedLearningRate}`);
    expect(text).not.toContain("parameters");
  });

  it("refuses a line start of the wrong shape, or given two ways, in one line", () => {
    const file = join(work, "line-wide.json");
    writeFileSync(file, JSON.stringify([[[1, 2]], [0]]));
    expectUserError(
      ["fit", "--init", file],
      `--init ${file}: layer 1 of 1 (Dense 1 → 1) kernel: expected shape (1, 1), got (1, 2)`,
    );
    expectUserError(
      ["fit", "--init", file, "--init-w", "1"],
      "--init and --init-w/--init-b: give the start one way, not both",
    );
  });
});

describe("lrlab fit --model logistic", () => {
  it("fits 0/1 labels with bce: from ln 2 at zero weights down, to a finite rising boundary", () => {
    const document = lrlabJson([
      "fit",
      "--model",
      "logistic",
      "--loss",
      "bce",
      "--data",
      join(work, "labels.csv"),
      "--lr",
      "0.5",
      "--steps",
      "300",
    ]);
    expect(document.model.layers).toEqual([{ type: "Dense", inputs: 1, units: 1, activation: "sigmoid" }]);
    // Zero weights predict p = ½ for every row: −log ½ = ln 2.
    expect(document.initial.loss).toBeCloseTo(Math.LN2, 12);
    expect(document.final.loss).toBeLessThan(0.5 * Math.LN2);
    expect(document.status).toBe("completed");
    expectAllNumbersFinite(document.final.weights);
    // The labels rise with x: a positive kernel, and the boundary −b/w between the overlapping rows 4 and 5.
    const [[[w]], [b]] = document.final.weights;
    expect(w).toBeGreaterThan(0);
    expect(-b / w).toBeGreaterThan(3);
    expect(-b / w).toBeLessThan(6);
    // Overlapping classes have a finite optimum: nothing to warn about, the usual regime words.
    expect(document.verdict.noFiniteOptimum).toBeNull();
  });

  it("says there is no finite optimum for one class, one row, or classes that do not overlap", () => {
    const cases: [string, string, object, RegExp][] = [
      [
        "zeros.csv",
        "x,y\n1,0\n2,0\n3,0\n4,0\n",
        { reason: "one-class", label: 0, rows: 4 },
        /All 4 rows have label 0, so there is no finite optimum/,
      ],
      ["one-row.csv", "x,y\n5,1\n", { reason: "one-class", label: 1, rows: 1 }, /The one row has label 1/],
      [
        "apart.csv",
        "x,y\n3,1\n1,0\n4,1\n2,0\n",
        { reason: "separable", model: "logistic", feature: "x", lowLabel: 0, lowEdge: 2, highEdge: 3 },
        /The labels are separable by "x" \(every 0 at ≤ 2, every 1 at ≥ 3\), so there is no finite optimum/,
      ],
    ];
    for (const [name, csv, reason, words] of cases) {
      const file = join(work, name);
      writeFileSync(file, csv);
      const args = ["fit", "--model", "logistic", "--data", file, "--lr", "1"];
      const short = lrlabJson([...args, "--steps", "50"]);
      expect(short.verdict.noFiniteOptimum).toEqual(reason);
      // The slide the words describe: more steps, a lower loss and a larger bias, with no end in sight.
      const long = lrlabJson([...args, "--steps", "500"]);
      expect(long.final.loss).toBeLessThan(short.final.loss);
      expect(Math.abs(long.final.weights[1][0])).toBeGreaterThan(Math.abs(short.final.weights[1][0]));
      const text = lrlab([...args, "--steps", "50"]).stdout.replace(/\s+/g, " ");
      expect(text).toMatch(words);
      expect(text).toContain("converging, but toward no minimum.");
      expect(text).toContain("the loss keeps falling toward 0 as the weights grow without bound");
      expect(text).not.toContain("each step moves toward a minimum");
    }
  });
});

describe("lrlab fit --model mlp --track-sharpness", () => {
  it("measures the sharpness every 10 steps and at the last, each finite, the first at the start's", () => {
    const document = lrlabJson([
      "fit",
      "--model",
      "mlp",
      "--lr",
      "0.05",
      "--steps",
      "95",
      "--track-sharpness",
      "10",
    ]);
    expect(document.status).toBe("completed");
    expect(document.sharpness.every).toBe(10);
    expect(document.sharpness.step).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95]);
    expect(document.sharpness.sharpness).toHaveLength(11);
    for (const value of document.sharpness.sharpness) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
    document.sharpness.criticalLearningRate.forEach((rate: number, i: number) => {
      expect(rate).toBeCloseTo(2 / document.sharpness.sharpness[i], 12);
    });
    // Step 0 is the starting weights, where the stability was measured (both to 1e-6 of λmax).
    expect(relative(document.sharpness.sharpness[0], document.stability.sharpness)).toBeLessThan(1e-5);
  });
});

describe("lrlab fit --model: bad input gets exit 2 and one line", () => {
  // "@name" is a file in the scratch directory, which beforeAll makes.
  const cases: [string[], string | RegExp][] = [
    [
      ["--model", "mpl"],
      '--model: unknown model "mpl" (did you mean "mlp"?); expected one of line, linear, polynomial, logistic, mlp',
    ],
    [
      ["--model", "mlp", "--activation", "tanhh"],
      '--activation: unknown activation "tanhh" (did you mean "tanh"?); expected one of tanh, relu, sigmoid, linear',
    ],
    [
      ["--model", "mlp", "--hidden", "0"],
      '--hidden: expected 1 to 8 layer widths from 1 to 4096 separated by commas (e.g. 16 or 8,8), got "0"',
    ],
    [
      ["--model", "mlp", "--hidden", "8,x"],
      '--hidden: expected 1 to 8 layer widths from 1 to 4096 separated by commas (e.g. 16 or 8,8), got "8,x"',
    ],
    [["--model", "polynomial", "--degree", "0"], "--degree: expected an integer from 1 to 12, got 0"],
    [["--degree", "3"], "--degree applies to --model polynomial, not line"],
    [["--model", "linear", "--degree", "3"], "--degree applies to --model polynomial, not linear"],
    [
      // The user typed no --loss: the message names the model whose default BCE is.
      ["--model", "logistic", "--data", "@soft.csv"],
      /^lrlab: error: --model logistic \(BCE\): labels must be 0 or 1; \S*soft\.csv: column "y", data row 2 has 0\.5\n$/,
    ],
    [
      ["--model", "mlp", "--loss", "bce", "--data", "@soft.csv"],
      /^lrlab: error: --loss bce: labels must be 0 or 1; \S*soft\.csv: column "y", data row 2 has 0\.5\n$/,
    ],
    [
      ["--model", "linear", "--standardize", "--data", "@constant.csv"],
      '--standardize: column "x" has zero deviation (every value is the same); expected a column that varies',
    ],
    [
      ["--loss", "bce"],
      "--loss bce needs a sigmoid output: use --model logistic (or mlp); the line is fitted with mse, mae or huber",
    ],
    [
      ["--model", "linear", "--loss", "bce", "--data", "@labels.csv"],
      "--loss bce needs a sigmoid output: use --model logistic (or mlp); the linear model is fitted with mse, mae or huber",
    ],
    [
      ["--model", "mlp", "--init-w", "1"],
      "--init-w sets the line's start; for --model mlp give --init FILE.json (Keras get_weights() order)",
    ],
    [["--model", "mlp", "--track-sharpness", "0"], "--track-sharpness: expected an integer ≥ 1, got 0"],
    [["--track-sharpness", "0"], "--track-sharpness: expected an integer ≥ 1, got 0"],
    [
      ["--model", "polynomial", "--degree", "3", "--data", "@huge.csv"],
      "--degree 3: the feature x² reaches 9e200, too large to square in float64; add --standardize or use a lower degree",
    ],
  ];
  it.each(cases)("fit %j", (args, message) => {
    const paths = args.map((arg) => (arg.startsWith("@") ? join(work, arg.slice(1)) : arg));
    expectUserError(["fit", ...paths], message);
  });
});

describe("lrlab fit --model mlp: divergence is a result", () => {
  it("writes strict JSON for a run that blows up at --lr 50, with status diverged", () => {
    const { status, stdout, stderr } = lrlab([
      "fit",
      "--model",
      "mlp",
      "--lr",
      "50",
      "--track-sharpness",
      "1",
      "--json",
    ]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const document = parseStrictJson(stdout).value;
    expect(document.status).toBe("diverged");
    expect(document.verdict.regime).toBe("diverging");
    expect(document.divergedAtStep).toBeGreaterThan(0);
    // It stopped at the first loss above 1e6 × the starting loss (the default diverge factor).
    expect(document.final.loss).toBeGreaterThan(1e6 * document.initial.loss);
    expect(document.history.at(-1).step).toBe(document.divergedAtStep);
  });

  it("writes null, not NaN, where a relu net's loss overflows to not a number", () => {
    const { status, stdout } = lrlab([
      "fit",
      "--model",
      "mlp",
      "--activation",
      "relu",
      "--lr",
      "1e300",
      "--steps",
      "5",
      "--json",
    ]);
    expect(status).toBe(0);
    const document = parseStrictJson(stdout).value;
    expect(document.status).toBe("diverged");
    expect(document.final.loss).toBeNull();
    expect(document.history.at(-1).loss).toBeNull();
  });
});

describe("lrlab fit --model mlp at a subnormal rate (issue 12)", () => {
  it("says nothing moved and the rate is too small, and that the sharpness stayed, not rose", () => {
    const args = ["fit", "--model", "mlp", "--lr", "1e-320", "--track-sharpness", "10"];
    const document = lrlabJson(args);
    expect(document.final.loss).toBe(document.initial.loss);
    expect(document.verdict.moved).toBe(false);
    expect(document.verdict.outcome).toBe("too-small");
    const { status, stdout } = lrlab(args);
    expect(status).toBe(0);
    expect(stdout).toContain("Verdict: Too small");
    expect(stdout).toContain("nothing moved (each step was below the weights' float resolution)");
    // Power iteration gives 23.95 at both ends, a little apart in the last digits: the same printed number.
    expect(stdout).toContain("sharpness stayed at 23.95 over the run; 2/λ stayed at 0.08352");
    expect(stdout).not.toMatch(/rose from|each step moves toward a minimum/);
  });

  it("gives sweep --model the same verdict: too small at 1e-320", () => {
    const document = lrlabJson(["sweep", "--model", "mlp", "--lrs", "1e-320,0.01"]);
    const runs = document.runs as { learningRate: number; outcome: string | null }[];
    expect(runs.find((run) => run.learningRate === 1e-320)?.outcome).toBe("too-small");
  });
});
