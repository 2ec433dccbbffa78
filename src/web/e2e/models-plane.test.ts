/**
 * Logistic regression and a network on several x columns in a real headless Chromium, against the built
 * app and the real `lrlab fit` on the same file: the picker by keyboard, the decision-boundary plane on two
 * columns, the probability beside each label on three, predicted against actual for a network under MSE,
 * a phone's width, fast switching between models while a run is in flight, and the plane saved as a PNG.
 * Screenshots go to test-artifacts/web/ to be looked at.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { lrlabJson, scratchDirectory } from "../../test-support/cli.js";
import { formatNumber } from "../words.js";
import {
  ARTIFACTS,
  browserAvailability,
  elementScreenshot,
  labPages,
  screenshot,
  searchParams,
  waitForModel,
} from "./harness.js";

const { executable, skip } = browserAvailability();
const TIMEOUT = 90_000;

/** 48 rows on an 8 × 6 grid of (a, b), c = a·b mod 5: passed where a + 2b > 9, two rows flipped. */
const ROWS = Array.from({ length: 48 }, (_, k) => {
  const a = k % 8;
  const b = Math.floor(k / 8);
  const flipped = k === 10 || k === 37;
  return [a, b, (a * b) % 5, a + 2 * b > 9 !== flipped ? 1 : 0];
});
const CSV = `a,b,c,passed\n${ROWS.map((row) => row.join(",")).join("\n")}\n`;
const file = join(scratchDirectory("web-plane"), "pass.csv");
writeFileSync(file, CSV);

/** Uploads pass.csv (x a, y passed) on the Lesson tab, then opens the Beyond the line tab. */
async function uploadPass(page: Page): Promise<void> {
  await page.getByTestId("csv-input").setInputFiles({
    name: "pass.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(CSV),
  });
  await expect.poll(() => page.getByTestId("x-select").inputValue()).toBe("a");
  await page.getByTestId("y-select").selectOption("passed");
  await page.getByTestId("tab-models").click();
}

/** The CLI's final loss on pass.csv with these x columns and flags. */
function cliLoss(model: string[], xs: string[], flags: string[]): number {
  const columns = xs.flatMap((x) => ["--x", x]);
  return lrlabJson(["fit", "--data", file, ...model, ...columns, "--y", "passed", ...flags]).final.loss;
}

describe.skipIf(skip)("logistic regression and a network on several x columns in Chromium", () => {
  const open = labPages(executable as string, TIMEOUT);

  it(
    "picks b by keyboard for logistic regression, draws the plane with its boundary, and ends at the CLI's loss",
    async () => {
      const page = await open("?chapter=0&lr=0.5&steps=300");
      await uploadPass(page);
      await page.getByTestId("model-select").selectOption("logistic");
      await waitForModel(page);
      // The x columns are offered to logistic regression too, reached by Tab and ticked with Space.
      const boxes = page.getByTestId("model-features");
      expect(await boxes.isVisible()).toBe(true);
      await page.getByTestId("model-select").focus();
      let guard = 0;
      while ((await page.evaluate(() => document.activeElement?.getAttribute("data-column"))) !== "b") {
        await page.keyboard.press("Tab");
        if (++guard > 20) throw new Error("the b box is not reachable by Tab");
      }
      await page.keyboard.press("Space");
      await expect.poll(() => searchParams(page).get("features")).toBe('["b"]');
      await waitForModel(page);
      const plane = page.getByTestId("model-plane-chart");
      await expect.poll(() => plane.count(), { timeout: 30_000 }).toBe(1);
      expect(await page.getByTestId("model-title").textContent()).toBe(
        "logistic regression on 2 columns, 3 parameters, loss BCE",
      );
      const facts = (await page.locator("#panel-model-verdict dd").allTextContents()).join("\n");
      const loss = cliLoss(["--model", "logistic"], ["a", "b"], ["--lr", "0.5", "--steps", "300"]);
      expect(facts).toContain(`→ ${formatNumber(loss)}`);
      // The CLI's figure: its title, the points coloured by label, the boundary line, the legend above.
      const texts = await plane.locator("text").allTextContents();
      // The full title where it fits the panel, else the short one (views/model-plane.ts measures it).
      expect(
        texts.some(
          (text) =>
            text === "Where the logistic regression on 2 columns says p = 0.5" || text === "Where p = 0.5",
        ),
      ).toBe(true);
      expect(texts).toContain("— the p = 0.5 boundary");
      expect(await plane.locator(".point circle").count()).toBe(48);
      expect(await plane.locator("g.decision-boundary path").count()).toBe(1);
      const legend = await page.getByTestId("model-scene-legend").textContent();
      expect(legend).toContain("The plane of “a”, “b”");
      expect(legend).toContain("passed, 0 or 1 as given");
      expect(legend).toContain("the line where it is 0.5, exact for logistic regression");
      // The scene saves as a PNG, the plane in it.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("save-model-scene-png").click(),
      ]);
      const saved = join(ARTIFACTS, "51-model-plane-export.png");
      await download.saveAs(saved);
      expect(readFileSync(saved).subarray(1, 4).toString()).toBe("PNG");
      await elementScreenshot(page.locator("#panel-model-scene"), "51-model-logistic-plane-1280");
      await screenshot(page, "51-model-logistic-plane-page-1280");

      // A third column: no plane shows three inputs; each label beside its probability, p = 0.5 drawn.
      await page.locator('input[data-column="c"]').check();
      await expect.poll(() => searchParams(page).get("features")).toBe('["b","c"]');
      await waitForModel(page);
      const scene = page.locator("#panel-model-scene");
      await expect.poll(() => scene.locator("line.model-half").count(), { timeout: 30_000 }).toBe(1);
      expect(await plane.count()).toBe(0);
      const axes = (await scene.locator("svg text").allTextContents()).join(" ");
      expect(axes).toContain("predicted probability of 1");
      expect(await page.getByTestId("model-scene-legend").textContent()).toContain(
        "Three or more inputs have no curve over one x and no plane to draw",
      );
      const three = cliLoss(["--model", "logistic"], ["a", "b", "c"], ["--lr", "0.5", "--steps", "300"]);
      const facts3 = (await page.locator("#panel-model-verdict dd").allTextContents()).join("\n");
      expect(facts3).toContain(`→ ${formatNumber(three)}`);
      await elementScreenshot(scene, "52-model-logistic-three-1280");

      // A network under MSE on the same columns, at a rate it converges at: predicted against actual, at
      // the CLI's loss.
      await page.getByTestId("model-select").selectOption("mlp");
      const rate = page.locator("#model-shared-lr");
      await rate.fill("0.05");
      await rate.press("Enter");
      await expect.poll(() => searchParams(page).get("lr")).toBe("0.05");
      await waitForModel(page);
      await expect.poll(() => scene.locator("path.model-diagonal").count(), { timeout: 30_000 }).toBe(1);
      expect(await page.getByTestId("model-title").textContent()).toBe(
        "mlp 3-16-1 (tanh), 81 parameters, loss MSE",
      );
      const mlp = cliLoss(["--model", "mlp"], ["a", "b", "c"], ["--lr", "0.05", "--steps", "300"]);
      const factsMlp = (await page.locator("#panel-model-verdict dd").allTextContents()).join("\n");
      expect(factsMlp).toContain(`→ ${formatNumber(mlp)}`);
      await elementScreenshot(scene, "53-model-mlp-predicted-1280");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "fits 375 px with the plane, without sideways scrolling",
    async () => {
      const page = await open("?chapter=0&lr=0.5&steps=300", 375);
      await uploadPass(page);
      await page.getByTestId("model-select").selectOption("logistic");
      await page.locator('input[data-column="b"]').check();
      await waitForModel(page);
      const plane = page.getByTestId("model-plane-chart");
      await expect.poll(() => plane.count(), { timeout: 30_000 }).toBe(1);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBe(0);
      const box = await plane.boundingBox();
      if (!box) throw new Error("no plane");
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(375);
      // The short title on a phone: the long one would run off the figure.
      expect(await plane.locator("text").allTextContents()).toContain("Where p = 0.5");
      await elementScreenshot(page.locator("#panel-model-scene"), "54-model-logistic-plane-375");
      await screenshot(page, "54-model-logistic-plane-page-375");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "leaves no stale figure when models are switched while a run is in flight",
    async () => {
      // A wide network: its runs take a while, so the switches land while one is in flight.
      const page = await open("?chapter=0&model=mlp&hidden=128&lr=0.05&steps=600");
      await uploadPass(page);
      await page.getByTestId("model-select").selectOption("logistic");
      await page.locator('input[data-column="b"]').check();
      await waitForModel(page);
      const plane = page.getByTestId("model-plane-chart");
      const scene = page.locator("#panel-model-scene");
      await expect.poll(() => plane.count(), { timeout: 30_000 }).toBe(1);
      // Switch without waiting: each change supersedes the run before it.
      const select = page.getByTestId("model-select");
      await select.selectOption("mlp");
      await expect.poll(() => page.locator("#panel-model-verdict").getAttribute("aria-busy")).toBe("true");
      for (const model of ["polynomial", "logistic", "mlp", "line"]) await select.selectOption(model);
      await waitForModel(page);
      await expect
        .poll(() => page.getByTestId("model-title").textContent(), { timeout: 30_000 })
        .toMatch(/^the line/);
      // The line's curve, and nothing of the plane or of the network's predictions left behind.
      expect(await plane.count()).toBe(0);
      expect(await scene.locator("path.model-diagonal").count()).toBe(0);
      expect(await scene.locator("path.model-curve").count()).toBe(1);
      // And back to logistic regression, then at once to the network: the network's predictions.
      await select.selectOption("logistic");
      await select.selectOption("mlp");
      await waitForModel(page);
      await expect
        .poll(() => page.getByTestId("model-title").textContent(), { timeout: 30_000 })
        .toMatch(/^mlp 2-128-1/);
      expect(await plane.count()).toBe(0);
      expect(await scene.locator("path.model-diagonal").count()).toBe(1);
      await page.close();
    },
    TIMEOUT,
  );
});
