/**
 * Every `--x` column is checked for what float64 can square, whatever its place among the flags (a
 * tester found the second column unchecked: "Use --lr 1.879e-301"), through the real binary.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, it } from "vitest";
import { expectUserError, scratchDirectory } from "../test-support/cli.js";

let work: string;
beforeAll(() => {
  work = scratchDirectory("feature-range");
  const rows = Array.from(
    { length: 30 },
    (_, i) => `${i + 1},${(i + 1) * 1e149},${2 * i + 1},${(i + 1) * 1e-320}`,
  );
  writeFileSync(join(work, "big.csv"), `a,big,y,tiny\n${rows.join("\n")}\n`);
});

describe("feature columns beyond float64's reach", () => {
  for (const command of ["fit", "suggest", "sweep"]) {
    it(`${command}: a huge second --x is refused by name, as the first would be`, () => {
      const data = join(work, "big.csv");
      const message = `${data}: column "big" reaches 3e150, too large to square in float64; rescale it so its values lie within ±1e150 (e.g. divide by 3e147)`;
      expectUserError(
        [command, "--model", "linear", "--data", data, "--x", "a", "--x", "big", "--y", "y"],
        message,
      );
      expectUserError(
        [command, "--model", "linear", "--data", data, "--x", "big", "--x", "a", "--y", "y"],
        message,
      );
    });
  }

  it("a subnormal column is refused without 'multiply by Infinity', for a network too", () => {
    const data = join(work, "big.csv");
    expectUserError(
      ["fit", "--model", "mlp", "--data", data, "--x", "a", "--x", "tiny", "--y", "y"],
      /column "tiny" varies by only about \de-3\d\d, .*its values are subnormal/,
    );
  });
});
