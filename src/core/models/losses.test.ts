import { describe, expect, it } from "vitest";
import { createRandom } from "../random.js";
import { batchKernel } from "./losses.js";

describe("the MSE batch kernel", () => {
  it("gives the mean loss and gradient of a batch by hand", () => {
    // Points (1, 3) and (2, 5) at w = 1, b = 0: errors −2 and −3.
    // loss (4 + 9)/2 = 6.5; ∂w = 2·(−2·1 − 3·2)/2 = −8; ∂b = 2·(−2 − 3)/2 = −5
    const grad = new Float64Array(2);
    const loss = batchKernel("mse")(
      Float64Array.of(1, 2),
      Float64Array.of(3, 5),
      Uint32Array.of(0, 1),
      0,
      2,
      1,
      0,
      grad,
    );
    expect(loss).toBe(6.5);
    expect([...grad]).toEqual([-8, -5]);
  });

  it("adds the points in batch order, so four at a time rounds as one at a time, for every remainder", () => {
    const random = createRandom(11);
    const n = 50;
    // Widely spread magnitudes, so any other order of the additions rounds differently.
    const x = Float64Array.from({ length: n }, () => 1e3 * random.normal() ** 3);
    const y = Float64Array.from({ length: n }, () => 1e-3 * random.normal() + 7);
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    random.shuffle(order);
    const kernel = batchKernel("mse");
    for (let size = 1; size <= 13; size++) {
      const start = 3;
      const end = start + size;
      const w = 0.37;
      const b = -1.9;
      // The definition, one point after another.
      let sumSquares = 0;
      let sumErrorX = 0;
      let sumError = 0;
      for (let k = start; k < end; k++) {
        const i = order[k] as number;
        const error = w * (x[i] as number) + b - (y[i] as number);
        sumSquares += error * error;
        sumErrorX += error * (x[i] as number);
        sumError += error;
      }
      const grad = new Float64Array(2);
      expect(kernel(x, y, order, start, end, w, b, grad)).toBe(sumSquares / size);
      expect([...grad]).toEqual([(2 * sumErrorX) / size, (2 * sumError) / size]);
    }
  });
});
