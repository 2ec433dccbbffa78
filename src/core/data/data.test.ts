import { describe, expect, it } from "vitest";
import { checkDataset, type Dataset, datasetColumns, datasetFeatureNames, syntheticLine } from "./data.js";

const x = Float64Array.of(1, 2, 3);
const z = Float64Array.of(10, 20, 30);
const y = Float64Array.of(5, 6, 7);
const line: Dataset = { x, y, xName: "a", yName: "y", source: "t" };
const several: Dataset = { ...line, features: { names: ["a", "b"], columns: [x, z] } };

describe("the feature columns of a data set", () => {
  it("are x alone for the line's data, and every chosen column when there are several", () => {
    expect(datasetColumns(line)).toEqual([x]);
    expect(datasetFeatureNames(line)).toEqual(["a"]);
    expect(datasetColumns(several)).toEqual([x, z]);
    expect(datasetFeatureNames(several)).toEqual(["a", "b"]);
    expect(datasetColumns(syntheticLine({ n: 3 }))).toHaveLength(1);
  });
});

describe("checkDataset with features", () => {
  it("passes consistent features", () => {
    expect(checkDataset(several)).toBe(several);
  });

  it("refuses a feature column of another length, naming it", () => {
    const short = { ...line, features: { names: ["a", "b"], columns: [x, Float64Array.of(1, 2)] } };
    expect(() => checkDataset(short)).toThrow(
      't: feature "b" has 2 values but y has 3; expected equal lengths',
    );
  });

  it("refuses a non-finite value in a feature column, naming the point and the column", () => {
    const bad = { ...line, features: { names: ["a", "b"], columns: [x, Float64Array.of(1, Number.NaN, 3)] } };
    expect(() => checkDataset(bad)).toThrow('t: point 1 of feature "b" is NaN; expected a finite number');
  });

  it("refuses features whose first column is not x, or whose names and columns disagree", () => {
    expect(() => checkDataset({ ...line, features: { names: ["b", "a"], columns: [z, x] } })).toThrow(
      "the first column being x",
    );
    expect(() => checkDataset({ ...line, features: { names: ["a"], columns: [x, z] } })).toThrow(
      "the features' names (1) and columns (2) disagree",
    );
  });
});
