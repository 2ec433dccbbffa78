import { describe, expect, it } from "vitest";
import { fitAxisName, formatLine, redLineTitle } from "./shared.js";

describe("formatLine", () => {
  it("writes the line as a reader does, with real minus signs", () => {
    expect(formatLine(3, -1)).toBe("y = 3·x − 1");
    expect(formatLine(-0.007677, 46.32)).toBe("y = −0.007677·x + 46.32");
    expect(formatLine(2.013, 0)).toBe("y = 2.013·x + 0");
  });
});

describe("redLineTitle", () => {
  // From a loss of 16 to an optimum of 1: 15 to lose.
  const start = { loss: 16 };
  it("says the line moves onto the green one when it ends within 0.1% of what it had to lose", () => {
    expect(redLineTitle(start, { loss: 1.015, step: 100 }, 1)).toBe("The red line moves onto the green line");
  });
  it("says it moves toward it when it loses half or more, and no more than that", () => {
    expect(redLineTitle(start, { loss: 1.016, step: 100 }, 1)).toBe(
      "The red line moves toward the green line",
    );
    expect(redLineTitle(start, { loss: 8.5, step: 100 }, 1)).toBe("The red line moves toward the green line");
  });
  it("claims nothing when it loses less than half, climbs, or stops being a number", () => {
    expect(redLineTitle(start, { loss: 8.6, step: 100 }, 1)).toBe("The red line after 100 steps");
    expect(redLineTitle(start, { loss: 1e6, step: 36 }, 1)).toBe("The red line after 36 steps");
    expect(redLineTitle(start, { loss: Number.NaN, step: 1 }, 1)).toBe("The red line after 1 step");
  });
});

describe("fitAxisName", () => {
  it("keeps a name that fits and cuts a long one with an ellipsis", () => {
    expect(fitAxisName("hours studied", 200)).toBe("hours studied");
    const cut = fitAxisName("weight of the vehicle in pounds, measured at the kerb", 120);
    expect(cut).toMatch(/^weight of the .*…$/);
    expect(cut.length).toBeLessThan(30);
  });
});
