/**
 * The verification round's find-lr findings, through the real binary: a ramp that blew up before its loss
 * fell suggests no rate (it had suggested its starting rate, 599× the critical rate), and --validate on a
 * loss with no finite minimum does not rank rates as if one could be best.
 */
import { describe, expect, it } from "vitest";
import { lrlab, lrlabJson, scratchDirectory } from "../test-support/cli.js";
import { slantedFlags, writeSlantedCsv } from "../test-support/slanted-data.js";

describe("find-lr after the verification round", () => {
  it("suggests no rate when the ramp blew up before the loss fell, on the line and a network", () => {
    for (const model of [[], ["--model", "mlp"]]) {
      const args = ["find-lr", ...model, "--start-lr", "50", "--end-lr", "1000"];
      const text = lrlab(args);
      expect(text.status).toBe(0);
      expect(text.stdout).toMatch(/^Suggested {2}nothing: the loss blew up before it fell at all/m);
      expect(text.stdout).not.toMatch(/--lr 50/);
      expect(lrlabJson(args).suggested).toBeNull();
    }
  });

  it("still suggests the valley when the ramp starts low enough", () => {
    expect(lrlabJson(["find-lr"]).suggested).toBeGreaterThan(0);
  });

  it("does not rank rates on a loss with no finite minimum as if one were best", () => {
    const file = writeSlantedCsv(scratchDirectory("find-lr-retest"));
    const { status, stdout } = lrlab([
      "find-lr",
      ...slantedFlags(file),
      "--validate",
      "--validate-steps",
      "20",
    ]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Suggested {2}no rate: the loss has no finite minimum/m);
    expect(stdout).toMatch(/This ranking shows the endless slope, not a rate\s+to use/);
    expect(stdout).not.toMatch(/a larger rate may be better still/);
  });
});
