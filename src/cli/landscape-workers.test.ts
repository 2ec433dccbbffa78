/**
 * MAE and Huber landscapes on worker threads give exactly the serial grid. The workers run the built code
 * (dist/cli/landscape-worker.js), as the CLI does.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { syntheticLine } from "../core/data/data.js";
import { linearStats } from "../core/data/stats.js";
import { landscapeAxes } from "../core/landscape/landscape.js";
import { directGridValues, landscapeInParallel, landscapeSerial, rowsPerTask } from "./landscape-workers.js";

const workerUrl = new URL("../../dist/cli/landscape-worker.js", import.meta.url);
const data = syntheticLine({ n: 3000, seed: 9 });
const axes = landscapeAxes(linearStats(data), { gridW: 31, gridB: 23 });

describe("landscapeInParallel", () => {
  it.each([
    ["mae", undefined],
    ["huber", 0.5],
  ] as const)(
    "fills the %s grid bit for bit as one thread does, reporting rows as they finish",
    async (loss, huberDelta) => {
      expect(existsSync(workerUrl), "build first: npx tsc -p tsconfig.build.json").toBe(true);
      const done: number[] = [];
      const parallel = await landscapeInParallel(
        data,
        axes,
        { loss, huberDelta },
        {
          workers: 3,
          workerUrl,
          onRows: (rows) => done.push(rows),
        },
      );
      expect([...parallel]).toEqual([...landscapeSerial(data, axes, { loss, huberDelta })]);
      expect(done.at(-1)).toBe(23);
      expect(done).toEqual([...done].sort((a, b) => a - b));
    },
  );
});

describe("rowsPerTask", () => {
  it("hands out about 2e7 point evaluations at a time, and at least four blocks per worker", () => {
    // 1e6 points × 501 slopes is 5e8 per row: one row at a time.
    expect(rowsPerTask(1e6, 501, 501, 2)).toBe(1);
    // 100 points × 201 slopes is 20,100 per row: 996 rows would be 2e7, but 201 rows over 2 workers → 26.
    expect(rowsPerTask(100, 201, 201, 2)).toBe(26);
  });
});

describe("directGridValues", () => {
  it("stays on this thread for a small grid unless workers are asked for", async () => {
    const serial = await directGridValues(data, axes, { loss: "mae" }, { workers: 1 });
    expect([...serial]).toEqual([...landscapeSerial(data, axes, { loss: "mae" })]);
  });
});
