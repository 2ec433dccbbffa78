import { describe, expect, it } from "vitest";
import { browserAvailability, elementScreenshot, labPages, waitForModel } from "./harness.js";

const { executable, skip } = browserAvailability();
const TIMEOUT = 90_000;

/** The tester's wide.csv, cut down: long names with no space to break at, a name with a comma, 0/1 labels. */
const LONG = (k: number) => `very_long_column_name_without_spaces_${k}_${"a".repeat(20)}`;
const WIDE_CSV = [
  `${LONG(0)},"col 1, 😀 ""q""",${LONG(3)},y`,
  ...Array.from({ length: 40 }, (_, k) => {
    const [a, b, c] = [Math.sin(k), Math.cos(3 * k), Math.sin(7 * k + 1)];
    return `${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${a + 0.5 * b > 0 ? 1 : 0}`;
  }),
].join("\n");

describe.skipIf(skip)("what the Beyond the line tab says about its run, in Chromium", () => {
  const open = labPages(executable as string, TIMEOUT);

  it(
    "wraps long column names in the fitted model's legend at 375 px: the page does not scroll sideways",
    async () => {
      const page = await open("?chapter=0", 375);
      await page.getByTestId("csv-input").setInputFiles({
        name: "wide.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(WIDE_CSV),
      });
      await expect.poll(() => page.getByTestId("x-select").inputValue()).toBe(LONG(0));
      await page.getByTestId("y-select").selectOption("y");
      await expect.poll(() => new URL(page.url()).searchParams.get("y"), { timeout: 10_000 }).toBe("y");
      await page.getByTestId("tab-models").click();
      await page.getByTestId("model-select").selectOption("logistic");
      for (const column of ['col 1, 😀 "q"', LONG(3)]) {
        await page.locator(`input[data-column="${column.replaceAll('"', '\\"')}"]`).check();
      }
      await page.locator("#model-standardize").check();
      await waitForModel(page);
      const legend = page.getByTestId("model-scene-legend");
      // Three inputs: the predicted probability beside each label, from the three columns by name.
      await expect.poll(() => legend.textContent(), { timeout: 30_000 }).toContain(LONG(3));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      const box = await legend.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 1000)).toBeLessThanOrEqual(375);
      await elementScreenshot(page.locator("#panel-model-scene"), "models-words-long-names-375");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "tells one story of the path on cars' logistic landscape: on the plane, in the subtitle and the caption",
    async () => {
      // 3 parameters, random directions (a saturated sigmoid's Hessian is zero). Those leave the bias
      // fixed and span both kernel weights; the median-split labels never move the bias: the path is on
      // the plane, and the caption said it "moves in other directions too".
      const page = await open('?tab=models&chapter=0&data=cars&model=logistic&features=["Displacement"]');
      await waitForModel(page);
      const panel = page.locator("#panel-model-landscape");
      const caption = page.getByTestId("model-landscape-caption");
      await expect.poll(() => caption.textContent(), { timeout: 30_000 }).toContain("has 3 parameters");
      expect(await panel.locator("svg").first().textContent()).toContain("the path lies on the plane");
      const text = await caption.textContent();
      expect(text).toContain("it lies on this plane and moves in no other direction");
      expect(text).not.toContain("other directions too");
      await elementScreenshot(panel, "models-words-cars-logistic-landscape");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "says the sharpness was measured at the first and last step only when track-sharpness spans the run",
    async () => {
      const page = await open("?tab=models&chapter=0&model=mlp&track-sharpness=1000000");
      await waitForModel(page);
      const caption = page.getByTestId("model-curves-caption");
      await expect
        .poll(() => caption.textContent(), { timeout: 30_000 })
        .toContain(
          "measured at the first and last step only (steps 0 and 100: the interval, 1,000,000 steps",
        );
      expect(await caption.textContent()).not.toContain("every 1,000,000");
      // Two dots, and no line between them pretending to be a trend.
      const chart = page.getByTestId("model-curves-chart").locator("svg").nth(1);
      expect(await chart.locator("circle").count()).toBe(2);
      await elementScreenshot(page.locator("#panel-model-curves"), "models-words-sharpness-ends-only");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "describes logistic regression's labels as the lab makes them",
    async () => {
      const page = await open("?tab=models&chapter=0&model=logistic");
      const words = await page.locator("#panel-model-picker").textContent();
      expect(words).toContain("Labels: y as given when at least half of y is 0 or 1");
      expect(words).toContain("a stray 2 or 3 among them is refused with its row");
      expect(words).not.toContain("every y is 0 or 1");
      await page.close();
    },
    TIMEOUT,
  );
});
