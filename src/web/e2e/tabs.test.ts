/**
 * The lab's newer pictures in a real headless Chromium, against the built app: the loss slices on the
 * lesson's tab, the race, random guessing, and the field hints. Screenshots of each at 1280 and 375 px go
 * to test-artifacts/web/ to be looked at.
 */
import { readFileSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailability, elementScreenshot, labPages, screenshot, searchParams } from "./harness.js";

const { executable, skip } = browserAvailability();
const TIMEOUT = 60_000;

/** The points of an SVG path made of M and L commands (and H/V, which Plot does not use for lines). */
function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((match) => [
    Number(match[1]),
    Number(match[2]),
  ]);
}

/** The curve's y at pixel x, by linear interpolation along its polyline. */
function curveYAt(curve: [number, number][], x: number): number {
  for (let i = 1; i < curve.length; i++) {
    const [x0, y0] = curve[i - 1] as [number, number];
    const [x1, y1] = curve[i] as [number, number];
    if ((x - x0) * (x - x1) <= 0 && x1 !== x0) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return Number.NaN;
}

describe.skipIf(skip)("the lab's slices, race and random guessing in Chromium", () => {
  const open = labPages(executable as string, TIMEOUT);
  const query = searchParams;
  const arrows = (page: Page, parameter: "w" | "b") =>
    page.locator(`#panel-slices .slice-${parameter} path.step-arrow`);

  /** Every arrow of a slice starts and ends on its curve (within a pixel and a half). */
  async function expectArrowsOnCurve(slice: Locator, count: number): Promise<void> {
    const curve = pathPoints((await slice.locator("g.slice-curve path").getAttribute("d")) ?? "");
    expect(curve.length).toBeGreaterThan(100);
    const ds = await slice
      .locator("path.step-arrow")
      .evaluateAll((paths) => paths.map((path) => path.getAttribute("d") ?? ""));
    expect(ds).toHaveLength(count);
    for (const d of ds) {
      const [start, end] = pathPoints(d) as [[number, number], [number, number]];
      expect(Math.abs(start[1] - curveYAt(curve, start[0])), `start of ${d}`).toBeLessThan(1.5);
      expect(Math.abs(end[1] - curveYAt(curve, end[0])), `end of ${d}`).toBeLessThan(1.5);
    }
  }

  it(
    "draws the loss slices with one arrow per step, both ends on the curve, live while playing",
    async () => {
      const page = await open("?lr=0.29&at=12");
      await expect.poll(() => arrows(page, "w").count(), { timeout: 20_000 }).toBe(12);
      expect(await arrows(page, "b").count()).toBe(12);
      // Oscillating: the arrows jump across the minimum and back, on the curve each time.
      await expectArrowsOnCurve(page.locator("#panel-slices .slice-w"), 12);
      await expectArrowsOnCurve(page.locator("#panel-slices .slice-b"), 12);
      await page.getByTestId("step").click();
      await expect.poll(() => arrows(page, "w").count()).toBe(13);
      await elementScreenshot(page.locator("#panel-slices"), "10-slices-oscillating-1280");
      // Both slices export as one figure.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("save-slices-svg").click(),
      ]);
      expect(download.suggestedFilename()).toBe("lrlab-slices.svg");
      const svg = readFileSync(await download.path()).toString("utf8");
      expect(svg.match(/class="step-arrow"/g)).toHaveLength(26);

      await page.getByTestId("speed-select").selectOption("60");
      await page.getByTestId("play").click();
      const seen = new Set<number>();
      await expect
        .poll(
          async () => {
            seen.add(await arrows(page, "w").count());
            return page.getByTestId("play").textContent();
          },
          { timeout: 20_000, interval: 100 },
        )
        .toBe("Play");
      expect(seen.size, `arrow counts seen while playing: ${[...seen]}`).toBeGreaterThan(3);
      expect(await arrows(page, "w").count()).toBe(100);
      await expectArrowsOnCurve(page.locator("#panel-slices .slice-b"), 100);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "draws a diverging run up to where it leaves the frame, and says so",
    async () => {
      const page = await open("?lr=0.34&at=20");
      await expect.poll(() => arrows(page, "w").count(), { timeout: 20_000 }).toBeGreaterThan(2);
      expect(await arrows(page, "w").count()).toBeLessThan(20);
      await expect
        .poll(() => page.locator("#panel-slices .hint").textContent())
        .toBe("The run has left the frame along w and b: it jumped out of the bowl.");
      await screenshot(page, "10-slices-diverging-1280");
      await page.setViewportSize({ width: 375, height: 900 });
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await elementScreenshot(page.locator("#panel-slices"), "10-slices-diverging-375");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "races the lesson's four lanes, started together; each ends as it is named",
    async () => {
      const page = await open("?tab=race&speed=120");
      const status = (lane: number) => page.getByTestId(`race-status-${lane}`);
      await expect.poll(() => page.locator(".race-lanes li").count(), { timeout: 20_000 }).toBe(4);
      const titles = await page.locator(".race-lanes strong").allTextContents();
      expect(titles.map((title) => title.replace(/ · lr .*$/, ""))).toEqual([
        "too small · sgd",
        "good · sgd",
        "jumps around · sgd",
        "jumps out · sgd",
      ]);
      for (const lane of [1, 2, 3, 4]) expect(await status(lane).textContent()).toBe("Ready.");
      await expect.poll(() => page.locator("#panel-race-landscape svg").count()).toBeGreaterThan(0);
      await screenshot(page, "11-race-ready-1280");

      await page.getByTestId("race-play").click();
      // Started together: while the race runs, every lane still running is at the same step.
      // Read in one go in the page, so that the race cannot move between lanes.
      const steps = () =>
        page.evaluate(() =>
          [1, 2, 3].map(
            (lane) =>
              (document.querySelector(`[data-testid=race-live-${lane}]`)?.textContent ?? "").split(" · ")[0],
          ),
        );
      await expect.poll(async () => (await steps())[0], { timeout: 10_000 }).not.toBe("step 0");
      const during = await steps();
      expect(new Set(during).size, `${during}`).toBe(1);
      await expect.poll(() => page.getByTestId("race-play").textContent(), { timeout: 20_000 }).toBe("Play");
      // Each lane ends as its name says: the race and the lesson share one verdict.
      expect(await status(4).getAttribute("data-verdict")).toBe("jumps-out");
      expect(await status(4).textContent()).toMatch(/^Jumps out: the loss blew up at step \d+\.$/);
      expect(await status(3).getAttribute("data-verdict")).toBe("jumps-around");
      expect(await status(1).textContent()).toMatch(
        /^Too small: still crawling, [\d.]+% above the best loss\.$/,
      );
      expect(await status(2).textContent()).toMatch(/^Good: within 0\.1% of the best loss/);
      expect(await page.locator("#panel-race-landscape path.race-path").count()).toBe(4);
      expect(await page.locator("#panel-race-loss path.race-curve").count()).toBe(4);
      await expect.poll(() => query(page).get("race-at")).toBe("100");
      await screenshot(page, "11-race-finished-1280");

      // The lanes are settings: change one, and the link and the race follow; a reload restores it.
      await page.getByTestId("race-lr-2").fill("0.1");
      await page.getByTestId("race-lr-2").press("Enter");
      await expect.poll(() => page.locator(".race-lanes strong").nth(1).textContent()).toBe("sgd · lr 0.1");
      await page.getByTestId("race-optimizer-3").selectOption("adam");
      await expect.poll(() => query(page).get("lane3-optimizer")).toBe("adam");
      expect(query(page).get("lane2-lr")).toBe("0.1");
      await page.reload();
      // Lane 3 keeps the lesson's "jumps around" rate for SGD, without the name (Adam is not the lesson's).
      await expect
        .poll(() => page.locator(".race-lanes strong").nth(2).textContent(), { timeout: 20_000 })
        .toBe(`adam · ${titles[2]?.replace(/^.* · (lr .*)$/, "$1")}`);
      expect(await page.getByTestId("race-lr-2").inputValue()).toBe("0.1");
      expect(await page.getByTestId("race-scrubber").inputValue()).toBe("100");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "plays the race with the space bar on its tab, not the lesson; fits 375 px",
    async () => {
      const page = await open("?tab=race&race-at=40", 375);
      await expect
        .poll(() => page.getByTestId("race-status-4").textContent(), { timeout: 20_000 })
        .toMatch(/^Jumps out/);
      expect(await page.getByTestId("race-status-1").textContent()).toBe("Running…");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await screenshot(page, "11-race-375");
      await page.locator("body").press(" ");
      await expect.poll(() => page.getByTestId("race-play").textContent()).toBe("Pause");
      await page.locator("body").press(" ");
      await expect.poll(() => page.getByTestId("race-play").textContent()).toBe("Play");
      expect(query(page).get("at")).toBeNull(); // the lesson did not move
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "guesses at random one by one, counting the guesses against gradient descent's evaluations",
    async () => {
      const page = await open("?tab=guessing&guess-speed=300");
      const count = page.getByTestId("guess-count");
      await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe("0 of 1,000");
      await page.getByTestId("guess-play").click();
      await expect
        .poll(async () => Number(((await count.textContent()) ?? "").split(" ")[0]))
        .toBeGreaterThan(30);
      await page.getByTestId("guess-play").click();
      const shown = Number(((await count.textContent()) ?? "").split(" ")[0]);
      expect(shown).toBeLessThan(1000);
      expect(await page.locator("#panel-guessing path.best-line").getAttribute("d")).toMatch(/^M/);

      // The README's numbers: the best of 1000 guesses comes at guess 121; gradient descent at the fastest
      // rate from the start (0.24) matches it in 7.
      await page.getByTestId("guess-scrubber").fill("120");
      await expect.poll(() => count.textContent()).toBe("120 of 1,000");
      await page.getByTestId("guess-step").click();
      await expect
        .poll(() => page.getByTestId("guess-best").textContent())
        .toBe("loss 0.9945, found at guess 121");
      expect(await page.getByTestId("descent-count").textContent()).toBe("7");
      expect(await page.getByTestId("guess-comparison").textContent()).toBe(
        "Gradient descent (lr 0.24, the fastest rate from this start) gets as low in 7 loss evaluations; guessing took 121: 17× as many.",
      );
      await expect.poll(() => query(page).get("guesses")).toBe("121");
      await screenshot(page, "12-guessing-1280");
      await page.setViewportSize({ width: 375, height: 900 });
      await page.waitForTimeout(400);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await screenshot(page, "12-guessing-375");

      // Another seed, other guesses: the counters follow.
      await page.locator("#guessing-guess-seed").fill("7");
      await page.locator("#guessing-guess-seed").press("Enter");
      await expect
        .poll(() => page.getByTestId("guess-best").textContent())
        .not.toBe("loss 0.9945, found at guess 121");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "shows the range test's hints without CLI flags",
    async () => {
      const page = await open("?tab=range-test");
      await expect
        .poll(() => page.locator("#range-end-lr-hint").textContent(), { timeout: 20_000 })
        .toBe("the rate the ramp heads for, above the first rate");
      const hints = await page.locator("#panel-range-test .field .hint").allTextContents();
      expect(hints.length).toBe(5);
      for (const hint of hints) expect(hint).not.toMatch(/--/);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "says why there is no rate to try when the ramp starts above the critical rate",
    async () => {
      // From start_lr 1 (2/λmax is 0.3069) the loss only rises before it blows up: the core suggests
      // nothing, and the lab says so instead of showing an empty row of buttons.
      const page = await open("?tab=range-test&start-lr=1");
      await expect
        .poll(() => page.getByTestId("range-nothing").textContent(), { timeout: 20_000 })
        .toBe(
          "No rate to suggest: the loss blew up before it fell at all, so every rate the ramp reached was already too large. Lower start_lr below the critical rate 2/λmax = 0.3069.",
        );
      expect(await page.locator('#panel-range-test [data-testid^="use-"]').count()).toBe(0);
      expect(await page.locator("#panel-range-test g.suggestion-label").count()).toBe(0);
      await page.locator("#range-start-lr").fill("0.01");
      await page.locator("#range-start-lr").press("Enter");
      await expect.poll(() => page.getByTestId("use-valley").count(), { timeout: 20_000 }).toBe(1);
      expect(await page.getByTestId("range-nothing").count()).toBe(0);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "says when the valley is past the critical rate, as find-lr does (retest 6 #4)",
    async () => {
      // `lrlab find-lr --start-lr 0.305 --seed 3`: the valley is 0.3158, past 2/λmax = 0.3069.
      const page = await open("?tab=range-test&start-lr=0.305&seed=3");
      await expect
        .poll(() => page.getByTestId("range-comparison").textContent(), { timeout: 20_000 })
        .toContain(
          "The valley is 1.03× above the critical rate 2/λmax = 0.3069: full-batch gradient descent at that rate diverges.",
        );
      await page.close();
    },
    TIMEOUT,
  );
});
