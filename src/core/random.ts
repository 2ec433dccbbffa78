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
  /** A uniform integer in [0, n), exactly unbiased (Lemire's method); 1 ≤ n ≤ 2^32. */
  integer(n: number): number;
  /**
   * An approximately standard normal number: the Irwin–Hall sum of 12 uniforms minus 6 (mean 0,
   * variance 1, bounded by ±6). Only additions, so it is bit-identical everywhere, unlike Box–Muller,
   * whose `Math.log` and `Math.cos` may round differently from one engine to another.
   */
  normal(): number;
  /** Shuffles `order` in place with Fisher–Yates: every permutation equally likely; allocates nothing. */
  shuffle(order: Uint32Array): void;
}

const TWO_TO_32 = 4294967296;

/**
 * The largest seed that names a stream of its own: the generator starts from 32 bits, so seeds 0 … 2^32 − 1
 * give 2^32 different streams (a larger or negative seed folds onto one of them).
 */
export const MAX_SEED = TWO_TO_32 - 1;

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
  // The xoshiro128** state, four 32-bit words, lives in a typed array rather than in closure variables so
  // that the shuffle's long loop can be one module-level function (fisherYates): V8 optimizes that once
  // for every generator, where a loop inside each generator's own closure was entered afresh, through
  // on-stack replacement, by every new generator (measured: ~3 ms more on a million-point shuffle).
  const state = new Int32Array([splitmix32(), splitmix32(), splitmix32(), splitmix32()]);
  if (state.every((word) => word === 0)) state[0] = 1;

  const nextUint32 = (): number => next(state);

  const uniform = (): number => nextUint32() / TWO_TO_32;

  return {
    nextUint32,
    uniform,
    integer(n: number): number {
      // Lemire (2019), "Fast random integer generation in an interval": with m = draw·n as a 64-bit
      // product, the answer is m >> 32, and the draw is redrawn while (m mod 2^32) < (2^32 − n) mod n,
      // which leaves every answer exactly equally likely and needs a division only on rare draws.
      for (;;) {
        const draw = nextUint32();
        let high: number;
        let low: number;
        if (n <= EXACT_PRODUCT_LIMIT) {
          const product = draw * n; // < 2^53: exact in a double
          high = Math.floor(product / TWO_TO_32);
          low = product - high * TWO_TO_32;
        } else {
          // draw·n = (dh·2^16 + dl)·n, each partial product < 2^48 and exact; carry the middle by hand.
          const upper = (draw >>> 16) * n;
          const upperHigh = Math.floor(upper / 65536);
          const rest = (upper - upperHigh * 65536) * 65536 + (draw & 0xffff) * n;
          const carry = Math.floor(rest / TWO_TO_32);
          high = upperHigh + carry;
          low = rest - carry * TWO_TO_32;
        }
        if (low >= n || low >= (TWO_TO_32 - n) % n) return high;
      }
    },
    normal(): number {
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += uniform();
      return sum - 6;
    },
    shuffle(order: Uint32Array): void {
      if (order.length > EXACT_PRODUCT_LIMIT) {
        for (let i = order.length - 1; i > 0; i--) swap(order, i, this.integer(i + 1));
        return;
      }
      fisherYates(state, order);
    },
  };
}

/** xoshiro128**: one step of `state`, returning rotl(s1 · 5, 7) · 9 as an unsigned 32-bit integer. */
function next(state: Int32Array): number {
  const s0 = state[0] as number;
  const s1 = state[1] as number;
  const s2 = (state[2] as number) ^ s0;
  const s3 = (state[3] as number) ^ s1;
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  state[0] = s0 ^ s3;
  state[1] = s1 ^ s2;
  state[2] = s2 ^ (s1 << 9);
  state[3] = rotl(s3, 11);
  return result;
}

/**
 * Fisher–Yates on `order` (at most EXACT_PRODUCT_LIMIT long) with `integer(i + 1)` inlined and the
 * generator state in locals: the same draws as `next` and `integer`, without a call or a state write per
 * draw. Lemire's test needs only the low word of draw·n, which 32-bit multiplication gives exactly
 * (Math.imul); the answer, the high word, is worked out only for the draw that is accepted, and as an
 * integer (it is below 2^21), so the loop is integer arithmetic apart from that one product.
 */
function fisherYates(state: Int32Array, order: Uint32Array): void {
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  for (let i = order.length - 1; i > 0; i--) {
    const n = i + 1;
    let j: number;
    for (;;) {
      // rotl and swap written out: V8 re-checks a module-level function's binding on every call it
      // inlines, a load and a compare per draw.
      const m = Math.imul(b, 5);
      const draw = Math.imul((m << 7) | (m >>> 25), 9);
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      const low = Math.imul(draw, n) >>> 0;
      if (low >= n || low >= (TWO_TO_32 - n) % n) {
        j = (((draw >>> 0) * n) / TWO_TO_32) | 0;
        break;
      }
    }
    const value = order[i] as number;
    order[i] = order[j] as number;
    order[j] = value;
  }
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
}

// V8 compiles fisherYates on the stack (OSR) inside the first long loop it runs, before the code after
// that loop has ever run; that code then has no type feedback, so the compiled loop deoptimizes at its end
// on every call and each call starts again in the interpreter (measured: a million-point shuffle in ~8 ms
// instead of ~4, in about half of all processes). A few tiny shuffles here, on a state of their own, run
// every line first; a few dozen, because V8 only starts recording feedback after a function's first calls.
{
  const warmState = new Int32Array(4).fill(1);
  const warmOrder = Uint32Array.of(0, 1, 2, 3);
  for (let call = 0; call < 64; call++) fisherYates(warmState, warmOrder);
}

/** Below this n, a 32-bit draw times n is under 2^53, so its double product is exact. */
const EXACT_PRODUCT_LIMIT = 2 ** 21;

function swap(order: Uint32Array, i: number, j: number): void {
  const value = order[i] as number;
  order[i] = order[j] as number;
  order[j] = value;
}

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/**
 * Shuffles `order` in place with Fisher–Yates, drawing from `random`: every permutation equally likely.
 * Allocates nothing, so a training loop can reshuffle each epoch.
 */
export function shuffleInPlace(order: Uint32Array, random: Random): void {
  random.shuffle(order);
}
