import { describe, expect, it } from "vitest";
import { allNumbersFinite, expectAllNumbersFinite, nonFiniteNumbers, parseStrictJson } from "./finite.js";

describe("nonFiniteNumbers", () => {
  it("finds NaN, Infinity and -Infinity at any depth, by address, and nothing in finite values", () => {
    const run = {
      status: "diverged",
      final: { w: 1e301, b: -2, loss: Number.POSITIVE_INFINITY },
      history: [{ loss: 15.8 }, { loss: Number.NaN }],
      w: Float64Array.of(0, Number.NEGATIVE_INFINITY),
      empty: null,
      note: "NaN Infinity in a string is only text",
    };
    expect(nonFiniteNumbers(run)).toEqual(["$.final.loss", "$.history[1].loss", "$.w[1]"]);
    expect(nonFiniteNumbers(Number.NaN)).toEqual(["$"]);
    expect(nonFiniteNumbers([[[Number.NEGATIVE_INFINITY]]])).toEqual(["$[0][0][0]"]);
    expect(nonFiniteNumbers({ a: [1, { b: -0, c: Number.MAX_VALUE, d: Number.MIN_VALUE }], e: "x" })).toEqual(
      [],
    );
  });

  it("says false through allNumbersFinite, and fails a test through expectAllNumbersFinite", () => {
    expect(allNumbersFinite({ a: [1, 2, { b: 3 }] })).toBe(true);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(allNumbersFinite({ a: [1, { b: bad }] })).toBe(false);
      expect(() => expectAllNumbersFinite({ a: [1, { b: bad }] })).toThrow(/\$\.a\[1\]\.b/);
    }
    expect(() => expectAllNumbersFinite({ loss: [1, null] })).not.toThrow();
  });
});

describe("parseStrictJson", () => {
  it("returns the value and every number in document order", () => {
    const { value, numbers } = parseStrictJson(
      '{"a": [1, -2.5e-3, {"b": 0}], "c": null, "d": "7", "e": 1e308}\n',
    );
    expect(value).toEqual({ a: [1, -0.0025, { b: 0 }], c: null, d: "7", e: 1e308 });
    expect(numbers).toEqual([1, -0.0025, 0, 1e308]);
  });

  it.each([
    ["NaN", '{"loss": NaN}', /line 1, column 10: NaN is not JSON/],
    ["Infinity", '{"loss": Infinity}', /line 1, column 10: Infinity is not JSON/],
    ["-Infinity", '{"loss": -Infinity}', /line 1, column 10: -Infinity is not JSON/],
    ["nested NaN", '{"runs": [{"finalLoss": 1},\n  {"finalLoss": [2, NaN]}]}', /line 2, column 21: NaN/],
    ["an overflowing literal", '{"loss": 1e999}', /line 1, column 10: 1e999 overflows to Infinity/],
    ["a negative overflow", "[0, -2e400]", /-2e400 overflows to -Infinity/],
  ])("refuses %s, naming where it is", (_name, text, message) => {
    expect(() => parseStrictJson(text)).toThrow(message);
  });

  it("leaves the words NaN and Infinity inside strings alone, and passes other syntax errors on", () => {
    const { value, numbers } = parseStrictJson('{"NaN": "Infinity", "note \\"NaN\\"": [3]}');
    expect(value).toEqual({ NaN: "Infinity", 'note "NaN"': [3] });
    expect(numbers).toEqual([3]);
    expect(() => parseStrictJson('{"a": 1,}')).toThrow(SyntaxError);
  });

  it("is what JSON.stringify's null for a non-finite number reads back as", () => {
    const text = JSON.stringify({ loss: [1, Number.NaN, Number.POSITIVE_INFINITY] });
    expect(parseStrictJson(text)).toEqual({ value: { loss: [1, null, null] }, numbers: [1] });
  });
});
