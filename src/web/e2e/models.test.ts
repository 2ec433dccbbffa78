/**
 * The Beyond the line tab in a real headless Chromium, against the built app: picking a network and
 * seeing its sharpness meet 2/η and the verdict's words, logistic regression's boundary, the picker by
 * keyboard alone, a phone's width, and column names that look like HTML. Screenshots go to
 * test-artifacts/web/ to be looked at.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  browserAvailability,
  elementScreenshot,
  labPages,
  screenshot,
  searchParams,
  waitForModel,
} from "./harness.js";

const { executable, skip } = browserAvailability();
const TIMEOUT = 60_000;

/** Types `value` into a field and commits it with Enter, as a learner does. */
async function commit(page: Page, id: string, value: string): Promise<void> {
  const field = page.locator(`#${id}`);
  await field.fill(value);
  await field.press("Enter");
}

describe.skipIf(skip)("the Beyond the line tab in Chromium", () => {
  const open = labPages(executable as string, TIMEOUT);
  const query = searchParams;

  it(
    "picks a network, runs it, and shows its sharpness beside 2/η and the verdict's words",
    async () => {
      const page = await open("?tab=models&chapter=0&at=3");
      const status = await waitForModel(page, "converging");
      // The line stays the default, and the lesson's: its critical rate is the lesson's exact 0.3069.
      expect(await page.getByTestId("model-select").inputValue()).toBe("line");
      expect(await page.getByTestId("model-critical").textContent()).toMatch(
        /^2\/λmax = 0\.3069 at the start \(exact/,
      );

      await page.getByTestId("model-select").selectOption("mlp");
      await expect.poll(() => query(page).get("model")).toBe("mlp");
      // A model is the tab's own setting: the lesson's run (and its step on show) are untouched.
      expect(query(page).get("at")).toBe("3");
      await commit(page, "model-shared-lr", "0.1");
      await commit(page, "model-shared-steps", "300");
      await expect.poll(() => query(page).get("steps")).toBe("300");
      await waitForModel(page, "oscillating");
      expect(query(page).get("lr")).toBe("0.1");
      expect(await page.getByTestId("model-title").textContent()).toBe(
        "mlp 1-16-1 (tanh), 49 parameters, loss MSE",
      );
      expect(await status.textContent()).toBe(
        // λmax 20.88 at the end is above 2/η = 20: the words say so, with the numbers (report tester12-cli-3 #10).
        "Above the bound at the end (edge of stability): λmax = 20.88 at the end sets the bound lr < 0.09578, and lr 0.1 is past it (η·λmax = 2.088), yet the run did not blow up (decided by the sharpness measured at the end of the run)",
      );
      const words = await page.getByTestId("model-words").textContent();
      expect(words).toContain("the edge of stability (Cohen et al. 2021)");
      expect(await page.getByTestId("model-rate").textContent()).toBe("0.1");
      expect(await page.getByTestId("model-critical").textContent()).toMatch(
        /^2\/λmax = 0\.08352 at the start \(measured, λmax = 23\.95\)$/,
      );

      // The sharpness chart: λmax at the 51 measured steps (every 6 of 300), 2/η = 20 labelled where drawn.
      const chart = page.getByTestId("model-curves-chart");
      const texts = await chart.locator("text").allTextContents();
      expect(texts).toContain("2/η = 20");
      expect(texts).toContain("λmax");
      expect(texts).toContain("sharpness λmax");
      expect(await chart.locator("svg").nth(1).locator("circle").count()).toBe(51);
      expect(await page.getByTestId("model-curves-caption").textContent()).toContain(
        "measured every 6 steps and at the last (51 measurements) by power iteration on exact Hessian-vector products",
      );
      await elementScreenshot(page.locator("#panel-model-curves"), "40-model-mlp-curves-1280");
      await elementScreenshot(page.locator("#panel-model-scene"), "41-model-mlp-scene-1280");
      await screenshot(page, "42-model-mlp-1280");

      // Both charts export as one figure.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("save-model-curves-svg").click(),
      ]);
      expect(download.suggestedFilename()).toBe("lrlab-model-curves.svg");
      const svg = readFileSync(await download.path()).toString("utf8");
      expect(svg).toContain("2/η = 20");
      expect(svg).toContain("loss MSE (log scale)");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "draws a network's loss on a random plane through its final weights, with the run's path on it",
    async () => {
      const page = await open("?tab=models&chapter=0&model=mlp&lr=0.1&steps=100");
      await waitForModel(page);
      const panel = page.locator("#panel-model-landscape");
      const chart = page.getByTestId("model-landscape-chart");
      await expect.poll(() => chart.count(), { timeout: 20_000 }).toBe(1);
      const texts = await chart.locator("text").allTextContents();
      // The CLI's figure: its title (shortened to what fits the figure, the directions then in the
      // subtitle), axes and legend, the seed of the directions in the subtitle.
      expect(texts).toContain("The loss on a plane through the final weights");
      expect(texts.some((text) => text.startsWith("random filter-normalized directions, seed 0 · "))).toBe(
        true,
      );
      expect(texts.some((text) => text.startsWith("α (random direction 1)"))).toBe(true);
      expect(texts).toContain("the run's path, projected");
      // Contours over the map, and the path: a line through the 101 recorded steps' projections.
      expect(await chart.locator("path").count()).toBeGreaterThan(10);
      expect(await page.getByTestId("model-landscape-caption").textContent()).toContain(
        "mlp 1-16-1 (tanh) has 49 parameters",
      );
      await elementScreenshot(panel, "45-model-mlp-landscape-1280");

      // At 0.1 a quadratic in x blows up: no final weights, no slice, and the caption says why.
      await page.getByTestId("model-select").selectOption("polynomial");
      await expect
        .poll(() => page.getByTestId("model-landscape-caption").textContent(), { timeout: 20_000 })
        .toMatch(/^The run diverged, so it has no final weights to slice through/);
      expect(await chart.count()).toBe(0);
      // A newer setting replaces the slice: a polynomial's is along the Hessian's directions.
      await commit(page, "model-shared-lr", "0.001");
      await expect
        .poll(async () => (await chart.locator("text").allTextContents()).join(" "), { timeout: 20_000 })
        .toContain("the Hessian's top two eigenvectors");
      // The line has two parameters: no slice, and the caption says where its whole landscape is.
      await page.getByTestId("model-select").selectOption("line");
      await expect.poll(() => chart.count(), { timeout: 20_000 }).toBe(0);
      expect(await page.getByTestId("model-landscape-caption").textContent()).toContain(
        "the Lesson tab draws this very surface over (w, b)",
      );
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "fits linear regression on two columns of the cars, standardized, by keyboard alone, predicted against actual",
    async () => {
      const page = await open("?tab=models&chapter=0&data=cars&lr=0.1&steps=200");
      await waitForModel(page);
      await page.getByTestId("tab-models").focus();
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("model-select");
      await page.keyboard.press("ArrowDown");
      await expect.poll(() => query(page).get("model")).toBe("linear");
      // Horsepower is the x (ticked, fixed); the next box is the first other numeric column.
      const boxes = page.getByTestId("model-features").locator("input[type=checkbox]");
      await expect.poll(() => boxes.count()).toBeGreaterThan(2);
      expect(await boxes.first().isDisabled()).toBe(true);
      const weight = page.locator('input[data-column="Weight_in_lbs"]');
      await page.keyboard.press("Tab");
      let guard = 0;
      while (
        (await page.evaluate(() => document.activeElement?.getAttribute("data-column"))) !== "Weight_in_lbs"
      ) {
        await page.keyboard.press("Tab");
        if (++guard > 20) throw new Error("the Weight_in_lbs box is not reachable by Tab");
      }
      await page.keyboard.press("Space");
      await expect.poll(() => query(page).get("features")).toBe('["Weight_in_lbs"]');
      expect(await weight.isChecked()).toBe(true);
      // Then standardize, by Tab and Space.
      guard = 0;
      while ((await page.evaluate(() => document.activeElement?.id)) !== "model-standardize") {
        await page.keyboard.press("Tab");
        if (++guard > 30) throw new Error("standardize is not reachable by Tab");
      }
      await page.keyboard.press("Space");
      await expect.poll(() => query(page).get("standardize")).toBe("true");
      await waitForModel(page);
      await expect
        .poll(() => page.getByTestId("model-title").textContent(), { timeout: 20_000 })
        .toMatch(/3 parameters, loss MSE$/);
      // Predicted against actual, the diagonal of perfect predictions drawn, the columns named.
      const scene = page.locator("#panel-model-scene");
      expect(await scene.locator("path.model-diagonal").count()).toBe(1);
      const legend = await page.getByTestId("model-scene-legend").textContent();
      expect(legend).toContain("predicted against actual Miles_per_Gallon");
      expect(legend).toContain("“Horsepower”, “Weight_in_lbs”");
      const axes = await scene.locator("svg text").allTextContents();
      expect(axes.some((text) => text.includes("predicted Miles_per_Gallon"))).toBe(true);
      // Three parameters: a plane along the Hessian's directions.
      const chart = page.getByTestId("model-landscape-chart");
      await expect
        .poll(async () => (await chart.locator("text").allTextContents()).join(" "), { timeout: 20_000 })
        .toContain("the Hessian's top two eigenvectors");
      await elementScreenshot(scene, "47-model-linear-scene-1280");
      await elementScreenshot(page.locator("#panel-model-picker"), "49-model-linear-picker-1280");
      await elementScreenshot(page.locator("#panel-model-verdict"), "50-model-linear-verdict-1280");
      await screenshot(page, "48-model-linear-1280");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "draws momentum's own bound 2(1 + β)/η beside 2/η, and says Adam has none",
    async () => {
      const page = await open("?tab=models&chapter=0&model=mlp&optimizer=momentum&lr=0.05&steps=100");
      await waitForModel(page);
      const texts = await page.getByTestId("model-curves-chart").locator("text").allTextContents();
      expect(texts).toContain("2/η = 40");
      expect(texts).toContain("2(1 + β)/η = 76");
      expect(await page.getByTestId("model-curves-caption").textContent()).toContain(
        "Shaded: above 2(1 + β)/η (momentum β = 0.9)",
      );
      await page.getByTestId("model-optimizer").selectOption("adam");
      await expect
        .poll(() => page.getByTestId("model-critical").textContent(), { timeout: 20_000 })
        .toMatch(/^none for Adam, which rescales its steps/);
      expect(await page.getByTestId("model-curves-caption").textContent()).toContain(
        "Adam rescales its steps per weight, so λmax sets it no bound",
      );
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "fits logistic regression to y above its median, with the decision boundary marked and named",
    async () => {
      const page = await open("?tab=models&chapter=0&model=logistic&lr=1&steps=300");
      await waitForModel(page, "converging");
      const scene = page.locator("#panel-model-scene");
      expect(await scene.locator("line.decision-boundary").count()).toBe(1);
      const label = (await scene.locator("text.boundary-label").textContent()) ?? "";
      expect(label).toMatch(/^p = 0\.5 at 1\.\d+$/);
      const legend = await page.getByTestId("model-scene-legend").textContent();
      expect(legend).toContain("labels (1: y above its median");
      expect(legend).toContain(label.replace("p = 0.5 at ", "p = 0.5 at x = "));
      // The picker says which labels, and that logistic regression's loss is BCE whatever the lesson's.
      expect(await page.locator("#model-select-hint").textContent()).toContain(
        "otherwise 1 where y is above its median and 0 elsewhere",
      );
      expect(await page.getByTestId("model-shared-rest").textContent()).toMatch(/^loss BCE/);
      await elementScreenshot(scene, "43-model-logistic-scene-1280");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "reaches the picker by keyboard alone: a model, then its degree, committed with Enter",
    async () => {
      const page = await open("?tab=models&chapter=0");
      await waitForModel(page);
      await page.getByTestId("tab-models").focus();
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("model-select");
      // The select's label names it for assistive technology.
      expect(await page.getByLabel("model", { exact: true }).getAttribute("id")).toBe("model-select");
      await page.keyboard.press("ArrowDown");
      await expect.poll(() => query(page).get("model")).toBe("linear");
      // The built-in data has one x: linear regression's boxes say where to find more.
      expect(await page.locator("#model-features-hint").textContent()).toMatch(
        /has one x column: pick a bundled/,
      );
      await page.keyboard.press("ArrowDown");
      await expect.poll(() => query(page).get("model")).toBe("polynomial");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("model-degree");
      await page.keyboard.press("Control+A");
      await page.keyboard.type("3");
      await page.keyboard.press("Enter");
      await expect.poll(() => query(page).get("degree")).toBe("3");
      await waitForModel(page);
      await expect
        .poll(() => page.getByTestId("model-title").textContent())
        .toBe("polynomial of degree 3, 4 parameters, loss MSE");
      // A width a network cannot have is refused beside the field, and nothing changes.
      await page.getByTestId("model-select").selectOption("mlp");
      await commit(page, "model-hidden", "8,0");
      expect(await page.locator("#model-hidden-problem").textContent()).toMatch(
        /^expected 1 to 8 layer widths from 1 to 4096/,
      );
      expect(query(page).get("hidden")).toBeNull();
      // The CLI's limits, with a note on the cost of a large network rather than a lower limit.
      await commit(page, "model-hidden", "512,512");
      await expect.poll(() => query(page).get("hidden")).toBe("512,512");
      expect(await page.locator("#model-hidden-hint").textContent()).toMatch(
        /up to 8 layers of 4,096, as the CLI\): 264,193 parameters: 100 steps on 100 points take about 16 s here/,
      );
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "fits 375 px without sideways scrolling, the tab in sight, the picker first",
    async () => {
      for (const model of ["mlp", "logistic"]) {
        const page = await open(`?tab=models&model=${model}&lr=0.1`, 375);
        await waitForModel(page);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, model).toBe(0);
        // Every tab in sight on a phone, the first ones too (they wrap rather than scroll away).
        for (const id of ["lesson", "race", "guessing", "range-test", "models"]) {
          const tab = (await page.getByTestId(`tab-${id}`).boundingBox()) as { x: number; width: number };
          expect(tab.x, `${model}: ${id}`).toBeGreaterThanOrEqual(0);
          expect(tab.x + tab.width, `${model}: ${id}`).toBeLessThanOrEqual(375);
        }
        // Every picture drawn inside the page's width: each chart clips its paths to its frame.
        const beyond = await page.evaluate(() =>
          [...document.querySelectorAll("#tab-models svg path, #tab-models svg line")]
            .map((element) => {
              const box = element.getBoundingClientRect();
              const section = element.closest("section")?.id ?? "";
              return { section, right: Math.round(box.right), left: Math.round(box.left), width: box.width };
            })
            .filter(({ right, left, width }) => width > 0 && (right > 375 || left < 0)),
        );
        expect(beyond, model).toEqual([]);
        const picker = await page.locator("#panel-model-picker").boundingBox();
        const verdict = await page.locator("#panel-model-verdict").boundingBox();
        expect(picker && verdict && picker.y < verdict.y, model).toBe(true);
        await screenshot(page, `44-model-${model}-375`);
        if (model === "mlp") {
          await expect.poll(() => page.getByTestId("model-landscape-chart").count()).toBe(1);
          await elementScreenshot(page.locator("#panel-model-landscape"), "46-model-mlp-landscape-375");
        }
        await page.close();
      }
    },
    TIMEOUT,
  );

  it(
    "writes a CSV's column names that look like HTML as text, never as markup",
    async () => {
      const page = await open("?chapter=0");
      const x = '<img src=x onerror="window.pwned=1">';
      const y = "<b>score</b>";
      await page.getByTestId("csv-input").setInputFiles({
        name: "tricky.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(`"${x.replaceAll('"', '""')}",${y}\n1,2\n2,4.5\n3,5.5\n4,8\n5,9.5\n`),
      });
      await expect.poll(() => page.getByTestId("x-select").inputValue()).toBe(x);
      await page.getByTestId("tab-models").click();
      await page.getByTestId("model-select").selectOption("logistic");
      await waitForModel(page);
      expect(await page.locator("#tab-models img, #tab-models b").count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      const axes = await page.locator("#panel-model-scene svg text").allTextContents();
      expect(axes).toContain(x);
      expect(await page.getByTestId("model-scene-legend").textContent()).toContain(`${x} = `);
      await page.close();
    },
    TIMEOUT,
  );
});
