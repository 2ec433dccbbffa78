/**
 * The lab in a real headless Chromium, against the built app (dist/web) served by `vite preview`:
 * what a learner does, checked the way a learner would see it. Screenshots of the main states go to
 * test-artifacts/web/ (at 1280 and 375 px wide) to be looked at.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { pngSize } from "../../render/node.js";
import { parseStrictJson } from "../../test-support/finite.js";
import {
  ARTIFACTS,
  browserAvailability,
  elementScreenshot,
  labPages,
  screenshot,
  searchParams,
  stepForVerdict,
  waitForRun,
} from "./harness.js";

const { executable, skip } = browserAvailability();
const TIMEOUT = 60_000;

describe.skipIf(skip)("the lab in Chromium", () => {
  const openPage = labPages(executable as string, TIMEOUT);

  /** A new page on the lab (with `query`), once its first run is shown (on the lesson's tab). */
  async function open(query = "", width = 1280, beforeLoad?: (page: Page) => Promise<void>): Promise<Page> {
    const page = await openPage(query, width, beforeLoad);
    if (!query.includes("tab=")) await waitForRun(page);
    return page;
  }

  const number = async (page: Page, testid: string) =>
    Number(((await page.getByTestId(testid).textContent()) ?? "").replace("−", "-"));
  const query = searchParams;

  it(
    "opens on the lesson: points, the red and green lines, the theory, and a verdict once stepped",
    async () => {
      const page = await open();
      expect(await page.locator("#panel-scene .current-line").count()).toBe(1);
      expect(await page.locator("#panel-scene .ideal-line").count()).toBe(1);
      expect(
        await page
          .locator("#panel-scene .point circle, #panel-scene circle.point, #panel-scene g.point > *")
          .count(),
      ).toBe(100);
      expect(await page.locator("#panel-theory .facts").textContent()).toContain("0.3069 = 2/λmax");
      expect(await page.getByTestId("loss-value").textContent()).toBe("15.78");
      // Predict, then check: the verdict waits for Step.
      expect(await page.getByTestId("status").textContent()).toBe(
        "Press Play or Step to see what this rate does.",
      );
      const status = await stepForVerdict(page);
      expect(await status.textContent()).toMatch(/^Too small\./);
      expect(await page.getByTestId("step-value").textContent()).toBe("1");
      await screenshot(page, "01-lesson-1280");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "steps: the loss falls and the line moves",
    async () => {
      const page = await open("?lr=0.1");
      const before = await number(page, "loss-value");
      await page.getByTestId("step").click();
      await expect.poll(() => number(page, "loss-value")).toBeLessThan(before);
      expect(await page.getByTestId("step-value").textContent()).toBe("1");
      expect(await number(page, "w-value")).toBeGreaterThan(0);
      await page.getByTestId("step").click();
      await expect.poll(() => page.getByTestId("step-value").textContent()).toBe("2");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "says a rate far above the critical one diverges",
    async () => {
      const page = await open();
      await page.getByTestId("lr-input").fill("3");
      await page.getByTestId("lr-input").press("Enter");
      await expect.poll(() => page.getByTestId("status").getAttribute("data-learning-rate")).toBe("3");
      const status = await stepForVerdict(page);
      expect(await status.textContent()).toMatch(/^Jumps out\..*critical rate 0\.3069/);
      await page.getByTestId("play").click();
      await expect.poll(() => page.getByTestId("play").textContent(), { timeout: 20_000 }).toBe("Play");
      await screenshot(page, "02-diverging-1280");
      await page.setViewportSize({ width: 375, height: 900 });
      await page.waitForTimeout(300);
      await screenshot(page, "02-diverging-375");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "plays a good rate to the end: the red line lands on the green one",
    async () => {
      const page = await open("?lr=0.2&speed=300");
      await page.getByTestId("play").click();
      await expect.poll(() => page.getByTestId("step-value").textContent(), { timeout: 20_000 }).toBe("100");
      await expect.poll(() => page.getByTestId("play").textContent()).toBe("Play");
      expect(await page.getByTestId("status").textContent()).toMatch(/^Good\./);
      expect(await number(page, "loss-value")).toBeCloseTo(0.9692, 3);
      await screenshot(page, "03-good-played-1280");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "keeps the whole state in the URL: a reload restores it exactly",
    async () => {
      const page = await open();
      await page.getByTestId("optimizer-select").selectOption("momentum");
      await page.getByTestId("lr-input").fill("0.05");
      await page.getByTestId("lr-input").press("Enter");
      await page.locator("#run-batch-size").fill("10");
      await page.locator("#run-batch-size").press("Enter");
      for (let i = 0; i < 3; i++) await page.getByTestId("step").click();
      await expect.poll(() => page.url()).toContain("at=3");
      expect(Object.fromEntries(query(page))).toEqual({
        optimizer: "momentum",
        lr: "0.05",
        "batch-size": "10",
        at: "3",
      });
      const loss = await page.getByTestId("loss-value").textContent();
      const w = await page.getByTestId("w-value").textContent();
      await page.reload();
      await expect.poll(() => page.getByTestId("loss-value").textContent()).toBe(loss);
      expect(await page.getByTestId("w-value").textContent()).toBe(w);
      expect(await page.getByTestId("step-value").textContent()).toBe("3");
      expect(await page.getByTestId("lr-input").inputValue()).toBe("0.05");
      expect(await page.getByTestId("optimizer-select").inputValue()).toBe("momentum");
      expect(await page.locator("#run-batch-size").inputValue()).toBe("10");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "tells which settings of a link it ignored, and why",
    async () => {
      const page = await open("?lr=abc&beta1=0.5");
      const notices = await page.locator("#notices").textContent();
      expect(notices).toContain('lr=abc: expected a number > 0, got "abc"; using 0.01');
      expect(notices).toContain("beta1: not a setting of optimizer sgd");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "shows a bad CSV's error inline, with its line number, and keeps the state as it was",
    async () => {
      const page = await open("?lr=0.2&at=4");
      const url = page.url();
      const loss = await page.getByTestId("loss-value").textContent();
      await page.getByTestId("csv-input").setInputFiles({
        name: "bad.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("x,y\n1,2\n3,oops\n"),
      });
      const error = page.getByTestId("error");
      await expect
        .poll(() => error.textContent())
        .toBe('bad.csv: line 3, column "y": expected a number, got "oops"');
      expect(await error.isVisible()).toBe(true);
      await page.waitForTimeout(400); // longer than the URL's write interval
      expect(page.url()).toBe(url);
      expect(await page.getByTestId("loss-value").textContent()).toBe(loss);
      expect(await page.getByTestId("data-select").inputValue()).toBe("lesson");
      await screenshot(page, "04-bad-csv-1280");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "loads a good CSV with column pickers, and keeps it across a reload of the tab",
    async () => {
      const page = await open();
      await page.getByTestId("csv-input").setInputFiles({
        name: "scores.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(
          "name,hours studied,exam score\nann,1,52\nbob,2,55\ncy,4,65\ndee,5,70\nem,6,73\n",
        ),
      });
      await expect.poll(() => page.getByTestId("x-select").inputValue()).toBe("hours studied");
      expect(await page.getByTestId("y-select").inputValue()).toBe("exam score");
      expect(await page.locator("#x-select option").allTextContents()).toEqual([
        "name",
        "hours studied",
        "exam score",
      ]);
      await expect.poll(() => query(page).get("file")).toBe("scores.csv");
      await page.reload();
      await expect
        .poll(() => page.locator(".data-summary").textContent())
        .toContain("5 points from scores.csv");
      expect(await page.getByTestId("error").isVisible()).toBe(false);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "bundles real data sets from vega-datasets: cars, with its numeric columns to pick",
    async () => {
      const page = await open();
      await page.getByTestId("data-select").selectOption("cars");
      await expect
        .poll(() => page.locator(".data-summary").textContent())
        .toMatch(/^392 points from cars\.json/);
      expect(await page.locator("#x-select option").allTextContents()).toContain("Weight_in_lbs");
      await page.getByTestId("x-select").selectOption("Weight_in_lbs");
      await expect.poll(() => query(page).get("x")).toBe("Weight_in_lbs");
      await stepForVerdict(page);
      await expect.poll(() => page.getByTestId("status").textContent()).toMatch(/^Jumps out\./);
      // Weight in pounds against miles per gallon: condition number about 1e8, and the verdict says to
      // rescale x rather than offer a rate that needs hundreds of millions of steps.
      expect(await page.getByTestId("status").textContent()).toMatch(
        /No constant rate works well here: standardize x/,
      );
      await screenshot(page, "05-cars-1280");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "lets the red line be dragged (pointer) and nudged (keyboard) to choose the start",
    async () => {
      const page = await open("?at=5");
      const handle = page.locator("#panel-scene .handle").first();
      const box = await handle.boundingBox();
      if (!box) throw new Error("no handle");
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x, y - 60, { steps: 5 });
      await page.mouse.up();
      await expect.poll(() => query(page).get("init-b")).not.toBeNull();
      expect(await page.getByTestId("step-value").textContent()).toBe("0");
      const b = Number(query(page).get("init-b"));
      await page.locator("#panel-scene .line-grip").focus();
      await page.keyboard.press("ArrowUp");
      await expect.poll(() => Number(query(page).get("init-b"))).toBeGreaterThan(b);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "exports the run as JSON and CSV, and the scene as SVG and PNG",
    async () => {
      const page = await open("?lr=0.2");
      const save = async (testid: string) => {
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByTestId(testid).click(),
        ]);
        const path = await download.path();
        return { name: download.suggestedFilename(), bytes: readFileSync(path) };
      };
      const json = await save("export-json");
      expect(json.name).toBe("lrlab-run.json");
      expect(parseStrictJson(json.bytes.toString("utf8")).value).toMatchObject({
        optimizer: { learningRate: 0.2 },
        steps: 100,
      });
      const csv = await save("export-csv");
      expect(csv.bytes.toString("utf8").split("\n")[0]).toBe("step,epoch,learningRate,loss,w,b");
      const svg = await save("save-scene-svg");
      expect(svg.name).toBe("lrlab-scene.svg");
      expect(svg.bytes.toString("utf8")).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const png = await save("save-loss-png");
      expect(png.name).toBe("lrlab-loss.png");
      expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "saves the loss and rate charts as PNGs with the step axis's last label whole, at 1280 and 375 px",
    async () => {
      for (const [width, steps, last] of [
        [1280, 100, "100"],
        [375, 100, "100"],
        [1280, 1000, "1,000"],
      ] as const) {
        const page = await open(`?chapter=0&steps=${steps}`, width);
        for (const id of ["loss", "rate"]) {
          const svg = page.locator(`#panel-${id} .chart-host svg`).first();
          // The rightmost text on the page, in the chart's own pixels: the last step's label, inside the SVG.
          const reach = await svg.evaluate((element) => {
            const frame = element.getBoundingClientRect();
            const scale = Number(element.getAttribute("width")) / frame.width;
            let right = 0;
            let label = "";
            for (const text of element.querySelectorAll("text")) {
              const box = text.getBoundingClientRect();
              if ((box.right - frame.left) * scale > right) {
                right = (box.right - frame.left) * scale;
                label = text.textContent ?? "";
              }
            }
            return { right, label, width: Number(element.getAttribute("width")) };
          });
          expect(reach.label).toBe(last);
          expect(reach.right).toBeLessThanOrEqual(reach.width - 2);
          const [download] = await Promise.all([
            page.waitForEvent("download"),
            page.getByTestId(`save-${id}-png`).click(),
          ]);
          const bytes = readFileSync(await download.path());
          const png = pngSize(bytes);
          expect(png.width).toBeGreaterThanOrEqual(2 * reach.width);
          // In the picture itself: the rightmost inked column leaves a background margin (a cut glyph
          // would reach the edge).
          const inked = await page.evaluate(async (base64) => {
            const image = new Image();
            image.src = `data:image/png;base64,${base64}`;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.naturalWidth;
            canvas.height = image.naturalHeight;
            const context = canvas.getContext("2d") as CanvasRenderingContext2D;
            context.drawImage(image, 0, 0);
            const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
            let rightmost = -1;
            for (let y = 0; y < canvas.height; y++) {
              for (let x = rightmost + 1; x < canvas.width; x++) {
                if ((data[(y * canvas.width + x) * 4] as number) < 128) rightmost = x;
              }
            }
            return rightmost;
          }, bytes.toString("base64"));
          expect(inked).toBeGreaterThan(png.width - 80); // the label is near the edge, and drawn
          expect(inked).toBeLessThan(png.width - 4);
          await download.saveAs(join(ARTIFACTS, `09-${id}-export-${width}-${steps}.png`));
        }
        await page.close();
      }
    },
    TIMEOUT,
  );

  it(
    "draws the path on the loss landscape, and starts from wherever the map is clicked",
    async () => {
      const page = await open("?lr=0.29&at=12");
      const map = page.locator("#panel-landscape svg");
      await expect
        .poll(() => page.locator("#panel-landscape path.trajectory").getAttribute("d"))
        .toMatch(/(L[^L]+){12}/);
      await map.scrollIntoViewIfNeeded();
      const box = await map.boundingBox();
      if (!box) throw new Error("no map");
      await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.3);
      await expect.poll(() => query(page).get("init-w")).not.toBeNull();
      expect(Number(query(page).get("init-b"))).toBeGreaterThan(1);
      expect(await page.getByTestId("step-value").textContent()).toBe("0");
      await screenshot(page, "08-landscape-click-1280");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "runs the LR range test in its tab, and tries a suggestion in the lesson",
    async () => {
      const page = await open("?tab=range-test");
      await expect
        .poll(() => page.locator("#panel-range-test .figure-host > svg").count(), { timeout: 20_000 })
        .toBe(1);
      const valley = page.getByTestId("use-valley");
      const rate = ((await valley.textContent()) ?? "").split(": ").at(-1) ?? "";
      await screenshot(page, "09-range-test-1280");
      await valley.click();
      await expect.poll(() => page.getByTestId("tab-lesson").getAttribute("aria-selected")).toBe("true");
      expect(Number(await page.getByTestId("lr-input").inputValue())).toBeCloseTo(Number(rate), 4);
      await expect.poll(() => query(page).get("tab")).toBeNull();
      expect(await page.locator("#tab-range-test").isHidden()).toBe(true);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "keeps the range test's labels inside its figure on a 375 px phone, each rate written as its button writes it",
    async () => {
      const page = await open("?tab=range-test", 375);
      const figure = page.locator("#panel-range-test .figure-host > svg");
      await expect.poll(() => figure.count(), { timeout: 20_000 }).toBe(1);
      // Measured by the browser, in its own font: "valley: 0.004365 (suggested)" ran 46 px past the edge.
      const outside = await figure.evaluate((svg) => {
        const frame = svg.getBoundingClientRect();
        return [...svg.querySelectorAll("text")]
          .map((text) => ({ text: text.textContent, box: text.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.left < frame.left - 1 || box.right > frame.right + 1))
          .map(({ text }) => text);
      });
      expect(outside).toEqual([]);
      await elementScreenshot(page.locator("#panel-range-test"), "09-range-test-375");
      // One rate, one way of writing it: the steep label and its button both read "5.754e−6".
      for (const name of ["valley", "steep", "minimum", "slide"]) {
        const label = (await page.locator(`#panel-range-test g.suggestion-${name} text`).textContent()) ?? "";
        const button = (await page.getByTestId(`use-${name}`).textContent()) ?? "";
        const rate = /: (\S+)/.exec(label)?.[1] ?? "none";
        expect(button.endsWith(`: ${rate}`), `${label} / ${button}`).toBe(true);
      }
      expect(await page.locator("#panel-range-test g.suggestion-steep text").textContent()).toBe(
        "steep: 5.754e−6",
      );
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "respects prefers-reduced-motion: playing changes the picture a few times a second, not sixty",
    async () => {
      const page = await open("?lr=0.1&speed=60&steps=1000", 1280, (fresh) =>
        fresh.emulateMedia({ reducedMotion: "reduce" }),
      );
      const seen = await page.evaluate(async () => {
        const values = new Set<string>();
        const step = document.querySelector("[data-testid=step-value]") as HTMLElement;
        (document.querySelector("[data-testid=play]") as HTMLButtonElement).click();
        const start = performance.now();
        while (performance.now() - start < 1000) {
          values.add(step.textContent ?? "");
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
        return [...values];
      });
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.length).toBeLessThanOrEqual(6);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "fits a 375 px wide phone without sideways scrolling",
    async () => {
      const page = await open("?lr=0.2&at=10", 375);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await screenshot(page, "06-lesson-375");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "draws many points on a canvas, and plays 100,000 of them",
    async () => {
      const page = await open("?data=noisy&points=100000&lr=0.1&speed=120");
      expect(await page.locator("#panel-scene canvas.underlay").count()).toBe(1);
      await page.getByTestId("play").click();
      await expect.poll(() => page.getByTestId("play").textContent(), { timeout: 20_000 }).toBe("Play");
      expect(await page.getByTestId("step-value").textContent()).toBe("100");
      await screenshot(page, "07-100k-points-1280");
      await page.close();
    },
    TIMEOUT,
  );
});
