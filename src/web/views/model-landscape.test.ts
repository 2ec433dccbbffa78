import { describe, expect, it } from "vitest";
import { MODEL_LANDSCAPE_TITLES } from "../../render/model-landscape-words.js";
import { textWidth } from "../../render/text.js";
import { THEME } from "../../render/theme.js";
import type { ModelLandscapeResult, ModelRunResult } from "../protocol.js";
import { landscapeCaption, landscapeHeadings } from "./model-landscape.js";

const random = {
  kind: "random",
  seed: 42,
  off: { farthest: 1.695, tolerance: 1e-9, onSlice: false },
} as unknown as ModelLandscapeResult;
// A path within the core's tolerance of the plane (rounding): on it, not "up to 5.7e-17 off" it.
const hessian = {
  kind: "hessian",
  seed: 42,
  off: { farthest: 0, tolerance: 1e-9, onSlice: true },
} as unknown as ModelLandscapeResult;

describe("the landscape figure's headings", () => {
  it("never gives a title wider than the room it has, at any width", () => {
    for (const landscape of [random, hessian]) {
      for (let room = 320; room <= 1400; room += 10) {
        const { title } = landscapeHeadings(landscape, room);
        expect(textWidth(title, THEME.titleSize, true)).toBeLessThanOrEqual(room);
      }
    }
  });

  it("keeps the CLI's title where it fits, and the directions in the subtitle when it does not", () => {
    expect(landscapeHeadings(random, 2000).title).toBe(MODEL_LANDSCAPE_TITLES.random);
    // The panel at 1400 px wide: a 520-px map and the 240-px legend beside it.
    const desktop = landscapeHeadings(random, 520 + 12 + 240);
    expect(desktop.title).toBe("The loss on a plane through the final weights");
    expect(desktop.subtitle).toBe(
      "random filter-normalized directions, seed 42 · the path lies up to 1.695 off the plane",
    );
    expect(landscapeHeadings(hessian, 320)).toEqual({
      title: "The Hessian's directions",
      subtitle: "the path lies on the plane",
    });
  });
});

describe("the landscape's caption", () => {
  const run = { title: "logistic regression on 2 columns", parameterCount: 3 } as unknown as ModelRunResult;
  const slice = (off: ModelLandscapeResult["off"]) =>
    ({
      kind: "random",
      seed: 0,
      alpha: new Float64Array(41),
      beta: new Float64Array(41),
      zeroHessian: false,
      pathInside: true,
      off,
    }) as unknown as ModelLandscapeResult;

  it("says the path lies on the plane, as the subtitle does, when the core found it there with 3 parameters", () => {
    // Cars, logistic on Horsepower and Displacement: random directions leave the bias fixed, and the
    // median-split labels never move it, so the path is on the plane though the plane is not everything.
    const on = slice({ farthest: 0, tolerance: 1e-9, onSlice: true, wholeSpace: false });
    const caption = landscapeCaption(run, on);
    expect(landscapeHeadings(on, 2000).subtitle).toContain("the path lies on the plane");
    expect(caption).toContain("it lies on this plane and moves in no other direction");
    expect(caption).not.toContain("other directions too");
  });

  it("says how far the path strays, as the subtitle does, when it is off the plane", () => {
    const off = slice({ farthest: 1.695, tolerance: 1e-9, onSlice: false, wholeSpace: false });
    expect(landscapeHeadings(off, 2000).subtitle).toContain("the path lies up to 1.695 off the plane");
    expect(landscapeCaption(run, off)).toContain(
      "it moves in other directions too (up to 1.695 off the plane), so read its shape",
    );
  });
});
