/**
 * The lesson's rate control, layout and "predict, then check" (issue 11) in a real headless Chromium
 * against the built app: the keyboard alone reaches the rates that jump around the minimum, the fine
 * slider reaches them by mouse a pixel at a time, a drag lands on the marks, the marks stay apart; the
 * rate and the verdict are on the first screen beside the scene at 1280×900 (with room for the guide's
 * column) and within two screens at 375 px; the verdict waits for Play or Step and nothing else on the
 * Lesson tab tells the outcome before. Screenshots at 1280 and 375 px go to test-artifacts/web/.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  browserAvailability,
  elementScreenshot,
  labPages,
  screenshot,
  stepForVerdict,
  waitForRun,
} from "./harness.js";

const { executable, skip } = browserAvailability();
const TIMEOUT = 90_000;
const PREDICT = "Press Play or Step to see what this rate does.";

/** The element's box in page coordinates (scrolled pages included). */
async function pageBox(
  locator: Locator,
): Promise<{ top: number; bottom: number; left: number; right: number }> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return {
      top: box.top + scrollY,
      bottom: box.bottom + scrollY,
      left: box.left + scrollX,
      right: box.right + scrollX,
    };
  });
}

describe.skipIf(skip)("the rate control, the layout and predict-then-check in Chromium", () => {
  const openPage = labPages(executable as string, TIMEOUT);

  async function open(query = "", width = 1280, height = 900): Promise<Page> {
    const page = await openPage(query, width);
    await page.setViewportSize({ width, height });
    await waitForRun(page);
    return page;
  }
  const rateOf = async (page: Page) => Number(await page.getByTestId("lr-input").inputValue());
  const activeTestId = (page: Page) =>
    page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? "");

  it(
    "reaches a rate that jumps around by keyboard alone: Tab to the slider, arrow keys, Tab to Step",
    async () => {
      // With the guide open its controls come first (it is the page's first column): a dozen stops at most.
      const guided = await open();
      let stops = 0;
      while ((await activeTestId(guided)) !== "lr-slider" && stops < 20) {
        await guided.keyboard.press("Tab");
        stops++;
      }
      expect(stops).toBeLessThanOrEqual(12);
      await guided.close();
      const page = await open("?chapter=0");
      let presses = 0;
      while ((await activeTestId(page)) !== "lr-slider" && presses < 10) {
        await page.keyboard.press("Tab");
        presses++;
      }
      // The guide closed: its open button, the tab list, then the rate: the main control comes third, not
      // after 18 stops.
      expect(presses).toBe(3);
      // 0.01 → 35 × 10% (Shift) → 0.283 → 7 × 1% → 0.304: between 1/λmax = 0.1535 and 2/λmax = 0.3069.
      for (let i = 0; i < 35; i++) await page.keyboard.press("Shift+ArrowRight");
      expect(await rateOf(page)).toBe(0.283);
      for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowRight");
      expect(await rateOf(page)).toBe(0.304);
      await expect.poll(() => page.getByTestId("status").getAttribute("data-learning-rate")).toBe("0.304");
      expect(await page.getByTestId("status").getAttribute("data-verdict")).toBe("hidden");
      // Back one, and forward again: 1% each way, never stuck on a three-digit rate.
      await page.keyboard.press("ArrowLeft");
      expect(await rateOf(page)).toBe(0.301);
      await page.keyboard.press("ArrowRight");
      expect(await rateOf(page)).toBe(0.304);
      await screenshot(page, "40-keyboard-rate-1280");
      presses = 0;
      while ((await activeTestId(page)) !== "step" && presses < 8) {
        await page.keyboard.press("Tab");
        presses++;
      }
      expect(await activeTestId(page)).toBe("step");
      await page.keyboard.press("Enter");
      const status = page.getByTestId("status");
      await expect.poll(() => status.getAttribute("data-verdict")).toBe("jumps-around");
      expect(await status.textContent()).toMatch(/^Jumps around\./);
      expect(await page.getByTestId("step-value").textContent()).toBe("1");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "steps 10% with PageUp and PageDown, and goes to the slider's ends with Home and End",
    async () => {
      const page = await open("?lr=0.3");
      await page.getByTestId("lr-slider").focus();
      await page.keyboard.press("PageUp");
      expect(await rateOf(page)).toBe(0.33);
      await page.keyboard.press("PageDown");
      expect(await rateOf(page)).toBe(0.3);
      await page.keyboard.press("PageDown");
      expect(await rateOf(page)).toBe(0.273); // 0.3 / 1.1
      // The slider spans four decades below the critical rate's (10⁻¹) to two above it.
      await page.keyboard.press("End");
      expect(await rateOf(page)).toBe(100);
      await page.keyboard.press("Home");
      expect(await rateOf(page)).toBe(0.00001);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "reaches the band below the critical rate by mouse on the fine slider, a pixel at a time",
    async () => {
      const page = await open("?lr=0.29&chapter=0");
      const fine = page.getByTestId("lr-fine");
      const box = await fine.boundingBox();
      if (!box) throw new Error("no fine slider");
      // The thumb sits in the middle (the slider is centred on the rate); drag it right a pixel at a time.
      const y = box.y + box.height / 2;
      const x = box.x + box.width / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      const rates: number[] = [];
      // 60 px: about 4%, from 0.29 to 0.30, short of the red mark's snap.
      for (let dx = 1; dx <= 60; dx++) {
        await page.mouse.move(x + dx, y);
        rates.push(await rateOf(page));
      }
      // Every pixel a rate at most 0.2% from the last (±25% over about 650 px), nearly every one new.
      for (let i = 1; i < rates.length; i++) {
        const ratio = (rates[i] as number) / (rates[i - 1] as number);
        expect(ratio).toBeGreaterThanOrEqual(1);
        expect(ratio).toBeLessThan(1.002);
      }
      expect(new Set(rates).size).toBeGreaterThan(50);
      // Where it let go: a rate 1–2% below the critical rate 0.3069.
      let dx = 60;
      while ((await rateOf(page)) > 0.303 && dx > 0) {
        dx--;
        await page.mouse.move(x + dx, y);
      }
      await page.mouse.up();
      const rate = await rateOf(page);
      expect(rate).toBeGreaterThan(0.3);
      expect(rate).toBeLessThanOrEqual(0.303);
      await elementScreenshot(page.locator("#panel-controls"), "41-fine-slider-1280");
      const status = await stepForVerdict(page);
      expect(await status.getAttribute("data-verdict")).toBe("jumps-around");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "lands a drag of the coarse slider on the critical rate when it ends within 1.5% of the mark",
    async () => {
      const page = await open("?lr=0.2");
      const slider = page.getByTestId("lr-slider");
      const thumb = await slider.boundingBox();
      const mark = await page.getByTestId("mark-critical").boundingBox();
      if (!thumb || !mark) throw new Error("no slider or no mark");
      const y = thumb.y + thumb.height / 2;
      // Press on the slider's track right at the red mark (the mark's x is the thumb's centre there).
      await page.mouse.click(mark.x + mark.width / 2, y);
      const rate = await rateOf(page);
      // The exact 2/λmax, with more digits than any slider position gives.
      expect(rate).toBeCloseTo(0.30690299, 6);
      expect(String(rate).replace(/^0\.0*/, "").length).toBeGreaterThan(3);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "tells the good and the critical mark apart at a glance, even a hair apart",
    async () => {
      const page = await open();
      const good = page.getByTestId("mark-good").first();
      const critical = page.getByTestId("mark-critical").first();
      expect(await good.textContent()).toBe("good 0.24");
      expect(await critical.textContent()).toBe("critical 0.3069");
      const slider = await pageBox(page.getByTestId("lr-slider"));
      // Green above the track, red below it.
      expect((await pageBox(good)).bottom).toBeLessThanOrEqual(slider.top + 1);
      expect((await pageBox(critical)).top).toBeGreaterThanOrEqual(slider.bottom - 1);
      await page.close();

      // The uncentred preset, given the steps its fastest rate needs (with fewer, good is the budget's rate, as
      // fit and suggest advise): 0.009425 and 0.009429, a fraction of a pixel apart on the slider.
      for (const width of [1280, 375]) {
        const close = await open("?data=uncentred&steps=20000", width);
        const labels = close.locator("#panel-controls .rate-track.coarse .mark-label");
        expect(await labels.allTextContents()).toEqual(["good 0.009425", "critical 0.009429"]);
        const [first, second] = [await pageBox(labels.nth(0)), await pageBox(labels.nth(1))];
        const apart =
          first.bottom <= second.top ||
          second.bottom <= first.top ||
          first.right <= second.left ||
          second.right <= first.left;
        expect(apart).toBe(true);
        const control = await pageBox(close.locator("#panel-controls .rate-control"));
        for (const label of [first, second]) {
          expect(label.left).toBeGreaterThanOrEqual(control.left);
          expect(label.right).toBeLessThanOrEqual(control.right);
        }
        await elementScreenshot(close.locator("#panel-controls .rate-control"), `42-marks-close-${width}`);
        await close.close();
      }
    },
    TIMEOUT,
  );

  it(
    "puts the rate and the verdict on the first screen beside the scene at 1280×900, with or without the guide",
    async () => {
      // A new visitor: the guide open beside the lab.
      const page = await open();
      const check = async () => {
        const slider = await pageBox(page.getByTestId("lr-slider"));
        const status = await pageBox(page.getByTestId("status"));
        const scene = await pageBox(page.locator("#panel-scene"));
        expect(slider.bottom).toBeLessThanOrEqual(900);
        expect(status.bottom).toBeLessThanOrEqual(900);
        // The scene right under them, most of its chart on the same screen.
        expect(scene.top).toBeGreaterThan(status.bottom);
        expect(scene.top).toBeLessThan(600);
        expect(scene.left).toBeLessThanOrEqual(status.left);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      };
      const guide = await pageBox(page.getByTestId("guide"));
      expect(guide.right - guide.left).toBeLessThanOrEqual(340);
      await check();
      await screenshot(page, "43-layout-with-guide-1280");
      await page.close();
      // The guide closed: the lab as it was.
      const closed = await open("?chapter=0");
      expect(await closed.getByTestId("guide").isVisible()).toBe(false);
      const slider = await pageBox(closed.getByTestId("lr-slider"));
      const status = await pageBox(closed.getByTestId("status"));
      expect(Math.max(slider.bottom, status.bottom)).toBeLessThanOrEqual(900);
      await screenshot(closed, "43-layout-1280");
      await closed.close();
    },
    TIMEOUT,
  );

  it(
    "puts the rate and the verdict within the first two screens at 375×812, with or without a short guide",
    async () => {
      // A new visitor, the guide open above the lab, at every chapter.
      const page = await open("", 375, 812);
      const check = async (at: Page) => {
        expect((await pageBox(at.getByTestId("lr-slider"))).bottom).toBeLessThanOrEqual(2 * 812);
        expect((await pageBox(at.getByTestId("status"))).bottom).toBeLessThanOrEqual(2 * 812);
        expect(await at.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      };
      for (let chapter = 1; chapter <= 9; chapter++) {
        await page.evaluate(() => scrollTo(0, 0));
        if (chapter > 1) await page.getByTestId("guide-next").click();
        await page.waitForTimeout(150);
        await check(page);
      }
      await screenshot(page, "44-layout-with-guide-375");
      await page.close();
      // Without the guide they are on the very first screen.
      const closed = await open("?chapter=0", 375, 812);
      await check(closed);
      expect((await pageBox(closed.getByTestId("status"))).bottom).toBeLessThan(812);
      await screenshot(closed, "44-layout-375");
      await closed.close();
    },
    TIMEOUT,
  );

  it(
    "keeps the verdict, the regime and the loss's climb until the run is stepped; Reset keeps it shown",
    async () => {
      // 3 is ten times the critical rate: the loss climbs to millions within a few steps.
      const page = await open("?lr=3");
      const status = page.getByTestId("status");
      expect(await status.textContent()).toBe(PREDICT);
      expect(await status.getAttribute("data-verdict")).toBe("hidden");
      expect(await status.getAttribute("data-regime")).toBeNull();
      const facts = page.getByTestId("facts");
      // The bounds stay; the regime the rate runs in does not.
      expect(await facts.textContent()).toContain("0.3069 = 2/λmax");
      expect(await facts.textContent()).toContain("(what it does: press Play or Step)");
      expect(await facts.textContent()).not.toMatch(/diverging|each jump is longer/);
      // The loss chart: one point at the start, on an axis that does not reach the loss to come.
      const lossTicks = async () =>
        Math.max(
          ...(
            await page.locator("#panel-loss svg [aria-label='y-axis tick label'] text").allTextContents()
          ).map((text) => Number(text.replace("−", "-").replace(/,/g, ""))),
        );
      expect(await lossTicks()).toBeLessThan(100);
      expect(await page.locator("#panel-loss path.curve").getAttribute("d")).toMatch(/^M[\d.,]+$/);
      // The step count asked for, not the step the run blew up at.
      expect(await page.locator("#panel-controls .scrub span").textContent()).toBe("step 0 of 100");
      await screenshot(page, "45-predict-1280");

      await stepForVerdict(page);
      expect(await status.getAttribute("data-verdict")).toBe("jumps-out");
      expect(await status.textContent()).toMatch(/^Jumps out\./);
      expect(await facts.textContent()).toMatch(/each jump is longer than the last/);
      await expect.poll(lossTicks).toBeGreaterThan(1000);
      expect(await page.locator("#panel-controls .scrub span").textContent()).toMatch(/^step 1 of \d$/);

      // Reset: back to step 0, the verdict stays for the same settings.
      await page.getByTestId("reset").click();
      expect(await page.getByTestId("step-value").textContent()).toBe("0");
      expect(await status.getAttribute("data-verdict")).toBe("jumps-out");
      // A new rate: hidden again, from step 0.
      await page.getByTestId("step").click();
      await page.getByTestId("lr-input").fill("0.2");
      await page.getByTestId("lr-input").press("Enter");
      await expect.poll(() => status.getAttribute("data-learning-rate")).toBe("0.2");
      expect(await status.getAttribute("data-verdict")).toBe("hidden");
      expect(await page.getByTestId("step-value").textContent()).toBe("0");
      await page.setViewportSize({ width: 375, height: 812 });
      await page.waitForTimeout(300);
      await screenshot(page, "45-predict-375");
      // Play shows it too.
      await page.getByTestId("play").click();
      await expect.poll(() => status.getAttribute("data-verdict")).toBe("good");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "draws the loss slices on the frame of the start until the run is stepped, then on the run's",
    async () => {
      // 0.31 jumps out slowly: its steps reach three times the start's distance before they leave.
      const page = await open("?lr=0.31&chapter=0");
      const bTicks = () =>
        page.locator("#panel-slices .slice-b svg [aria-label='x-axis tick label'] text").allTextContents();
      // b* = 0.6353, the start b = 0: the frame of the start is 0.6353 ± 0.686, as for any rate.
      expect(await bTicks()).toEqual(["0", "0.2", "0.4", "0.6", "0.8", "1", "1.2"]);
      await stepForVerdict(page);
      await expect.poll(bTicks).toEqual(["−1", "0", "1", "2"]);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "shows the verdict at once for a link at a step past 0",
    async () => {
      const page = await open("?lr=0.304&at=12");
      const status = page.getByTestId("status");
      await expect.poll(() => status.getAttribute("data-verdict")).toBe("jumps-around");
      expect(await page.getByTestId("step-value").textContent()).toBe("12");
      await page.close();
    },
    TIMEOUT,
  );
});
