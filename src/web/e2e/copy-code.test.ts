/**
 * "Copy as TF.js" and "Copy as Keras" in a real headless Chromium, against the built app: the copied text is
 * the script `lrlab export` prints for the same settings (the real CLI), for the lesson's line and for a
 * network beyond the line; the clipboard refused leaves the code in a text box; a refused plan disables the
 * buttons with the core's reason; a phone's width and the keyboard alone reach them.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { lrlab, lrlabJson } from "../../test-support/cli.js";
import { browserAvailability, elementScreenshot, labPages } from "./harness.js";

const { executable, skip } = browserAvailability();
const TIMEOUT = 90_000;

/**
 * The script less what may differ between the faces: its first comment (where it came from: the lab's
 * link, or the fit command) and the built-in data's description (the lesson names it its own way).
 */
const comparable = (script: string) =>
  script
    .split("\n")
    .slice(1)
    .map((line) => line.replace(/^(\/\/|#) lrlab's built-in data: ".*", written in\.$/, "$1 built-in data"))
    .join("\n");

/** What `lrlab export` prints for these flags (the real CLI). */
function cliScript(format: "tfjs" | "keras", flags: readonly string[]): string {
  const result = lrlab(["export", "--format", format, ...flags]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return result.stdout;
}

/** Lets the page write to and read from the clipboard, as a learner's browser does after a click. */
async function allowClipboard(page: Page): Promise<void> {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: new URL(page.url()).origin,
  });
}

/** Waits until the button is enabled (the run on screen was checked by the export plan). */
async function enabled(page: Page, testid: string): Promise<void> {
  await expect.poll(() => page.getByTestId(testid).isEnabled(), { timeout: 30_000 }).toBe(true);
}

/** Clicks a copy button and returns what landed on the clipboard, after the "Copied" confirmation. */
async function copied(page: Page, prefix: string, format: "tfjs" | "keras"): Promise<string> {
  await enabled(page, `${prefix}-copy-${format}`);
  await page.getByTestId(`${prefix}-copy-${format}`).click();
  await expect
    .poll(() => page.getByTestId(`${prefix}-copy-note`).textContent(), { timeout: 30_000 })
    .toMatch(/^Copied the (TF\.js|Keras) script \(\d+ lines\) to the clipboard: the whole run, .+\.$/);
  return page.evaluate(() => navigator.clipboard.readText());
}

describe.skipIf(skip)("Copy as TF.js / Keras in Chromium", () => {
  const open = labPages(executable as string, TIMEOUT);

  it(
    "copies the lesson's line as the script lrlab export prints for the same settings",
    async () => {
      const page = await open("?chapter=0&lr=0.05&steps=80");
      await allowClipboard(page);
      const tfjs = await copied(page, "lesson", "tfjs");
      expect(tfjs.split("\n")[0]).toMatch(
        /^\/\/ Exported by lrlab: the web lab, http:\/\/127\.0\.0\.1:\d+\/\?.*lr=0\.05/,
      );
      const flags = ["--lr", "0.05", "--steps", "80"];
      expect(comparable(tfjs)).toBe(comparable(cliScript("tfjs", flags)));
      expect(tfjs).toContain("SGD, constant rate 0.05, full batch of 100, 80 updates");
      // The confirmation names the whole run the script reproduces, with lrlab's final loss to every digit.
      const fit = lrlabJson(["fit", ...flags]);
      expect(await page.getByTestId("lesson-copy-note").textContent()).toBe(
        `Copied the TF.js script (${tfjs.split("\n").length} lines) to the clipboard: the whole run, 80 steps: lrlab's final loss ${String(fit.final.loss)}.`,
      );
      const keras = await copied(page, "lesson", "keras");
      expect(keras).toContain("keras.optimizers.SGD(");
      expect(comparable(keras)).toBe(comparable(cliScript("keras", flags)));
      await elementScreenshot(page.locator("#panel-share"), "copy-code-lesson");
    },
    TIMEOUT,
  );

  it(
    "copies a network beyond the line, its starting weights and schedule as lrlab export writes them",
    async () => {
      const page = await open(
        "?tab=models&chapter=0&model=mlp&lr=0.1&steps=120&schedule=exponential&decay-steps=40&decay-rate=0.5&optimizer=adam&batch-size=32",
      );
      await allowClipboard(page);
      const tfjs = await copied(page, "model", "tfjs");
      const keras = await copied(page, "model", "keras");
      const flags = [
        "--model",
        "mlp",
        "--lr",
        "0.1",
        "--steps",
        "120",
        "--schedule",
        "exponential",
        "--decay-steps",
        "40",
        "--decay-rate",
        "0.5",
        "--optimizer",
        "adam",
        "--batch-size",
        "32",
      ];
      expect(tfjs).toMatch(/mlp 1-16-1/);
      expect(comparable(tfjs)).toBe(comparable(cliScript("tfjs", flags)));
      expect(keras).toContain("keras.optimizers.schedules.ExponentialDecay(");
      expect(comparable(keras)).toBe(comparable(cliScript("keras", flags)));
      await elementScreenshot(page.locator("#panel-model-export"), "copy-code-model");
    },
    TIMEOUT,
  );

  it(
    "at 375 px and by keyboard alone: an upload is read by its file name, a refused clipboard leaves the code to copy",
    async () => {
      const page = await open("?lr=0.01&steps=50", 375, async (page) => {
        // A browser that refuses the clipboard (permissions, an insecure origin).
        await page.addInitScript(() => {
          navigator.clipboard.writeText = () => Promise.reject(new Error("denied"));
        });
      });
      const csv = "name,hours studied,exam score\nann,1,52\nbob,2,55\ncy,4,65\ndee,5,70\nem,6,73\n";
      await page.getByTestId("csv-input").setInputFiles({
        name: "scores.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv),
      });
      await expect.poll(() => page.getByTestId("x-select").inputValue()).toBe("hours studied");
      await enabled(page, "lesson-copy-keras");
      // Tab from the top of the page to the button, then Enter.
      await page.locator("body").focus();
      let guard = 0;
      while (
        (await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) !==
        "lesson-copy-keras"
      ) {
        await page.keyboard.press("Tab");
        if (++guard > 150) throw new Error("Copy as Keras is not reachable by Tab");
      }
      await page.keyboard.press("Enter");
      const code = page.getByTestId("lesson-code");
      await expect.poll(() => code.isVisible(), { timeout: 30_000 }).toBe(true);
      expect(await page.getByTestId("lesson-copy-note").textContent()).toMatch(
        /^The clipboard was refused: the Keras script of the whole run, 50 steps: lrlab's final loss \d[\d.e-]* is below, selected; copy it by hand\.$/,
      );
      // The box names the script, opens at its first line, and is tall enough to read.
      expect(await page.locator('label[for="lesson-code"]').textContent()).toMatch(
        /^The Keras script \(\d+ lines; select it and copy\):$/,
      );
      expect(await code.evaluate((box) => (box as HTMLTextAreaElement).scrollTop)).toBe(0);
      expect(await code.evaluate((box) => (box as HTMLTextAreaElement).selectionStart)).toBe(0);
      expect((await code.boundingBox())?.height ?? 0).toBeGreaterThan(250);
      // The text box has the focus, its code selected, and fits the phone's width.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("lesson-code");
      const box = await code.boundingBox();
      expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 1000)).toBeLessThanOrEqual(375);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await elementScreenshot(page.locator("#panel-share"), "copy-code-fallback-375");
      const keras = await code.inputValue();
      // The CLI reads the same file; its script names the path it was given, the lab's the file's name.
      const dir = mkdtempSync(join(tmpdir(), "lrlab-copy-"));
      writeFileSync(join(dir, "scores.csv"), csv);
      const flags = [
        "--data",
        "scores.csv",
        "--x",
        "hours studied",
        "--y",
        "exam score",
        "--lr",
        "0.01",
        "--steps",
        "50",
      ];
      const result = lrlab(["export", "--format", "keras", ...flags], dir);
      expect(result.stderr).toBe("");
      const cli = result.stdout.replaceAll(
        JSON.stringify(join(dir, "scores.csv")),
        JSON.stringify("scores.csv"),
      );
      expect(keras).toContain('"scores.csv"');
      expect(comparable(keras)).toBe(comparable(cli));
    },
    TIMEOUT,
  );

  it(
    "disables the buttons with the core's reason when the plan refuses the run (the plateau schedule)",
    async () => {
      const page = await open("?schedule=plateau");
      const button = page.getByTestId("lesson-copy-tfjs");
      await expect
        .poll(() => button.getAttribute("title"), { timeout: 30_000 })
        .toMatch(/^the "plateau" schedule cannot be exported yet: its rate follows the epoch's loss/);
      expect(await button.isDisabled()).toBe(true);
      expect(await page.getByTestId("lesson-copy-keras").isDisabled()).toBe(true);
      expect(await page.getByTestId("lesson-copy-note").textContent()).toMatch(
        /^Copy is off: the "plateau" schedule/,
      );
      // The other schedules are exported: back to constant, the buttons come back.
      await page.getByTestId("schedule-select").selectOption("constant");
      await enabled(page, "lesson-copy-tfjs");
    },
    TIMEOUT,
  );

  it(
    "is off, saying why beside the buttons, while the run of the settings on screen is computing; then copies those settings",
    async () => {
      const page = await open("?tab=models&chapter=0&model=mlp&hidden=64&steps=5000&lr=0.01");
      await allowClipboard(page);
      await enabled(page, "model-copy-tfjs");
      const rate = page.locator("#tab-models").getByLabel("learning rate", { exact: true });
      await rate.fill("0.05");
      await rate.press("Enter");
      // At once, before the 5000 steps are computed: the previous run must not be copied under the new link.
      expect(await page.getByTestId("model-copy-tfjs").isDisabled()).toBe(true);
      expect(await page.getByTestId("model-copy-keras").isDisabled()).toBe(true);
      const note = page.getByTestId("model-copy-note");
      expect(await note.textContent()).toBe(
        "Copy is off: the run of these settings is still computing; copy once it is on screen.",
      );
      expect(await note.isVisible()).toBe(true);
      expect(await page.getByTestId("model-copy-tfjs").getAttribute("aria-describedby")).toBe(
        "model-copy-note",
      );
      const keras = await copied(page, "model", "keras");
      expect(keras.split("\n")[0]).toMatch(/[?&]lr=0\.05(&|$)/);
      expect(keras).toContain("learning_rate = 0.05");
      expect(keras.split("\n")[1]).toContain("SGD, constant rate 0.05,");
    },
    TIMEOUT,
  );

  it(
    "is off with the core's reason when the settings from a link cannot run, and while a field holds a refused value",
    async () => {
      const page = await open("?tab=models&chapter=0&model=mlp&hidden=4096,4096&steps=20");
      const note = page.getByTestId("model-copy-note");
      await expect
        .poll(() => note.textContent(), { timeout: 30_000 })
        .toMatch(/^Copy is off: these settings cannot run: .*parameters/);
      expect(await page.getByTestId("model-copy-tfjs").isDisabled()).toBe(true);
      // Valid settings: the buttons come back; a refused steps value turns them off, naming the field.
      const hidden = page.getByLabel("hidden layers", { exact: true });
      await hidden.fill("4");
      await hidden.press("Enter");
      await enabled(page, "model-copy-tfjs");
      const steps = page.locator("#tab-models").getByLabel("steps", { exact: true });
      await steps.fill("0");
      await steps.press("Enter");
      await expect
        .poll(() => note.textContent(), { timeout: 10_000 })
        .toBe("Copy is off: “steps” holds a value that was refused; fix it or put it back.");
      expect(await page.getByTestId("model-copy-keras").isDisabled()).toBe(true);
      await elementScreenshot(page.locator("#panel-model-export"), "copy-code-refused-field");
      await steps.fill("20");
      await steps.press("Enter");
      await enabled(page, "model-copy-keras");
    },
    TIMEOUT,
  );

  it(
    "fills a schedule's unset length from the run as lrlab fit does: one-cycle over 300 steps runs and copies as the CLI writes it",
    async () => {
      const page = await open("?chapter=0&schedule=one-cycle&steps=300&lr=0.05");
      await allowClipboard(page);
      // The field is empty and says what it stands for; the run is not refused for a stale total of 100.
      const total = page.locator("#schedule-total-steps");
      await expect
        .poll(() => total.getAttribute("placeholder"), { timeout: 30_000 })
        .toBe("300: spans the run");
      expect(await total.inputValue()).toBe("");
      const keras = await copied(page, "lesson", "keras");
      expect(keras).toContain("total_steps=300");
      const flags = ["--schedule", "one-cycle", "--steps", "300", "--lr", "0.05"];
      expect(comparable(keras)).toBe(comparable(cliScript("keras", flags)));
      // The steps change, and the length follows them.
      const steps = page.locator("#run-steps");
      await steps.fill("120");
      await steps.press("Enter");
      await expect.poll(() => total.getAttribute("placeholder")).toBe("120: spans the run");
      await elementScreenshot(page.locator("#panel-settings"), "copy-code-schedule-length");
    },
    TIMEOUT,
  );
});
