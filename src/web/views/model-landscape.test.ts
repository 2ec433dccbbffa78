import { describe, expect, it } from "vitest";
import { MODEL_LANDSCAPE_TITLES } from "../../render/model-landscape-words.js";
import { textWidth } from "../../render/text.js";
import { THEME } from "../../render/theme.js";
import type { ModelLandscapeResult } from "../protocol.js";
import { landscapeHeadings } from "./model-landscape.js";

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
