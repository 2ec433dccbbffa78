/**
 * Report pages read on a phone: opened in headless Chromium at 375 px, the page never scrolls sideways;
 * a wide sweep table scrolls inside itself (report 12, item 15). The pages come from the real binary.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { lrlab, scratchDirectory } from "../../test-support/cli.js";
import { browserAvailability, launchBrowser } from "../../web/e2e/harness.js";

const { executable, skip } = browserAvailability();
const work = scratchDirectory("report-narrow");

describe.skipIf(skip)("report pages at 375 px", () => {
  it("the mlp report with its sweep table does not scroll sideways", async () => {
    const out = join(work, "rep-mlp.html");
    const result = lrlab(["report", "--model", "mlp", "--track-sharpness", "50", "--out", out]);
    expect(result.status).toBe(0);
    const browser = await launchBrowser(executable as string);
    try {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 375, height: 812 });
      await page.goto(pathToFileURL(out).href);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      // The table is still wider than the screen: it scrolls inside itself, all of it reachable.
      const table = await page.evaluate(() => {
        const element = document.querySelector("table");
        return element ? { scroll: element.scrollWidth, client: element.clientWidth } : null;
      });
      expect(table).not.toBeNull();
      expect(table?.client).toBeLessThanOrEqual(375);
      await page.screenshot({ path: join(work, "rep-mlp-375.png"), fullPage: false });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
