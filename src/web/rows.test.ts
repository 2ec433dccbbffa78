import { describe, expect, it } from "vitest";
import { numericColumns, rowsToDataset } from "./rows.js";

const rows = [
  { Name: "a", Horsepower: 130, Miles_per_Gallon: 18, Year: "1970-01-01" },
  { Name: "b", Horsepower: null, Miles_per_Gallon: 15, Year: "1970-01-01" },
  { Name: "c", Horsepower: 150, Miles_per_Gallon: 16, Year: "1970-01-01" },
];

describe("rows", () => {
  it("finds the numeric columns, blanks allowed", () => {
    expect(numericColumns(rows)).toEqual(["Horsepower", "Miles_per_Gallon"]);
  });

  it("keeps the rows that have both values", () => {
    const data = rowsToDataset(rows, "Horsepower", "Miles_per_Gallon", "cars");
    expect(Array.from(data.x)).toEqual([130, 150]);
    expect(Array.from(data.y)).toEqual([18, 16]);
    expect([data.xName, data.yName, data.source]).toEqual(["Horsepower", "Miles_per_Gallon", "cars"]);
  });

  it("names the columns to choose from when one is not numeric", () => {
    expect(() => rowsToDataset(rows, "Name", "Miles_per_Gallon", "cars")).toThrow(
      'cars: no numeric column "Name" for x; columns: "Horsepower", "Miles_per_Gallon"',
    );
  });
});
