/**
 * The page and `lrlab fit --json` give the same numbers on the same uploaded file, in a real headless
 * Chromium against the built app. The run is chaotic on purpose (logistic regression far above its stable
 * rate), so a last-bit difference anywhere (Chromium's Math.exp and Math.log round differently from
 * Node's; core/portable-math.ts) grows into a different final loss.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { lrlabJson } from "../../test-support/cli.js";
import { formatNumber } from "../words.js";
import { browserAvailability, labPages } from "./harness.js";

const { executable, skip } = browserAvailability();
const TIMEOUT = 120_000;

/**
 * 60 rows of a, b, c drawn uniformly with 17 significant digits (none exact in float32) and a 0/1 label
 * from a logistic model (a fresh-eyes tester's file, issue 12): at rate 5 on a and c, the run is chaotic.
 */
const CSV = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), "fixtures/chaotic-logistic.csv"),
  "utf8",
);

async function finalLossShown(page: Page): Promise<string> {
  const facts = page.locator("#panel-model-verdict dd");
  await expect.poll(async () => (await facts.allTextContents()).join("\n"), { timeout: 60_000 }).toMatch(/→/);
  const text = (await facts.allTextContents()).join("\n");
  const match = /loss \S+ → (\S+)/.exec(text);
  if (!match) throw new Error(`no final loss in ${text}`);
  return match[1] as string;
}

describe.skipIf(skip)("the page and the CLI on one uploaded file", () => {
  const open = labPages(executable as string, TIMEOUT);
  const work = mkdtempSync(join(tmpdir(), "lrlab-agree-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it(
    "give the same final loss to every digit shown on a chaotic logistic run",
    async () => {
      const csv = CSV;
      writeFileSync(join(work, "chaos.csv"), csv);
      const settings = { lr: "5", steps: "100" };
      const cli = lrlabJson(
        ["fit", "--data", "chaos.csv", "--model", "logistic", "--x", "a", "--x", "c", "--y", "label"].concat([
          "--lr",
          settings.lr,
          "--steps",
          settings.steps,
        ]),
        work,
      );
      const page = await open("?chapter=0");
      await page.getByTestId("csv-input").setInputFiles({
        name: "chaos.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv),
      });
      await expect.poll(() => page.getByTestId("x-select").inputValue()).toBe("a");
      await page.getByTestId("y-select").selectOption("label");
      await expect
        .poll(() => new URL(page.url()).searchParams.get("file"), { timeout: 10_000 })
        .toBe("chaos.csv");
      const url = new URL(page.url());
      for (const [key, value] of Object.entries({
        tab: "models",
        y: "label",
        model: "logistic",
        features: '["c"]',
        ...settings,
      })) {
        url.searchParams.set(key, value);
      }
      await page.goto(url.toString());
      expect(cli.status).not.toBe("diverged");
      expect(await finalLossShown(page)).toBe(formatNumber(cli.final.loss));
      await page.close();
    },
    TIMEOUT,
  );
  it(
    "give the same losses for a network under BCE (mlp-loss=bce, as --model mlp --loss bce) on 0/1 labels",
    async () => {
      writeFileSync(join(work, "chaos.csv"), CSV);
      const cli = lrlabJson(
        ["fit", "--data", "chaos.csv", "--model", "mlp", "--loss", "bce", "--hidden", "8"].concat([
          "--x",
          "a",
          "--x",
          "c",
          "--y",
          "label",
          "--lr",
          "0.5",
          "--steps",
          "120",
        ]),
        work,
      );
      const page = await open("?chapter=0");
      await page.getByTestId("csv-input").setInputFiles({
        name: "chaos.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(CSV),
      });
      await expect.poll(() => page.getByTestId("x-select").inputValue()).toBe("a");
      await page.getByTestId("y-select").selectOption("label");
      await expect.poll(() => new URL(page.url()).searchParams.get("y"), { timeout: 10_000 }).toBe("label");
      await page.getByTestId("tab-models").click();
      await page.getByTestId("model-select").selectOption("mlp");
      const picker = page.locator("#panel-model-picker");
      await picker.getByLabel("hidden layers", { exact: true }).fill("8");
      await picker.getByLabel("hidden layers", { exact: true }).press("Enter");
      await page.locator('input[data-column="c"]').check();
      // The loss is chosen on this tab: the shared one (MSE) by default, BCE on a sigmoid output here.
      const loss = picker.getByLabel("loss", { exact: true });
      expect(await loss.inputValue()).toBe("shared");
      await loss.selectOption("bce");
      const rate = picker.getByLabel("learning rate", { exact: true });
      await rate.fill("0.5");
      await rate.press("Enter");
      const steps = picker.getByLabel("steps", { exact: true });
      await steps.fill("120");
      await steps.press("Enter");
      await expect.poll(() => new URL(page.url()).searchParams.get("mlp-loss")).toBe("bce");
      await expect.poll(() => new URL(page.url()).searchParams.get("steps")).toBe("120");
      const facts = page.locator("#panel-model-verdict dd");
      const expected = `loss ${formatNumber(cli.initial.loss)} → ${formatNumber(cli.final.loss)}`;
      await expect
        .poll(async () => (await facts.allTextContents()).join("\n"), { timeout: 60_000 })
        .toContain(expected);
      const text = (await facts.allTextContents()).join("\n");
      expect(text).toContain("33 parameters, loss BCE");
      expect(text).toContain("y as given (every y is 0 or 1)");
      await page.close();
    },
    TIMEOUT,
  );
});
