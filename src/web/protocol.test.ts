import { describe, expect, it } from "vitest";
import { defaultState, type LabState } from "./lab-state.js";
import { MODEL_KEYS } from "./model-settings.js";
import {
  DATA_KEYS,
  isLabRequest,
  isLabResponse,
  type LabResponse,
  presetOrBundledSource,
  RUN_KEYS,
  runConfigOf,
  transferablesOf,
} from "./protocol.js";

describe("protocol", () => {
  it("every setting decides the data, the run, or only the view or another tab", () => {
    // The guide's chapter and the page's looks (presenter mode, hidden controls, an embedded panel).
    const view = ["tab", "speed", "at", "chapter", "present", "hide", "embed", "panel"];
    const otherTabs = [
      "rangeTestArgs",
      "raceArgs",
      "raceAt",
      "guessTrials",
      "guessSeed",
      "guessSpeed",
      "guessAt",
      ...MODEL_KEYS,
    ];
    const all = [...DATA_KEYS, ...RUN_KEYS, ...view, ...otherTabs].sort();
    expect(all).toEqual(Object.keys(defaultState()).sort());
    expect(new Set(all).size).toBe(all.length);
  });

  it("a run config is the state's run settings, nothing else", () => {
    const config = runConfigOf({ ...defaultState(), learningRate: 0.3, at: 40 });
    expect(Object.keys(config).sort()).toEqual([...RUN_KEYS].sort());
    expect(config.learningRate).toBe(0.3);
  });

  it("names the data source of presets and bundled sets; an upload only the page holds", () => {
    const state: LabState = { ...defaultState(), data: "noisy", points: 500, dataSeed: 9 };
    expect(presetOrBundledSource(state)).toEqual({ kind: "preset", name: "noisy", points: 500, seed: 9 });
    expect(presetOrBundledSource({ ...state, data: "cars", x: "Horsepower", y: "" })).toEqual({
      kind: "bundled",
      name: "cars",
      x: "Horsepower",
      y: "",
    });
    expect(presetOrBundledSource({ ...state, data: "csv", file: "a.csv" })).toBeNull();
  });

  it("accepts only messages with a known type and an integer id", () => {
    expect(isLabRequest({ type: "run", id: 3, config: {} })).toBe(true);
    expect(isLabRequest({ type: "run", id: "3" })).toBe(false);
    expect(isLabRequest({ type: "launch", id: 3 })).toBe(false);
    expect(isLabRequest(null)).toBe(false);
    expect(isLabResponse({ type: "error", id: 1, code: "E_BAD_CSV", message: "x" })).toBe(true);
    expect(isLabResponse({ type: "error", id: 1.5 })).toBe(false);
  });

  it("transfers the buffers of a data sample and of a run's history", () => {
    const sampleX = new Float64Array(4);
    const sampleY = new Float64Array(4);
    const response = {
      type: "load-data",
      id: 1,
      info: { sampleX, sampleY },
    } as unknown as LabResponse;
    expect(transferablesOf(response)).toEqual([sampleX.buffer, sampleY.buffer]);
    expect(transferablesOf({ type: "error", id: 2, code: "E", message: "m" })).toEqual([]);
  });

  it("transfers every column of a model run, and the optimizer's bound only where there is one", () => {
    const column = () => new Float64Array(2);
    const [step, learningRate, loss, sharpStep, value, plain, x, y] = Array.from({ length: 8 }, column);
    const result = {
      history: { length: 2, step, learningRate, loss },
      sharpness: { step: sharpStep, value },
      thresholds: { plain, optimizer: null },
      curve: { x, y },
    };
    const response = { type: "model-run", id: 3, result } as unknown as LabResponse;
    expect(transferablesOf(response)).toEqual(
      [step, learningRate, loss, sharpStep, value, plain, x, y].map((array) => array?.buffer),
    );
  });
});
