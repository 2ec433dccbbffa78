import { describe, expect, it } from "vitest";
import { reduceLROnPlateauParams } from "../callbacks/reduce-lr-on-plateau.js";
import { LrlabError } from "../errors.js";
import type { ParamSpec } from "../params.js";
import { createSchedule, SCHEDULE_NAMES, SCHEDULES, scheduleParams } from "./registry.js";

const asFlag = (spec: ParamSpec) => `--${spec.flag}`;

/** The smallest valid CLI arguments of each schedule. */
const REQUIRED: Record<string, Record<string, unknown>> = {
  constant: {},
  exponential: { decaySteps: 5, decayRate: 0.5 },
  piecewise: { boundaries: [10, 20], values: [0.1, 0.05, 0.01] },
  polynomial: { decaySteps: 20 },
  "inverse-time": { decaySteps: 5, decayRate: 0.5 },
  cosine: { decaySteps: 20 },
  "cosine-restarts": { firstDecaySteps: 5 },
  step: { stepSize: 7 },
  cyclical: { maximalLearningRate: 0.5 },
  "one-cycle": { totalSteps: 50 },
};

describe("the schedule registry", () => {
  it("names every schedule, constant and plateau included", () => {
    expect(SCHEDULE_NAMES).toEqual([
      "constant",
      "exponential",
      "piecewise",
      "polynomial",
      "inverse-time",
      "cosine",
      "cosine-restarts",
      "step",
      "cyclical",
      "one-cycle",
      "plateau",
    ]);
  });

  it("builds a constant schedule from --lr alone", () => {
    const schedule = createSchedule("constant", {}, 0.1);
    expect(schedule(0)).toBe(0.1);
    expect(schedule(12345)).toBe(0.1);
  });

  it("builds a schedule from CLI arguments with --lr as its rate argument", () => {
    const exponential = createSchedule(
      "exponential",
      { decaySteps: 5, decayRate: 0.5, staircase: true },
      0.1,
    );
    expect(exponential(7)).toBeCloseTo(0.05, 12); // 0.1 · 0.5^floor(7/5)
    const oneCycle = createSchedule("one-cycle", { totalSteps: 100 }, 1);
    expect(oneCycle(0)).toBeCloseTo(0.04, 12); // --lr is max_lr: 1/25
    expect(oneCycle(29)).toBeCloseTo(1, 12);
  });

  it("lets cosine omit warmupTarget and accepts it when given", () => {
    expect(createSchedule("cosine", { decaySteps: 10 }, 0.1)(5)).toBeCloseTo(0.05, 12);
    const warm = createSchedule("cosine", { decaySteps: 10, warmupTarget: 0.1, warmupSteps: 4 }, 0);
    expect(warm(1)).toBeCloseTo(0.025, 12); // 0 + 0.1 · 1/4
  });

  it("ignores --lr for piecewise, whose values are its rates", () => {
    const schedule = createSchedule("piecewise", { boundaries: [10], values: [0.3, 0.03] }, 99);
    expect(schedule(10)).toBe(0.3);
    expect(schedule(11)).toBe(0.03);
  });

  it("leaves the --lr argument out of each param table", () => {
    const keys = (name: string) => scheduleParams(name).map((spec) => spec.key);
    expect(keys("exponential")).toEqual(["decaySteps", "decayRate", "staircase"]);
    expect(keys("one-cycle")).not.toContain("maxLearningRate");
    expect(keys("cyclical")).toEqual(["maximalLearningRate", "stepSize", "mode", "gamma"]);
    expect(keys("constant")).toEqual([]);
  });

  it("gives plateau's param table, so the CLI can build its flags", () => {
    expect(scheduleParams("plateau")).toBe(reduceLROnPlateauParams);
    expect(scheduleParams("plateau").map((spec) => spec.flag)).toEqual([
      "factor",
      "patience",
      "min-delta",
      "cooldown",
      "min-lr",
      "mode",
      "min-delta-mode",
    ]);
  });

  it("refuses to build plateau as a schedule and points to reduceLROnPlateau", () => {
    expect(() => createSchedule("plateau", {}, 0.1)).toThrow(
      expect.objectContaining({ code: "E_USAGE", message: expect.stringMatching(/reduceLROnPlateau/) }),
    );
  });

  it("rejects an unknown schedule and suggests the nearest name", () => {
    let error: unknown;
    try {
      createSchedule("cosin", {}, 0.1);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LrlabError);
    expect((error as LrlabError).code).toBe("E_UNKNOWN_SCHEDULE");
    expect((error as LrlabError).message).toMatch(
      /^unknown schedule "cosin" \(did you mean "cosine"\?\); expected one of constant, /,
    );
    expect(() => scheduleParams("one_cycle")).toThrow(/did you mean "one-cycle"/);
  });

  it("does not mistake inherited object keys for schedules", () => {
    expect(() => createSchedule("toString", {}, 0.1)).toThrow(/unknown schedule "toString"/);
  });

  it("rejects the rate argument among the CLI arguments and names errors as flags", () => {
    expect(() =>
      createSchedule("exponential", { initialLearningRate: 1, decaySteps: 5, decayRate: 0.5 }, 0.1),
    ).toThrow(/exponential: unknown argument "initialLearningRate"/);
    expect(() => createSchedule("exponential", { decaySteps: 0, decayRate: 0.5 }, 0.1, asFlag)).toThrow(
      /^--decay-steps: expected a number > 0, got 0$/,
    );
    expect(() => createSchedule("exponential", { decaySteps: 5, decayRate: 0.5 }, -0.1, asFlag)).toThrow(
      /^--lr: expected a number ≥ 0, got -0.1$/,
    );
    expect(() => createSchedule("constant", { decaySteps: 5 }, 0.1)).toThrow(
      /constant: unknown argument "decaySteps"/,
    );
  });

  it("has table defaults that agree with the factories' signature defaults", () => {
    for (const name of SCHEDULE_NAMES) {
      const entry = SCHEDULES[name];
      if (entry.kind !== "schedule") continue;
      const defaults = Object.fromEntries(
        entry.params.filter((spec) => spec.default !== undefined).map((spec) => [spec.key, spec.default]),
      );
      const bare = entry.create(REQUIRED[name] ?? {}, 0.1);
      const explicit = entry.create({ ...defaults, ...REQUIRED[name] }, 0.1);
      for (const step of [0, 1, 3, 7, 10, 19, 40, 2500])
        expect(bare(step), `${name} at ${step}`).toBe(explicit(step));
    }
  });

  it("describes every argument once, with a camelCase key, a snake_case source name and a kebab-case flag", () => {
    for (const name of SCHEDULE_NAMES) {
      const params = scheduleParams(name);
      expect(new Set(params.map((spec) => spec.key)).size, name).toBe(params.length);
      expect(new Set(params.map((spec) => spec.flag)).size, name).toBe(params.length);
      for (const spec of params) {
        expect(spec.key, name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        expect(spec.keras, name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(spec.flag, name).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(spec.description.length, name).toBeGreaterThan(0);
      }
      expect(SCHEDULES[name].citation.length).toBeGreaterThan(0);
    }
  });
});
