/**
 * The LR range test tab says which model it tests, in a real headless Chromium against the built app: the
 * lesson's line, whatever Beyond the line has picked, and its Try buttons say they set the lesson's rate.
 */
import { describe, expect, it } from "vitest";
import { browserAvailability, elementScreenshot, labPages, searchParams } from "./harness.js";

const { executable, skip } = browserAvailability();
const TIMEOUT = 90_000;

describe.skipIf(skip)("the range test tab's scope, in Chromium", () => {
  const open = labPages(executable as string, TIMEOUT);

  it(
    "names the lesson's line as the model it tests when a network is picked, and its Try buttons set the lesson's rate",
    async () => {
      // The tester's link: an mlp on standardized Weight_in_lbs, while the test runs the raw Horsepower line.
      const page = await open(
        '?tab=range-test&chapter=0&model=mlp&data=cars&features=["Weight_in_lbs"]&standardize=true',
      );
      const valley = page.getByTestId("use-valley");
      await expect.poll(() => valley.count(), { timeout: 30_000 }).toBe(1);
      const scope = (await page.getByTestId("range-scope").textContent()) ?? "";
      expect(scope).toContain(
        "This range test trains the lesson's line y = w·x + b on “Horsepower” and “Miles_per_Gallon”, x as it is (as `lrlab find-lr` without --model does).",
      );
      expect(scope).toContain("It is not the neural network (mlp) picked on Beyond the line");
      expect(scope).toContain("`lrlab find-lr --model mlp` runs that one");
      const words = (await valley.textContent()) ?? "";
      expect(words).toMatch(/^Try valley \(fastai's default\) as the lesson's rate: \S+$/);
      await elementScreenshot(page.locator("#panel-range-test"), "range-test-scope-mlp");
      // The button does what it says: the rate it shows, on the Lesson tab.
      const rate = words.split(": ").at(-1) ?? "";
      await valley.click();
      await expect.poll(() => page.getByTestId("tab-lesson").getAttribute("aria-selected")).toBe("true");
      expect(Number(await page.getByTestId("lr-input").inputValue())).toBeCloseTo(
        Number(rate.replace("−", "-")),
        4,
      );
      expect(searchParams(page).get("model")).toBe("mlp");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "names only the line when the line is the model picked",
    async () => {
      const page = await open("?tab=range-test&chapter=0");
      await expect.poll(() => page.getByTestId("use-valley").count(), { timeout: 30_000 }).toBe(1);
      const scope = (await page.getByTestId("range-scope").textContent()) ?? "";
      expect(scope).toBe(
        "This range test trains the lesson's line y = w·x + b on “x” and “y”, x as it is (as `lrlab find-lr` without --model does).",
      );
      await page.close();
    },
    TIMEOUT,
  );
});
