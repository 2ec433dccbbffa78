/**
 * The lab under a learner's mistakes and a tampered link, in a real headless Chromium against the built
 * app: number fields that apply only what was committed, links made canonical, a long range test that
 * never holds up the lesson, a busy state instead of a stale answer, the landscape of a diverging run,
 * the verdict announced once, the tab list's keys. Screenshots at 1280 and 375 px go to
 * test-artifacts/web/ to be looked at.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  browserAvailability,
  elementScreenshot,
  labPages,
  screenshot,
  searchParams,
  stepForVerdict,
  waitForRun,
} from "./harness.js";

const { executable, skip } = browserAvailability();
const TIMEOUT = 90_000;

/** The points of an SVG path made of M and L commands. */
function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((match) => [
    Number(match[1]),
    Number(match[2]),
  ]);
}

describe.skipIf(skip)("the lab's robustness in Chromium", () => {
  const openPage = labPages(executable as string, TIMEOUT);
  const query = searchParams;

  /** A page on the lab's lesson, once its first run is shown. */
  async function open(path = "", width = 1280): Promise<Page> {
    const page = await openPage(path, width);
    await waitForRun(page);
    return page;
  }
  const verdictRate = (page: Page) => page.getByTestId("status").getAttribute("data-learning-rate");

  it(
    "applies a number field only when it is committed, says why a value is refused, and keeps the run",
    async () => {
      const page = await open();
      const steps = page.locator("#run-steps");
      const scrub = page.locator("#panel-controls .scrub span");
      // Typed a key at a time: no prefix ("1" of "1.5", "20000" of "200000") ever runs.
      await steps.fill("");
      await steps.pressSequentially("1.5");
      await page.waitForTimeout(400);
      expect(await scrub.textContent()).toBe("step 0 of 100");
      await steps.press("Enter");
      await expect
        .poll(() => page.locator("#run-steps-problem").textContent())
        .toBe('expected an integer ≥ 1 and ≤ 1000000, got "1.5"');
      expect(await steps.getAttribute("aria-invalid")).toBe("true");
      expect(await steps.getAttribute("aria-describedby")).toContain("run-steps-problem");
      expect(await scrub.textContent()).toBe("step 0 of 100");
      await steps.fill("");
      await steps.pressSequentially("200000");
      await page.waitForTimeout(400);
      expect(query(page).get("steps")).toBeNull();
      await steps.press("Enter");
      await expect.poll(() => query(page).get("steps"), { timeout: 10_000 }).toBe("200000");
      expect(await steps.getAttribute("aria-invalid")).toBeNull();

      // The rate: a decimal comma and a rate beyond float64 (the CLI's --lr refuses it too) are refused beside the field.
      const rate = page.getByTestId("lr-input");
      await rate.fill("0,5");
      await rate.press("Tab");
      await expect
        .poll(() => page.locator("#lr-problem").textContent())
        .toBe('expected a number > 0 (with a decimal point: 0.5), got "0,5"');
      await rate.fill("1e309");
      await rate.press("Enter");
      await expect.poll(() => page.locator("#lr-problem").textContent()).toMatch(/got "1e309"$/);
      expect(await verdictRate(page)).toBe("0.01");
      await screenshot(page, "20-fields-refused-1280");
      // Escape puts back the rate in force; a good one applies and is written the lab's way.
      await rate.press("Escape");
      expect(await rate.inputValue()).toBe("0.01");
      expect(await page.locator("#lr-problem").textContent()).toBe("");
      await rate.fill("2e-1");
      await rate.press("Enter");
      await expect.poll(() => verdictRate(page)).toBe("0.2");
      await rate.blur();
      expect(await rate.inputValue()).toBe("0.2");

      // Points beyond the lab's 2,000,000: a message beside the field, not just a red border.
      const points = page.getByTestId("points-input");
      await points.fill("3000000");
      await points.press("Enter");
      await expect
        .poll(() => page.locator("#data-points-problem").textContent())
        .toBe('expected an integer ≥ 0 and ≤ 2000000, got "3000000"');
      expect(await points.getAttribute("aria-describedby")).toBe("data-points-problem");
      expect(query(page).get("points")).toBeNull();
      await page.setViewportSize({ width: 375, height: 900 });
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await elementScreenshot(page.locator("#panel-data"), "20-points-refused-375");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "makes a tampered link canonical on load, tells what it changed, and copies the state on screen",
    async () => {
      const long = "9".repeat(5000);
      const page = await open(
        `?lr=0x10&speed=7&batch-size=1e9&steps=50&lr=5&guesses=1e9&init-w=1e300&num-it=100000000&x${long}=1`,
      );
      const notices = page.locator("#notices li");
      // In the order of the lab's settings, then repeated and unknown parameters; the long name cut.
      expect(await notices.allTextContents()).toEqual([
        'lr=0x10: expected a number > 0, got "0x10"; using 0.01',
        "batch-size=1e9: at most 2000000 here; using 2000000",
        'init-w=1e300: expected a number ≥ -1e+100 and ≤ 1e+100, got "1e300"; using 0',
        'speed=7: expected one of 1, 2, 5, 10, 20, 60, 120, 300, 1000, got "7"; using 20',
        "num-it=100000000: at most 10000 here; using 10000",
        "guesses=1e9: at most 1000 here; using 1000",
        "lr: given 2 times; only the first is read",
        `x${"9".repeat(39)}…: unknown setting; ignored`,
      ]);
      // The URL shows exactly the state on screen, in the lab's own order.
      expect(new URL(page.url()).search).toBe("?batch-size=2000000&steps=50&num-it=10000&guesses=1000");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      await screenshot(page, "21-tampered-link-1280");

      await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
      await page.getByTestId("copy-link").click();
      await expect.poll(() => page.locator("#panel-share .hint").textContent()).toBe("Link copied.");
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(new URL(copied).search).toBe("?batch-size=2000000&steps=50&num-it=10000&guesses=1000");

      await page.setViewportSize({ width: 375, height: 900 });
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await elementScreenshot(page.locator("#notices"), "21-tampered-link-375");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "runs a long range test on its own worker: the lesson answers meanwhile, and a change stops it",
    async () => {
      // MAE with batches of all 1,000,000 points: 10,000 iterations are a pass over the data each.
      const page = await openPage(
        "?data=noisy&points=1000000&batch-size=1000000&loss=mae&tab=range-test&num-it=10000",
      );
      const panel = page.locator("#panel-range-test");
      await expect.poll(() => panel.getAttribute("aria-busy"), { timeout: 20_000 }).toBe("true");
      await expect.poll(() => page.getByTestId("busy-range-test").isVisible()).toBe(true);
      await page.getByTestId("tab-lesson").click();
      await page.getByTestId("lr-input").fill("0.2");
      await page.getByTestId("lr-input").press("Enter");
      // The lesson's worker is free: the verdict of the new rate comes while the range test still runs.
      await expect.poll(() => verdictRate(page), { timeout: 15_000 }).toBe("0.2");
      expect(await panel.getAttribute("aria-busy")).toBe("true");
      await page.getByTestId("tab-range-test").click();
      await page.locator("#range-num-it").fill("50");
      await page.locator("#range-num-it").press("Enter");
      await expect
        .poll(() => panel.locator(".hint[aria-live]").textContent(), { timeout: 20_000 })
        .toBe("50 of 50 iterations, batches of 1,000,000.");
      expect(await panel.getAttribute("aria-busy")).toBeNull();
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "draws about 2,000 of a range test's batch losses, never one dot per iteration",
    async () => {
      const page = await openPage("?tab=range-test&num-it=10000");
      const status = page.locator("#panel-range-test .hint[aria-live]");
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/of 10,000 iterations/);
      const iterations = Number(((await status.textContent()) ?? "").split(" ")[0]?.replace(",", ""));
      expect(iterations).toBeGreaterThan(5000); // the ramp ran most of the way before the loss blew up
      const dots = await page.locator("#panel-range-test .raw-loss circle").count();
      expect(dots).toBeGreaterThan(500);
      expect(dots).toBeLessThanOrEqual(2002);
      expect(await page.locator("#range-num-it-hint").textContent()).toContain("at most 10,000 here");
      expect(await page.getByTestId("range-comparison").textContent()).toMatch(
        /^The exact theory's fastest constant rate for full-batch descent from the lesson's start on these data is 0\.24: the valley lands [\d.]+× below it\./,
      );
      await screenshot(page, "22-range-test-10000-1280");
      await page.setViewportSize({ width: 375, height: 900 });
      await page.waitForTimeout(400);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await elementScreenshot(page.locator("#panel-range-test"), "22-range-test-375");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "says 'computing…' on every lesson panel whose answer is behind the settings, and not after",
    async () => {
      // MAE on a million points: each run takes the worker about a second.
      const page = await open("?data=noisy&points=1000000&loss=mae");
      const panels = ["controls", "theory", "scene", "slices", "landscape", "loss", "rate"];
      for (const id of panels)
        expect(await page.locator(`#panel-${id}`).getAttribute("aria-busy")).toBeNull();
      await page.getByTestId("lr-input").fill("0.05");
      await page.getByTestId("lr-input").press("Enter");
      for (const id of panels) {
        expect(await page.locator(`#panel-${id}`).getAttribute("aria-busy"), id).toBe("true");
      }
      await expect.poll(() => page.getByTestId("busy-theory").isVisible()).toBe(true);
      // The old verdict is still there, but marked as waiting.
      expect(await verdictRate(page)).toBe("0.01");
      await screenshot(page, "23-computing-1280");
      await expect.poll(() => verdictRate(page), { timeout: 20_000 }).toBe("0.05");
      for (const id of panels)
        expect(await page.locator(`#panel-${id}`).getAttribute("aria-busy"), id).toBeNull();
      expect(await page.getByTestId("busy-theory").isVisible()).toBe(false);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "keeps the optimum in view when a run diverges: the path stops at the map's edge with an arrow and its step",
    async () => {
      const page = await open("?lr=0.32&at=40");
      const landscape = page.locator("#panel-landscape");
      await expect
        .poll(() => landscape.getByTestId("landscape-away").textContent())
        .toMatch(/^The run is off the map since step \d+ \(the arrow\); the map stays on the bowl\.$/);
      const frame = await landscape
        .locator("clipPath rect")
        .first()
        .evaluate((rect) => ({
          x: Number(rect.getAttribute("x")),
          y: Number(rect.getAttribute("y")),
          width: Number(rect.getAttribute("width")),
          height: Number(rect.getAttribute("height")),
        }));
      const points = pathPoints((await landscape.locator("path.trajectory").getAttribute("d")) ?? "");
      expect(points.length).toBeGreaterThan(2);
      expect(points.length).toBeLessThan(20); // not the 40 steps of the smear
      for (const [x, y] of points) {
        expect(x).toBeGreaterThanOrEqual(frame.x - 0.1);
        expect(x).toBeLessThanOrEqual(frame.x + frame.width + 0.1);
        expect(y).toBeGreaterThanOrEqual(frame.y - 0.1);
        expect(y).toBeLessThanOrEqual(frame.y + frame.height + 0.1);
      }
      expect(await landscape.locator("path.exit-arrow").count()).toBe(1);
      expect(await landscape.locator("text.exit-label").textContent()).toMatch(/^out at step \d+$/);
      await elementScreenshot(landscape, "24-landscape-diverging-1280");

      // Decay brings the run back: the path comes back in from the edge, and the caption says so.
      await page.goto(page.url().replace(/\?.*/, "?lr=0.5&schedule=exponential&at=100"));
      await expect
        .poll(() => landscape.getByTestId("landscape-away").textContent(), { timeout: 20_000 })
        .toMatch(/^The run left the map at step \d+ \(the arrow\) and came back\.$/);
      await elementScreenshot(landscape, "24-landscape-decay-1280");
      await page.setViewportSize({ width: 375, height: 900 });
      await page.waitForTimeout(300);
      await elementScreenshot(landscape, "24-landscape-decay-375");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "announces once the slider settles, never a verdict before the run is stepped, then the verdict once",
    async () => {
      const page = await open();
      const announcement = page.getByTestId("verdict-announcement");
      await expect
        .poll(() => announcement.textContent())
        .toBe("Press Play or Step to see what this rate does.");
      await stepForVerdict(page);
      await expect.poll(() => announcement.textContent()).toMatch(/^Too small\./);
      expect(await page.getByTestId("status").getAttribute("aria-live")).toBeNull();
      const seen = await page.evaluate(async () => {
        const region = document.querySelector("[data-testid=verdict-announcement]") as HTMLElement;
        const status = document.querySelector("[data-testid=status]") as HTMLElement;
        const announced: string[] = [];
        const shown = new Set<string>();
        const verdicts = new Set<string>();
        new MutationObserver(() => announced.push(region.textContent ?? "")).observe(region, {
          childList: true,
          characterData: true,
          subtree: true,
        });
        const slider = document.querySelector("[data-testid=lr-slider]") as HTMLInputElement;
        // A drag across three decades, one input event every 60 ms.
        for (let position = -3; position <= 0.5; position += 0.25) {
          slider.value = String(position);
          slider.dispatchEvent(new Event("input", { bubbles: true }));
          await new Promise((wait) => setTimeout(wait, 60));
          shown.add(status.dataset.learningRate ?? "");
          verdicts.add(status.dataset.verdict ?? "");
        }
        slider.dispatchEvent(new Event("change", { bubbles: true }));
        await new Promise((wait) => setTimeout(wait, 1500));
        const beforeStep = status.textContent;
        (document.querySelector("[data-testid=step]") as HTMLButtonElement).click();
        await new Promise((wait) => setTimeout(wait, 1500));
        return {
          announced,
          shown: shown.size,
          verdicts: [...verdicts],
          beforeStep,
          final: status.textContent,
        };
      });
      // The status followed the slider's rates, but said what they do only once stepped; a screen reader
      // heard the request to press Play once, then the verdict once.
      expect(seen.shown).toBeGreaterThan(3);
      expect(seen.verdicts).toEqual(["hidden"]);
      expect(seen.beforeStep).toBe("Press Play or Step to see what this rate does.");
      expect(seen.announced).toEqual([seen.beforeStep, seen.final]);
      expect(seen.final).toMatch(/^Jumps out\./);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "moves through the tabs with Home and End as well as the arrows",
    async () => {
      const page = await open();
      await page.getByTestId("tab-lesson").focus();
      // The last tab is Beyond the line.
      await page.keyboard.press("End");
      await expect.poll(() => page.getByTestId("tab-models").getAttribute("aria-selected")).toBe("true");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-button-models");
      await page.keyboard.press("Home");
      await expect.poll(() => page.getByTestId("tab-lesson").getAttribute("aria-selected")).toBe("true");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-button-lesson");
      await page.keyboard.press("ArrowLeft");
      await expect.poll(() => page.getByTestId("tab-models").getAttribute("aria-selected")).toBe("true");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "greys out and explains the rate when the piecewise schedule's values are the rates",
    async () => {
      const page = await open("?schedule=piecewise");
      expect(await page.getByTestId("lr-slider").isDisabled()).toBe(true);
      expect(await page.getByTestId("lr-input").isDisabled()).toBe(true);
      expect(await page.getByTestId("lr-fine").isDisabled()).toBe(true);
      expect(await page.getByTestId("lr-unused").textContent()).toBe(
        "Not used: the PiecewiseConstantDecay schedule's values are the rates (Schedule, in Settings).",
      );
      await elementScreenshot(page.locator("#panel-controls .rate-control"), "25-piecewise-rate-1280");
      await page.getByTestId("schedule-select").selectOption("exponential");
      await expect.poll(() => page.getByTestId("lr-slider").isDisabled()).toBe(false);
      expect(await page.getByTestId("lr-unused").isVisible()).toBe(false);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "labels every tick of the uncentred preset's slices differently, and names charts as images",
    async () => {
      const page = await open("?data=uncentred&lr=0.001");
      for (const parameter of ["w", "b"]) {
        const labels = await page
          .locator(`#panel-slices .slice-${parameter} g[aria-label="y-axis tick label"] text`)
          .allTextContents();
        expect(labels.length, parameter).toBeGreaterThan(2);
        expect(new Set(labels).size, `${parameter}: ${labels}`).toBe(labels.length);
      }
      await elementScreenshot(page.locator("#panel-slices"), "26-uncentred-slices-1280");
      for (const id of ["slices", "landscape", "loss", "rate"]) {
        expect(await page.locator(`#panel-${id} svg[aria-label]`).first().getAttribute("role"), id).toBe(
          "img",
        );
      }
      // The scene holds the line's sliders: a group, so that they stay reachable.
      expect(await page.locator("#panel-scene svg[aria-label]").getAttribute("role")).toBe("group");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "shows no green legend entry without a least-squares line (MAE)",
    async () => {
      const page = await open("?loss=mae");
      expect(await page.locator("#panel-scene .legend-ideal").isVisible()).toBe(false);
      await page.getByTestId("loss-select").selectOption("mse");
      await expect.poll(() => page.locator("#panel-scene .legend-ideal").isVisible()).toBe(true);
      expect(await page.locator("#panel-scene .legend-ideal").textContent()).toMatch(
        /green, least squares: y = /,
      );
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "words file errors with columns, not command-line flags, and reads a semicolon-separated file",
    async () => {
      const page = await open();
      await page.getByTestId("csv-input").setInputFiles({
        name: "one.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("x\n1\n2\n"),
      });
      await expect
        .poll(() => page.getByTestId("error").textContent())
        .toBe('one.csv: has 1 column ("x"); expected two, x and y, separated by commas, semicolons or tabs');
      await page.getByTestId("csv-input").setInputFiles({
        name: "huge.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("x,y\n1e308,1e308\n-1e308,-1e308\n"),
      });
      await expect
        .poll(() => page.getByTestId("error").textContent())
        .toMatch(/^huge\.csv: column "x" reaches 1e308, too large to square in float64; rescale it/);
      await page.getByTestId("csv-input").setInputFiles({
        name: "eu.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("hours;score\n1;52\n2;55\n4;65\n"),
      });
      await expect.poll(() => page.locator(".data-summary").textContent()).toBe("3 points from eu.csv.");
      expect(await page.getByTestId("error").isVisible()).toBe(false);
      expect(await page.getByTestId("y-select").inputValue()).toBe("score");
      await page.close();
    },
    TIMEOUT,
  );
  it(
    "loads an upload with one column too large to square, and refuses that column by name only when it is picked",
    async () => {
      const page = await open();
      await page.getByTestId("csv-input").setInputFiles({
        name: "huge.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("a,b,label\n2e150,1,0\n-1e150,2,0\n5e149,3,1\n1e149,4,1\n"),
      });
      await expect.poll(() => page.locator(".data-summary").textContent()).toBe("4 points from huge.csv.");
      expect(await page.getByTestId("x-select").inputValue()).toBe("b");
      expect(await page.getByTestId("y-select").inputValue()).toBe("label");
      await page.getByTestId("x-select").selectOption("a");
      await expect
        .poll(() => page.getByTestId("error").textContent())
        .toMatch(/^huge\.csv: column "a" reaches 2e150, too large to square in float64; rescale it/);
      // The file stays, on its last good columns, and another column can be picked.
      await expect.poll(() => page.getByTestId("x-select").inputValue()).toBe("b");
      expect(await page.locator(".data-summary").textContent()).toBe("4 points from huge.csv.");
      await page.close();
    },
    TIMEOUT,
  );
});
