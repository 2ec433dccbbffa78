import { describe, expect, it } from "vitest";
import { featuresOnData, featuresProblem, quotedName } from "./feature-columns.js";

describe("linear regression's extra x columns against the data on show", () => {
  const penguins = ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"];
  const roles = { x: "Beak Length (mm)", y: "Body Mass (g)" };

  it("keeps names the data has, and drops the others with a notice naming them", () => {
    expect(featuresOnData('["Beak Depth (mm)"]', penguins, "penguins.json", roles)).toEqual({
      text: '["Beak Depth (mm)"]',
      notice: null,
    });
    expect(featuresOnData('["Cylinders","Beak Depth (mm)"]', penguins, "penguins.json", roles)).toEqual({
      text: '["Beak Depth (mm)"]',
      notice: "features: penguins.json has no column “Cylinders”; it was dropped from the x columns",
    });
    expect(featuresOnData('["Cylinders","Displacement"]', penguins, "penguins.json", roles)).toEqual({
      text: "",
      notice:
        "features: penguins.json has no column “Cylinders”, “Displacement”; they were dropped from the x columns",
    });
    expect(featuresOnData("", penguins, "penguins.json", roles)).toEqual({ text: "", notice: null });
  });

  it("refuses the y column (and the x) as it refuses an unknown name, with a notice (finding 3)", () => {
    expect(featuresOnData('["Body Mass (g)"]', penguins, "penguins.json", roles)).toEqual({
      text: "",
      notice:
        "features: “Body Mass (g)” is the y column, what the model predicts, not one of its inputs; it was dropped from the x columns",
    });
    expect(
      featuresOnData('["Beak Length (mm)","Beak Depth (mm)","Cylinders"]', penguins, "penguins.json", roles),
    ).toEqual({
      text: '["Beak Depth (mm)"]',
      notice:
        "features: penguins.json has no column “Cylinders”; “Beak Length (mm)” is the x column, always the first input; they were dropped from the x columns",
    });
  });

  it("drops a setting that is not a JSON array of names, and says what was expected", () => {
    expect(featuresProblem('["a","b"]')).toBeNull();
    expect(featuresProblem("")).toBeNull();
    for (const bad of ["notjson", '"a"', "[1]", "{}"]) {
      expect(featuresProblem(bad)).toMatch(/^features=.*: expected a JSON array of column names/);
      expect(featuresOnData(bad, penguins, "penguins.json", roles).text).toBe("");
    }
  });

  it("quotes a name without JSON's backslashes", () => {
    expect(quotedName('say "hi"')).toBe('“say "hi"”');
  });
});
