import { describe, expect, it } from "vitest";
import { OPTIMIZER_NAMES, SCHEDULE_NAMES } from "../core/index.js";
import { resolveRun } from "../core/training/run-config.js";
import { coreConfigOf } from "./lab-run.js";
import {
  defaultState,
  FIELDS,
  type LabState,
  optimizerArgSpecs,
  scheduleArgSpecs,
  specOf,
  withOptimizer,
  withSchedule,
} from "./lab-state.js";
import { runConfigOf } from "./protocol.js";
import { decodeState, encodeState, parseParamText } from "./url-state.js";

const decode = (query: string) => decodeState(new URLSearchParams(query));
const roundTrip = (state: LabState) => decode(encodeState(state).toString());

describe("url-state defaults", () => {
  it("a bare URL is the default lab, with nothing to report", () => {
    const { state, problems } = decode("");
    expect(problems).toEqual([]);
    expect(state).toEqual(defaultState());
  });

  it("the default lab is the lesson's data with Keras SGD at its default rate for 100 steps", () => {
    const state = defaultState();
    expect(state).toMatchObject({
      tab: "lesson",
      data: "lesson",
      dataSeed: 42,
      loss: "mse",
      optimizer: "sgd",
      learningRate: 0.01, // keras.optimizers.SGD(learning_rate=0.01)
      optimizerArgs: { momentum: 0, nesterov: false },
      schedule: "constant",
      scheduleArgs: {},
      batchSize: 0,
      steps: 100,
      seed: 0,
      initialW: 0,
      initialB: 0,
      at: 0,
    });
  });

  it("the defaults encode to an empty query", () => {
    expect(encodeState(defaultState()).toString()).toBe("");
  });
});

describe("url-state round trip", () => {
  it("brings back every field, optimizer argument and schedule argument exactly", () => {
    const base = withSchedule(withOptimizer(defaultState(), "adam"), "piecewise");
    const state: LabState = {
      ...base,
      data: "cars",
      x: "Weight_in_lbs",
      y: "Miles_per_Gallon",
      loss: "huber",
      huberDelta: 0.5,
      learningRate: 0.012345678901234567,
      optimizerArgs: { ...base.optimizerArgs, beta1: 0.8, amsgrad: true },
      scheduleArgs: { boundaries: [10, 20.5], values: [0.1, 0.05, 1e-7] },
      batchSize: 16,
      steps: 500,
      seed: 7,
      initialW: -1.5,
      initialB: 1 / 3,
      speed: 60,
      at: 12,
    };
    const { state: back, problems } = roundTrip(state);
    expect(problems).toEqual([]);
    expect(back).toEqual(state);
  });

  it("round-trips the defaults of every optimizer with every schedule", () => {
    for (const optimizer of OPTIMIZER_NAMES) {
      for (const schedule of SCHEDULE_NAMES) {
        const state = withSchedule(withOptimizer(defaultState(), optimizer), schedule);
        const { state: back, problems } = roundTrip(state);
        expect(problems, `${optimizer} + ${schedule}`).toEqual([]);
        expect(back, `${optimizer} + ${schedule}`).toEqual(state);
      }
    }
  });

  it("round-trips a synthetic preset's count and seed, and an uploaded file's name and columns", () => {
    const preset: LabState = { ...defaultState(), data: "outliers", points: 100_000, dataSeed: 3 };
    expect(roundTrip(preset).state).toEqual(preset);
    const upload: LabState = {
      ...defaultState(),
      data: "csv",
      file: "my scores.csv",
      x: "hours, studied",
      y: "score",
    };
    expect(roundTrip(upload).state).toEqual(upload);
  });

  it("reads like a command line: only what differs from the defaults, named by the CLI's flags", () => {
    const state = withSchedule(withOptimizer(defaultState(), "adam"), "exponential");
    const query = encodeState({
      ...state,
      learningRate: 0.1,
      scheduleArgs: { ...state.scheduleArgs, decaySteps: 50 },
      batchSize: 10,
      initialW: 3,
    }).toString();
    expect(query).toBe("optimizer=adam&lr=0.1&schedule=exponential&decay-steps=50&batch-size=10&init-w=3");
  });

  it("gives every argument of every optimizer and schedule a URL parameter no other setting uses", () => {
    const scalars = FIELDS.flatMap((field) => (field.kind === "scalar" ? [field.param] : []));
    for (const optimizer of OPTIMIZER_NAMES) {
      for (const schedule of SCHEDULE_NAMES) {
        const params = [
          ...scalars,
          ...optimizerArgSpecs(optimizer).map((spec) => spec.flag),
          ...scheduleArgSpecs(schedule).map((spec) => spec.flag),
        ];
        expect(new Set(params).size, `${optimizer} + ${schedule}`).toBe(params.length);
      }
    }
  });
});

describe("url-state bad values", () => {
  it("ignores a rate that is not a number, says why, and keeps the default", () => {
    const { state, problems } = decode("lr=abc&steps=20");
    expect(state.learningRate).toBe(0.01);
    expect(state.steps).toBe(20);
    expect(problems).toEqual(['lr=abc: expected a number > 0, got "abc"; using 0.01']);
  });

  it("checks optimizer arguments against the core's bounds", () => {
    const { state, problems } = decode("optimizer=adam&beta1=1&beta2=0.99");
    expect(state.optimizerArgs).toMatchObject({ beta1: 0.9, beta2: 0.99 });
    expect(problems).toEqual(['beta1=1: expected a number ≥ 0 and < 1, got "1"; using 0.9']);
  });

  it("reports an unknown name, an argument of another optimizer, and a setting that does not apply", () => {
    const { state, problems } = decode(
      "optimizer=sgd&beta1=0.5&delta=2&colour=red&directions=hessian&schedule=warp",
    );
    expect(state.optimizer).toBe("sgd");
    expect(state.schedule).toBe("constant");
    expect(problems).toEqual([
      expect.stringMatching(/^schedule=warp: expected one of constant, exponential, .*; using constant$/),
      "delta: applies to loss=huber only; ignored",
      "beta1: not a setting of optimizer sgd with schedule constant; ignored",
      "colour: unknown setting; ignored",
      // `lrlab landscape --directions` has no field here; nothing to do with the optimizer either.
      "directions: unknown setting; ignored",
    ]);
  });

  it("refuses a non-integer step count and an empty list", () => {
    const { state, problems } = decode("steps=2.5&schedule=piecewise&boundaries=");
    expect(state.steps).toBe(100);
    expect(state.scheduleArgs.boundaries).toEqual([30, 60]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^boundaries=: expected a comma-separated list of numbers/);
    expect(problems[1]).toMatch(/^steps=2.5: expected an integer ≥ 1/);
  });
});

describe("url-state helpers", () => {
  it("a new optimizer's rate follows its Keras default only if the rate sat on the old default", () => {
    expect(withOptimizer(defaultState(), "adam").learningRate).toBe(0.001);
    expect(withOptimizer({ ...defaultState(), learningRate: 0.2 }, "adam").learningRate).toBe(0.2);
    expect(withOptimizer(defaultState(), "momentum").optimizerArgs).toEqual({
      momentum: 0.9,
      nesterov: false,
    });
  });

  it("gives schedules the lab's values where Keras requires one, but no length: the run's, as lrlab fit", () => {
    expect(withSchedule(defaultState(), "exponential").scheduleArgs).toEqual({
      decayRate: 0.05,
      staircase: false,
    });
    // Unset, the core fills a length from the run, as it does for `lrlab fit --schedule exponential`:
    // decay_steps spans the run, and one-cycle's total_steps follows the steps (300, not a stale 100).
    const resolvedArgs = (query: string) => {
      const { state } = decodeState(new URLSearchParams(query));
      expect(encodeState(state).toString()).toBe(query);
      const n = 100;
      return resolveRun(coreConfigOf(runConfigOf(state)), { x: { length: n } as Float64Array }).schedule.args;
    };
    expect(resolvedArgs("schedule=exponential&steps=200")).toMatchObject({
      decaySteps: 200,
      decayRate: 0.05,
    });
    expect(resolvedArgs("schedule=one-cycle&steps=300")).toMatchObject({ totalSteps: 300 });
    // Given in the link, a length is the link's.
    expect(resolvedArgs("schedule=exponential&decay-steps=20")).toMatchObject({ decaySteps: 20 });
    // cosine's warmup_target is optional with no default: left unset.
    expect(withSchedule(defaultState(), "cosine").scheduleArgs).not.toHaveProperty("warmupTarget");
  });

  it("parses lists, booleans and choices as the URL writes them", () => {
    const state = withSchedule(defaultState(), "piecewise");
    const boundaries = scheduleArgSpecs("piecewise").find((spec) => spec.key === "boundaries");
    expect(parseParamText(boundaries as never, " 1, 2.5 ")).toEqual([1, 2.5]);
    expect(() => parseParamText(boundaries as never, "1,,2")).toThrow(/expected a comma-separated list/);
    const nesterov = optimizerArgSpecs("sgd").find((spec) => spec.key === "nesterov");
    expect(parseParamText(nesterov as never, "true")).toBe(true);
    expect(() => parseParamText(nesterov as never, "yes")).toThrow(/true or false/);
    expect(parseParamText(specOf(state, "loss"), "mae")).toBe("mae");
  });
});

describe("url-state of the race and the guessing tabs", () => {
  it("keeps the lanes, the race's step and the guessing's settings in the link", () => {
    const base = defaultState();
    const state: LabState = {
      ...base,
      tab: "race",
      raceArgs: { ...base.raceArgs, lanes: 3, optimizer2: "adam", lr2: 0.05, lr3: 0.2 },
      raceAt: 12,
      guessTrials: 500,
      guessSeed: 3,
      guessSpeed: 60,
      guessAt: 40,
    };
    expect(Object.fromEntries(encodeState(state))).toEqual({
      tab: "race",
      lanes: "3",
      "lane2-optimizer": "adam",
      "lane2-lr": "0.05",
      "lane3-lr": "0.2",
      "race-at": "12",
      trials: "500",
      "guess-seed": "3",
      "guess-speed": "60",
      guesses: "40",
    });
    const { state: back, problems } = roundTrip(state);
    expect(problems).toEqual([]);
    expect(back).toEqual(state);
  });

  it("refuses a fifth lane and an unknown optimizer, with the reason", () => {
    const { state, problems } = decode("lanes=5&lane1-optimizer=lion&trials=0");
    expect(state.raceArgs).toMatchObject({ lanes: 4, optimizer1: "sgd" });
    expect(state.guessTrials).toBe(1000);
    expect(problems).toEqual([
      'lanes=5: expected an integer ≥ 1 and ≤ 4, got "5"; using 4',
      'lane1-optimizer=lion: expected one of sgd, momentum, rmsprop, adam, adagrad, got "lion"; using sgd',
      'trials=0: expected an integer ≥ 1 and ≤ 10000, got "0"; using 1000',
    ]);
  });
});

describe("url-state of the Beyond the line tab", () => {
  it("opens on the line, with the CLI's defaults for the other models", () => {
    expect(defaultState()).toMatchObject({
      model: "line",
      degree: 2, // lrlab fit --model polynomial
      hidden: [16], // --model mlp
      activation: "tanh",
      standardize: false,
      trackSharpness: 0, // about 50 measurements a run
    });
  });

  it("round-trips the model, its arguments and the sharpness interval, written as the CLI's flags", () => {
    const state: LabState = {
      ...defaultState(),
      tab: "models",
      model: "mlp",
      hidden: [8, 8],
      activation: "relu",
      standardize: true,
      trackSharpness: 5,
    };
    expect(encodeState(state).toString()).toBe(
      "tab=models&model=mlp&hidden=8%2C8&activation=relu&standardize=true&track-sharpness=5",
    );
    const { state: back, problems } = roundTrip(state);
    expect(problems).toEqual([]);
    expect(back).toEqual(state);
    const polynomial: LabState = { ...defaultState(), model: "polynomial", degree: 5 };
    expect(encodeState(polynomial).toString()).toBe("model=polynomial&degree=5");
    expect(roundTrip(polynomial).state).toEqual(polynomial);
  });

  it("leaves out of the link the arguments the chosen model does not take", () => {
    const state: LabState = { ...defaultState(), model: "logistic", degree: 5, hidden: [4] };
    expect(encodeState(state).toString()).toBe("model=logistic");
    expect(encodeState({ ...state, model: "line", standardize: true }).toString()).toBe("");
  });

  it("refuses layer widths that are not whole, too many layers, too wide a layer, and an unknown model", () => {
    // The CLI's limits (core MAX_HIDDEN_LAYERS, MAX_HIDDEN_UNITS): 1 to 8 layers of 1 to 4096 units.
    for (const raw of ["0", "8.5", "16,", "4,4,4,4,4,4,4,4,4", "4097", "-8"]) {
      const { state, problems } = decode(`model=mlp&hidden=${encodeURIComponent(raw)}`);
      expect(state.hidden, raw).toEqual([16]);
      expect(problems, raw).toEqual([
        `hidden=${raw}: expected 1 to 8 layer widths from 1 to 4096, separated by commas (e.g. 16 or 8,8), got ${JSON.stringify(raw)}; using 16`,
      ]);
    }
    expect(decode("model=mlp&hidden=4,4,4,4,4,4,4,4").state.hidden).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
    expect(decode("model=mlp&hidden=4096").state.hidden).toEqual([4096]);
    expect(decode("model=cnn").problems).toEqual([
      'model=cnn: expected one of line, linear, polynomial, logistic, mlp, got "cnn"; using line',
    ]);
  });

  it("names a network loss in a notice as the page's select does, not by its internal word alone (finding 10)", () => {
    expect(decode("model=mlp&mlp-loss=xyz").problems).toEqual([
      'mlp-loss=xyz: expected one of shared = the Lesson\'s loss (MSE, MAE or Huber), bce = BCE (sigmoid output), got "xyz"; using shared',
    ]);
  });

  it("says when a model's argument comes without its model, and ignores it", () => {
    const { state, problems } = decode("degree=3&hidden=8&standardize=true");
    expect(state).toMatchObject({ model: "line", degree: 2, hidden: [16], standardize: false });
    expect(problems).toEqual([
      "degree: applies to model=polynomial only; ignored",
      "hidden: applies to model=mlp only; ignored",
      "standardize: applies to model=linear, polynomial, logistic or mlp only; ignored",
    ]);
  });

  it("reads x columns for linear, logistic and mlp, and says a polynomial ignores them", () => {
    const features = encodeURIComponent('["b"]');
    for (const model of ["linear", "logistic", "mlp"]) {
      const { state, problems } = decode(`model=${model}&features=${features}`);
      expect(state.features).toBe('["b"]');
      expect(problems).toEqual([]);
    }
    const { state, problems } = decode(`model=polynomial&features=${features}`);
    expect(state.features).toBe("");
    expect(problems).toEqual(["features: applies to model=linear, logistic or mlp only; ignored"]);
  });
});

describe("url-state tampered links", () => {
  it("refuses numbers that are not plain decimals: hex, binary, octal, Infinity, trailing garbage", () => {
    for (const raw of ["0x10", "0b11", "0o7", "Infinity", "0.1abc", "1_000", "1e"]) {
      const { state, problems } = decode(`lr=${encodeURIComponent(raw)}`);
      expect(state.learningRate, raw).toBe(0.01);
      expect(problems, raw).toEqual([
        `lr=${raw}: expected a number > 0, got ${JSON.stringify(raw)}; using 0.01`,
      ]);
    }
    // A plain decimal with an exponent is fine.
    expect(decode("lr=2.5e-1").state.learningRate).toBe(0.25);
  });

  it("says what a decimal comma should have been", () => {
    const { state, problems } = decode("lr=0,5");
    expect(state.learningRate).toBe(0.01);
    expect(problems).toEqual([
      'lr=0,5: expected a number > 0 (with a decimal point: 0.5), got "0,5"; using 0.01',
    ]);
  });

  it("takes only the speeds the speed picker offers", () => {
    expect(decode("speed=60&guess-speed=1000")).toMatchObject({
      state: { speed: 60, guessSpeed: 1000 },
      problems: [],
    });
    const { state, problems } = decode("speed=7");
    expect(state.speed).toBe(20);
    expect(problems).toEqual([
      'speed=7: expected one of 1, 2, 5, 10, 20, 60, 120, 300, 1000, got "7"; using 20',
    ]);
  });

  it("clamps counts and positions above the lab's limits to the limit, and says so", () => {
    const { state, problems } = decode(
      "batch-size=1e9&steps=50&at=1000&num-it=100000000&trials=500&guesses=1e9&race-at=51",
    );
    expect(state).toMatchObject({
      batchSize: 2_000_000,
      steps: 50,
      at: 50,
      raceAt: 50,
      guessTrials: 500,
      guessAt: 500,
      rangeTestArgs: { numIterations: 10_000 },
    });
    expect(problems).toEqual([
      "batch-size=1e9: at most 2000000 here; using 2000000",
      "at=1000: at most 50 here; using 50",
      "num-it=100000000: at most 10000 here; using 10000",
      "race-at=51: at most 50 here; using 50",
      "guesses=1e9: at most 500 here; using 500",
    ]);
  });

  it("still refuses what is no number at all, or below the minimum, in a clamped setting", () => {
    const { state, problems } = decode("num-it=5&batch-size=-1&guesses=lots");
    expect(state).toMatchObject({ batchSize: 0, guessAt: 0, rangeTestArgs: { numIterations: 100 } });
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).not.toMatch(/here; using/);
  });

  it("never runs zero steps: steps=0 in a link is refused and the default 100 kept (CLI round 4, #5)", () => {
    const { state, problems } = decode("steps=0");
    expect(state.steps).toBe(100);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^steps=0: expected an integer ≥ 1/);
  });

  it("notices a parameter given twice, and uses the first", () => {
    const { state, problems } = decode("lr=0.1&steps=20&lr=5");
    expect(state.learningRate).toBe(0.1);
    expect(problems).toEqual(["lr: given 2 times; only the first is read"]);
  });

  it("echoes at most 40 characters of a value or a name, however long the link", () => {
    const nines = "9".repeat(5000);
    const { problems } = decode(`lr=${nines}&${"x".repeat(5000)}=1`);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(
      `lr=${"9".repeat(40)}…: expected a number > 0, got "${"9".repeat(40)}…" (5,000 characters); using 0.01`,
    );
    expect(problems[1]).toBe(`${"x".repeat(40)}…: unknown setting; ignored`);
  });

  it("bounds the start at |w|, |b| ≤ 1e100, where 1e300 would make every loss infinite", () => {
    const { state, problems } = decode("init-w=1e300&init-b=-2e9");
    expect(state.initialW).toBe(0);
    expect(state.initialB).toBe(-2e9); // a start for data in the billions is fine
    expect(problems).toEqual([
      'init-w=1e300: expected a number ≥ -1e+100 and ≤ 1e+100, got "1e300"; using 0',
    ]);
  });
});

describe("url-state: the guide and the page's looks", () => {
  it("opens the guide at chapter 1 by default; chapter=0 closes it and is written to the link", () => {
    expect(defaultState()).toMatchObject({ chapter: 1, present: 0, hide: "", embed: 0, panel: "scene" });
    expect(encodeState({ ...defaultState(), chapter: 0 }).toString()).toBe("chapter=0");
    expect(decode("chapter=4").state.chapter).toBe(4);
  });

  it("clamps a chapter past the last to the last, and says so; refuses one that is not a chapter", () => {
    expect(decode("chapter=99")).toMatchObject({
      state: { chapter: 9 },
      problems: ["chapter=99: at most 9 here; using 9"],
    });
    expect(decode("chapter=two").state.chapter).toBe(1);
    expect(decode("chapter=two").problems[0]).toMatch(/^chapter=two: expected an integer/);
  });

  it("reads present=1, embed=1 and hide= as a link writes them, and keeps panel= for an embedded lab only", () => {
    const state = decode("present=1&hide=data,optimizer").state;
    expect(state).toMatchObject({ present: 1, hide: "data,optimizer" });
    expect(encodeState(state).toString()).toBe("present=1&hide=data%2Coptimizer");
    expect(decode("present=yes").problems[0]).toMatch(/^present=yes: expected an integer ≥ 0 and ≤ 1/);
    expect(decode("embed=1&panel=landscape").state).toMatchObject({ embed: 1, panel: "landscape" });
    expect(decode("panel=landscape")).toMatchObject({
      state: { panel: "scene" },
      problems: ["panel: applies to embed=1 only; ignored"],
    });
  });
});
