/**
 * A small seeded pseudo-random generator, passed around explicitly.
 *
 * xoshiro128** (Blackman & Vigna, 2018) seeded through splitmix32. It uses only 32-bit integer
 * arithmetic (`Math.imul`, shifts), so the same seed gives the same numbers in every JavaScript engine on
 * every platform, and the benchmark's C reference reproduces it bit for bit. Nothing in lrlab calls
 * `Math.random`.
 */
export interface Random {
  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number;
  /** A uniform number in [0, 1), with 32 random bits. */
  uniform(): number;
  /** A uniform integer in [0, n), without modulo bias (rejection sampling); n ≤ 2^32. */
  integer(n: number): number;
  /**
   * An approximately standard normal number: the Irwin–Hall sum of 12 uniforms minus 6 (mean 0,
   * variance 1, bounded by ±6). Only additions, so it is bit-identical everywhere, unlike Box–Muller,
   * whose `Math.log` and `Math.cos` may round differently from one engine to another.
   */
  normal(): number;
}

const TWO_TO_32 = 4294967296;

/** A generator from any finite number seed (integers are typical); the same seed, the same stream. */
export function createRandom(seed: number): Random {
  // splitmix32 expands the seed into four non-zero state words.
  let mix = (Math.trunc(seed) ^ Math.trunc(seed / TWO_TO_32)) >>> 0;
  const splitmix32 = (): number => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix32();
  let s1 = splitmix32();
  let s2 = splitmix32();
  let s3 = splitmix32();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const nextUint32 = (): number => {
    // xoshiro128**: result = rotl(s1 · 5, 7) · 9
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  const uniform = (): number => nextUint32() / TWO_TO_32;

  return {
    nextUint32,
    uniform,
    integer(n: number): number {
      // Accept draws below the largest multiple of n that fits in 32 bits, so every residue is equally likely.
      const limit = TWO_TO_32 - (TWO_TO_32 % n);
      let draw = nextUint32();
      while (draw >= limit) draw = nextUint32();
      return draw % n;
    },
    normal(): number {
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += uniform();
      return sum - 6;
    },
  };
}

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/**
 * Shuffles `order` in place with Fisher–Yates, drawing from `random`: every permutation equally likely.
 * Allocates nothing, so a training loop can reshuffle each epoch.
 */
export function shuffleInPlace(order: Uint32Array, random: Random): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
}
