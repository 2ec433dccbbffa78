import { describe, expect, it } from "vitest";
import { builtinData, checkDataset, syntheticLine } from "./data/data.js";
import { createRandom, shuffleInPlace } from "./random.js";

describe("createRandom", () => {
  it("gives the same stream for the same seed, pinned so every platform can compare", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const first = [a.nextUint32(), a.nextUint32(), a.nextUint32()];
    expect([b.nextUint32(), b.nextUint32(), b.nextUint32()]).toEqual(first);
    // Golden values: any change to the generator changes every data set and shuffle, so it must be deliberate.
    expect(first).toMatchInlineSnapshot(`
      [
        2837322924,
        544945897,
        479756282,
      ]
    `);
    expect(createRandom(43).nextUint32()).not.toBe(first[0]);
  });

  it("draws uniforms in [0, 1) and unbiased integers in [0, n)", () => {
    const random = createRandom(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const u = random.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      counts[random.integer(6)]++;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });

  it("draws approximately standard normals with mean 0 and variance 1", () => {
    const random = createRandom(3);
    let sum = 0;
    let sumSquares = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const z = random.normal();
      sum += z;
      sumSquares += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.02);
  });

  it("shuffles into a permutation", () => {
    const order = Uint32Array.from({ length: 1000 }, (_, i) => i);
    shuffleInPlace(order, createRandom(5));
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
    expect([...order.slice(0, 10)]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe("the built-in data", () => {
  it("is 100 points from y = 2x + 1 + noise, the same every time", () => {
    const data = builtinData();
    expect(data.x.length).toBe(100);
    expect([...data.x]).toEqual([...builtinData().x]);
    for (const x of data.x) expect(x >= -1 && x < 3).toBe(true);
    // Pinned: the README's numbers depend on these.
    expect([data.x[0], data.y[0]]).toMatchInlineSnapshot(`
      [
        1.6424628905951977,
        2.550612854072824,
      ]
    `);
  });

  it("makes seeded synthetic lines and checks data sets", () => {
    const line = syntheticLine({ n: 5, slope: 1, intercept: 0, noiseStandardDeviation: 0 });
    expect([...line.y]).toEqual([...line.x]);
    expect(() => checkDataset({ ...line, y: new Float64Array(4) })).toThrow(/equal lengths/);
    expect(() => checkDataset({ ...line, x: Float64Array.of(1, 2, Number.NaN, 4, 5) })).toThrow(/point 2/);
  });
});

describe("Random.shuffle", () => {
  it("draws exactly what Fisher–Yates with integer(i + 1) draws, and leaves the stream in the same place", () => {
    for (const [seed, size] of [
      [0, 10],
      [7, 1000],
      [123, 65_537],
    ] as const) {
      const fast = Uint32Array.from({ length: size }, (_, i) => i);
      const slow = fast.slice();
      const a = createRandom(seed);
      const b = createRandom(seed);
      a.shuffle(fast);
      for (let i = size - 1; i > 0; i--) {
        const j = b.integer(i + 1);
        [slow[i], slow[j]] = [slow[j] as number, slow[i] as number];
      }
      expect([...fast]).toEqual([...slow]);
      expect(a.nextUint32()).toBe(b.nextUint32());
    }
  });
});

describe("Random.integer", () => {
  it("computes Lemire's 64-bit product exactly, also for n above 2^21", () => {
    // The oracle: the same draws, with the product and the rejection done in BigInt.
    for (const n of [1, 6, 1_000_003, 2 ** 21, 2 ** 21 + 1, 3_000_000_019, 2 ** 32]) {
      const random = createRandom(n);
      const oracle = createRandom(n);
      for (let k = 0; k < 200; k++) {
        let expected: bigint;
        for (;;) {
          const product = BigInt(oracle.nextUint32()) * BigInt(n);
          const low = product & 0xffffffffn;
          if (low >= BigInt(n) || low >= (2n ** 32n - BigInt(n)) % BigInt(n)) {
            expected = product >> 32n;
            break;
          }
        }
        expect(random.integer(n)).toBe(Number(expected));
      }
    }
  });
});
