/**
 * The verification round's find-lr finding, through the real binary: --validate on a loss with no finite
 * minimum does not rank rates as if one could be best.
 */
import { describe, expect, it } from "vitest";
import { lrlab, scratchDirectory } from "../test-support/cli.js";
import { slantedFlags, writeSlantedCsv } from "../test-support/slanted-data.js";

describe("find-lr after the verification round", () => {
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
