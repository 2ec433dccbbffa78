/** The sharpness line of a model's verdict (report tester12-web-3, #11 and #12), the same for CLI and web. */
import { describe, expect, it } from "vitest";
import { offSliceWords } from "./model-landscape-words.js";
import { sharpnessChangeWords } from "./model-words.js";

describe("sharpnessChangeWords", () => {
  it("says 'stayed at' when both ends print the same, even where 2/λ's digits would differ", () => {
    // 2.3209 and 2.3214 both print 2.321 (relative change 2e-4, far beyond power iteration's 1e-6);
    // 2/λ = 0.86173 and 0.86155 print 0.8617 and 0.8615: the end's is the one said.
    expect(sharpnessChangeWords(2.3209, 2.3214)).toBe(
      "sharpness stayed at 2.321 over the run; 2/λ stayed at 0.8615",
    );
  });

  it("says rose or fell, with 2/λ at both ends, when the printed values differ", () => {
    // 2/2 = 1, 2/4 = 0.5
    expect(sharpnessChangeWords(2, 4)).toBe(
      "sharpness rose from 2 to 4 over the run; 2/λ went from 1 to 0.5",
    );
  });

  it("says 'no bound' and why when the Hessian is zero at the end, never ∞", () => {
    const words = sharpnessChangeWords(2.411e6, 0);
    expect(words).toContain("2/λ went from 8.295e−7 to no bound: the Hessian is zero at the final weights");
    expect(words).not.toContain("∞");
  });
});

describe("offSliceWords", () => {
  it("says a plane through 2 parameters is the whole space, not 'up to 5.7e−17 off' it", () => {
    const whole = { farthest: 0, tolerance: 1e-12, onSlice: true, wholeSpace: true };
    expect(offSliceWords(whole, "hessian")).toBe("the path lies on the plane, which is the whole space here");
    const off = { farthest: 1e-3, tolerance: 1e-12, onSlice: false, wholeSpace: false };
    expect(offSliceWords(off, "random")).toBe("the path lies up to 0.001 off the plane");
  });
});
