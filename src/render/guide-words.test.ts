import { describe, expect, it } from "vitest";
import { builtinData, type Dataset, syntheticLine } from "../core/data/data.js";
import { guideFacts } from "../core/lesson/guide.js";
import { PREDICTIONS } from "../core/lesson/guide-check.js";
import {
  CHAPTER_TITLES,
  chapterWords,
  guessingTable,
  predictionFeedback,
  setupWords,
} from "./guide-words.js";

const facts = guideFacts(builtinData());
const words = facts.chapters.map((chapter) => chapterWords(chapter, facts));
const allText = (chapterIndex: number) => {
  const w = words[chapterIndex];
  return w ? [w.title, ...w.text, w.setup, w.predict ?? "", w.task, ...w.hints, w.reveal].join("\n") : "";
};

describe("chapterWords on the built-in data", () => {
  it("titles the nine chapters in the story's order", () => {
    expect(words.map((w) => w.title)).toEqual(Object.values(CHAPTER_TITLES));
    expect(words[0]?.title).toBe("The line, the points and the loss");
    expect(words[8]?.title).toBe("Choosing a rate in practice");
  });

  it("writes this data's numbers: losses, rates, bounds, guesses and steps", () => {
    expect(allText(0)).toContain("15.78 now");
    expect(allText(0)).toContain("below 2.451");
    expect(allText(0)).toContain("y = 2.071·x + 0.6353");
    // Guessing: 1 in 1,517 within 10%, 1 in 151,714 within 0.1%; gradient descent 2 and 12 evaluations.
    expect(allText(1)).toContain(
      "a guess lands within 10% of the best loss once in 1,517 tries on average, within 0.1% once in 151,714",
    );
    expect(allText(1)).toContain("gradient descent needs 2 and 12 evaluations");
    expect(allText(1)).toContain("9.6e27 for 10 parameters within 0.1%");
    expect(allText(2)).toContain("5 steps at 0.24");
    expect(words[3]?.predict).toBe("At 0.008 for 30 steps, what will the line do?");
    expect(words[3]?.reveal).toContain("from 0.08964 to 0.2841 gets there in 30 steps");
    expect(words[4]?.text.join(" ")).toContain("1/λmax = 0.1535");
    expect(words[5]?.reveal).toContain("2/λmax = 0.3069");
    expect(words[6]?.reveal).toContain("ExponentialDecay(0.24, decay_steps=100, decay_rate=0.05)");
    expect(words[8]?.task).toBe(
      "Get within 0.1% of the best loss in at most 17 steps: try the range test's suggestions, then beat them.",
    );
  });

  it("keeps the answer out of the tasks it would give away: the jump-out task does not name 2/λmax's value", () => {
    expect(words[5]?.task).not.toContain("0.3069");
    expect(words[3]?.task).not.toContain("0.0896");
    expect(words[4]?.task).not.toContain("0.2841");
  });

  it("writes no placeholder, NaN or undefined anywhere", () => {
    for (let i = 0; i < words.length; i++) {
      expect(allText(i)).not.toMatch(/undefined|NaN|not a number|—|\[object/);
    }
  });

  it("asks a prediction from chapter 3 on, and says what the set-up sets", () => {
    expect(words.map((w) => w.predict !== null)).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(words[3]?.setup).toBe(
      "Sets rate 0.008, 30 steps, full batch and a constant rate, from w = 0, b = 0.",
    );
    expect(words[6]?.setup).toBe(
      "Sets rate 0.24, 100 steps, batches of 10 and a constant rate, from w = 0, b = 0.",
    );
    expect(words[1]?.setup).toBe("Shows the Random guessing tab with 10,000 guesses, from the first.");
    expect(words[7]?.setup).toContain("real data (Cars");
  });
});

describe("chapterWords on other data", () => {
  it("says the gap itself when the best loss is 0 (a perfect line): no percentages of nothing", () => {
    const perfect: Dataset = {
      x: Float64Array.from([0, 1, 2, 3, 4]),
      y: Float64Array.from([1, 3, 5, 7, 9]),
      xName: "x",
      yName: "y",
      source: "perfect",
    };
    const own = guideFacts(perfect);
    const task = chapterWords(own.chapters[8] as (typeof own.chapters)[number], own).task;
    // The closeness gap is 0.001 · 1e-6 · Var y = 0.001 · 1e-6 · 8 = 8e-9.
    expect(task).toContain("within 8e−9 of the best loss");
    expect(task).not.toContain("%");
  });

  it("says why a chapter has no task, and then offers no prediction, hints or answer", () => {
    const uncentred = guideFacts(syntheticLine({ intercept: 10, xMin: 8, xMax: 12 }));
    const decay = chapterWords(uncentred.chapters[6] as (typeof uncentred.chapters)[number], uncentred);
    expect(decay.task).toMatch(
      /^No constant rate gets within 0\.1% of the best loss .*\(condition number 9290\)/,
    );
    expect(decay.predict).toBeNull();
    expect(decay.hints).toEqual([]);
    expect(decay.reveal).toBe("");
  });

  it("compares units with the lesson's line: 0.0307× its bound, its good rate 25.5× this one", () => {
    const uncentred = guideFacts(syntheticLine({ intercept: 10, xMin: 8, xMax: 12 }));
    const yours = chapterWords(uncentred.chapters[7] as (typeof uncentred.chapters)[number], uncentred);
    expect(yours.text.join(" ")).toContain("2/λmax = 0.009429, 0.0307× the lesson line's 0.3069");
    expect(yours.text.join(" ")).toContain("its good rate 0.24 is 25.5× this bound");
    expect(setupWords(uncentred.chapters[7]?.setup ?? { view: "lesson" }, uncentred)).not.toContain("Cars");
  });
});

describe("chapterWords on awkward data", () => {
  const data = (x: number[], y: number[]): Dataset => ({
    x: Float64Array.from(x),
    y: Float64Array.from(y),
    xName: "x",
    yName: "y",
    source: "awkward",
  });
  it.each([
    ["one point", data([1], [2])],
    ["all y equal", data([0, 1, 2, 3], [5, 5, 5, 5])],
    ["all x equal", data([2, 2, 2], [1, 2, 3])],
    ["x near a million", syntheticLine({ xMin: 1e6, xMax: 1e6 + 10, n: 50 })],
    [
      "x from −1e150 to 1e150",
      syntheticLine({ xMin: -1e150, xMax: 1e150, n: 20, noiseStandardDeviation: 0 }),
    ],
  ])("writes no NaN, placeholder or undefined for %s", (_name, awkward) => {
    const own = guideFacts(awkward);
    for (const chapter of own.chapters) {
      const w = chapterWords(chapter, own);
      const text = [w.title, ...w.text, w.setup, w.predict ?? "", w.task, ...w.hints, w.reveal].join("\n");
      expect(text, chapter.id).not.toMatch(/undefined|NaN|not a number|—|Infinity/);
    }
  });
});

describe("the guessing table and the predictions", () => {
  it("sets gradient descent's evaluations beside the guesses for 1, 2, 5 and 10 parameters", () => {
    const table = guessingTable(facts);
    expect(table?.head).toEqual(["", "within 10%", "within 1%", "within 0.1%"]);
    expect(table?.rows[0]).toEqual(["gradient descent", "2", "7", "12"]);
    expect(table?.rows[2]).toEqual(["guessing, d = 2 (w, b)", "1,517", "15,171", "151,714"]);
    // Ten parameters within 0.1%: (1/P)^5 · … = 9.6e27 guesses.
    expect(table?.rows[4]?.[3]).toBe("9.6e27");
  });

  it("says whether the prediction was right", () => {
    expect(predictionFeedback("jump-out", "jump-out")).toBe("Right: it jumps out.");
    expect(predictionFeedback("crawl", "settle")).toBe("Not quite: you said crawl; it settles.");
    for (const predicted of PREDICTIONS)
      expect(predictionFeedback(predicted, "settle")).toMatch(/settles\.$/);
  });
});
