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

describe("an --init file far larger than the model's weights", () => {
  it("is refused after the characters its weights could take, naming the count", () => {
    const path = join(work, "huge.json");
    writeFileSync(path, `[${"1,".repeat(200_000)}1]`);
    // The default network 1-16-1 has 49 weights: 4,096 + 100 × 49 characters at most.
    expectUserError(
      ["fit", "--model", "mlp", "--init", path],
      `--init ${path}: more than 8,996 characters, far more than the 49 weights of this model take; expected its weights in Keras model.get_weights() order`,
    );
    expectUserError(
      ["fit", "--init", path],
      `--init ${path}: more than 4,296 characters, far more than the 2 weights of this model take; expected its weights in Keras model.get_weights() order`,
    );
  });
});
