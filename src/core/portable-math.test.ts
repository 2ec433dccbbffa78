/**
 * The portable exp and log give fdlibm's results, which are Node's (V8 computes Math.exp and Math.log
 * with fdlibm): bit for bit on many values, at the edges, and on special values.
 */
import { describe, expect, it } from "vitest";
import { cos, exp, expm1, log, tanh } from "./portable-math.js";
import { createRandom } from "./random.js";

describe("portable exp and log", () => {
  const random = createRandom(7);
  const samples = Array.from({ length: 200_000 }, () => (random.uniform() - 0.5) * 1500);
  const small = Array.from({ length: 50_000 }, () => (random.uniform() - 0.5) * 2e-6);

  it("equal Node's Math.exp bit for bit, from underflow to overflow", () => {
    const differ = [...samples, ...small].filter((x) => !Object.is(exp(x), Math.exp(x)));
    expect(differ).toEqual([]);
    expect([exp(0), exp(1), exp(-1), exp(710), exp(-746), exp(-740)]).toEqual([
      1,
      Math.E,
      Math.exp(-1),
      Number.POSITIVE_INFINITY,
      0,
      Math.exp(-740),
    ]);
    expect(exp(Number.NaN)).toBeNaN();
    expect(exp(Number.NEGATIVE_INFINITY)).toBe(0);
  });

  it("equal Node's Math.log bit for bit, subnormals and values near 1 included", () => {
    const positive = [
      ...samples.map((x) => Math.abs(x) / 1e3),
      ...small.map((x) => 1 + x),
      ...samples.slice(0, 20_000).map((x) => Math.abs(x) * 1e-310),
      ...samples.slice(0, 20_000).map((x) => Math.abs(x) * 1e300),
    ];
    const differ = positive.filter((x) => !Object.is(log(x), Math.log(x)));
    expect(differ).toEqual([]);
    expect([log(1), log(Math.E), log(0), log(Number.POSITIVE_INFINITY)]).toEqual([
      0,
      1,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
    expect(log(-1)).toBeNaN();
  });

  it("tanh equals Node's Math.tanh bit for bit, tiny to saturated, with its expm1", () => {
    const values = [
      ...samples.map((x) => x / 50), // ±15: the mlp's pre-activations and beyond
      ...small, // ±1e−6: where tanh(x) ≈ x
      ...samples.slice(0, 20_000).map((x) => x * 1e-12),
      ...samples.slice(0, 10_000).map((x) => x / 20 + 22), // around 22, where it becomes ±1
    ];
    expect(values.filter((x) => !Object.is(tanh(x), Math.tanh(x)))).toEqual([]);
    expect(values.filter((x) => !Object.is(expm1(x), Math.expm1(x)))).toEqual([]);
    expect([tanh(0), tanh(-0), tanh(Number.POSITIVE_INFINITY), tanh(Number.NEGATIVE_INFINITY)]).toEqual([
      0, -0, 1, -1,
    ]);
    expect(tanh(Number.NaN)).toBeNaN();
  });

  it("cos equals Node's Math.cos bit for bit on the schedules' [0, π] and far beyond, multiples of π/2 included", () => {
    const values = [
      ...samples.map((x) => Math.abs(x) * (Math.PI / 750)), // [0, π], as cosine schedules take it
      ...samples.map((x) => x * 100), // ±75,000: the medium reduction
      ...small,
      ...Array.from({ length: 2_000 }, (_, k) => (k * Math.PI) / 2), // on n·π/2, where reduction cancels
      ...Array.from({ length: 2_000 }, (_, k) => (Math.PI * k) / 1999), // a schedule's steps
    ];
    expect(values.filter((x) => !Object.is(cos(x), Math.cos(x)))).toEqual([]);
    expect([cos(0), cos(Math.PI)]).toEqual([1, -1]);
    expect(cos(Number.POSITIVE_INFINITY)).toBeNaN();
  });
});
