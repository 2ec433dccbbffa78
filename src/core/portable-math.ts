/**
 * exp, log, expm1, tanh and cos that round the same in every JavaScript engine (tanh for the mlp's tanh
 * activation, cos for the cosine schedules). `Math.exp` and `Math.log` are only
 * specified as approximations: Node's V8 computes them with fdlibm, while Debian's Chromium rounds about
 * one value in twelve differently in the last bit. A chaotic run (logistic regression at a large rate)
 * grows such a bit into a different result, so the web lab and `lrlab fit` disagreed on the same file.
 * These are fdlibm's e_exp.c, e_log.c, s_expm1.c, s_tanh.c and s_cos.c (FreeBSD msun, as V8 ports them;
 * cos with its reduction mod π/2 for |x| ≤ 2^19·π/2), in float64 arithmetic only,
 * so they give Node's results bit for bit, everywhere.
 */

const view = new DataView(new ArrayBuffer(8));

function highWord(x: number): number {
  view.setFloat64(0, x);
  return view.getInt32(0);
}

function withHighWord(x: number, high: number): number {
  view.setFloat64(0, x);
  view.setInt32(0, high);
  return view.getFloat64(0);
}

/** 2^k for an integer k in [−1022, 1023], exact. */
function powerOfTwo(k: number): number {
  view.setInt32(0, (0x3ff + k) << 20);
  view.setInt32(4, 0);
  return view.getFloat64(0);
}

const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const INV_LN2 = Math.LOG2E; // fdlibm's invln2, 1.44269504088896338700
const EXP_OVERFLOW = 709.782712893384;
const EXP_UNDERFLOW = -745.1332191019411;
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 0.00006613756321437934;
const P4 = -0.0000016533902205465252;
const P5 = 4.1381367970572385e-8;
const TWO_TO_MINUS_1000 = 9.332636185032189e-302;

/** e^x, as fdlibm computes it. */
export function exp(x: number): number {
  const word = highWord(x);
  const negative = word < 0;
  const hx = word & 0x7fffffff;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) return Number.isNaN(x) ? x + x : negative ? 0 : x;
    if (x > EXP_OVERFLOW) return Number.POSITIVE_INFINITY;
    if (x < EXP_UNDERFLOW) return 0;
  }
  if (x === 1) return Math.E; // V8's one change to fdlibm: e itself, correctly rounded
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * powerOfTwo(1023) : y * powerOfTwo(k);
  return y * powerOfTwo(k + 1000) * TWO_TO_MINUS_1000;
}

const TWO_TO_54 = 18014398509481984;
const LG1 = 0.6666666666666735;
const LG2 = 0.3999999999940942;
const LG3 = 0.2857142874366239;
const LG4 = 0.22222198432149784;
const LG5 = 0.1818357216161805;
const LG6 = 0.15313837699209373;
const LG7 = 0.14798198605116586;

/** The natural logarithm of x, as fdlibm computes it. */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (x === 0) return Number.NEGATIVE_INFINITY;
    if (hx < 0 || Number.isNaN(x)) return Number.NaN;
    k -= 54;
    x *= TWO_TO_54; // a subnormal x, made normal
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000)); // x or x/2, within [√2/2, √2)
  k += i >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - (1 / 3) * f);
    return k === 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

const Q1 = -0.03333333333333313;
const Q2 = 0.0015873015872548146;
const Q3 = -0.0000793650757867488;
const Q4 = 0.000004008217827329362;
const Q5 = -2.0109921818362437e-7;

/** 2^k for k in [−1022, 1023], exact, by table: the tanh of every hidden unit scales by one. */
const POWERS_OF_TWO = Float64Array.from({ length: 2046 }, (_, i) => powerOfTwo(i - 1022));

/**
 * fdlibm compares high words; a high word H (low word 0) is the double `bound(H)`, so `hx >= H` is
 * `|x| >= bound(H)` and `hx > H` is `|x| >= bound(H + 1)`: the same tests without reading the bits, which
 * the mlp's tanh does for every unit of every row.
 */
function bound(high: number): number {
  return withHighWord(0, high);
}
const EXPM1_HUGE = bound(0x4043687a); // 56·ln 2
const EXPM1_OVER = bound(0x40862e42); // 709.78
const EXPM1_REDUCE = bound(0x3fd62e43); // above ½·ln 2
const EXPM1_ONE_LN2 = bound(0x3ff0a2b2); // 1.5·ln 2
const EXPM1_TINY = bound(0x3c900000); // 2^−54

/** exp(x) − 1, accurate near 0, as fdlibm's s_expm1.c computes it (tanh needs it). */
export function expm1(x: number): number {
  const negative = x < 0 || Object.is(x, -0);
  const y = Math.abs(x);
  // Huge and non-finite arguments.
  if (y >= EXPM1_HUGE || Number.isNaN(x)) {
    if (y >= EXPM1_OVER || Number.isNaN(x)) {
      if (Number.isNaN(x)) return x + x;
      if (x === Number.POSITIVE_INFINITY) return x;
      if (x === Number.NEGATIVE_INFINITY) return -1;
      if (x > EXP_OVERFLOW) return Number.POSITIVE_INFINITY;
    }
    if (negative) return -1; // x < −56·ln 2: exp(x) is below half an ulp of 1
  }
  let k: number;
  let c = 0;
  if (y >= EXPM1_REDUCE) {
    // |x| > ½·ln 2: reduce to x − k·ln 2
    let hi: number;
    let lo: number;
    if (y < EXPM1_ONE_LN2) {
      if (!negative) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI; // k·LN2_HI is exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (y < EXPM1_TINY) {
    return x; // |x| < 2^−54
  } else {
    k = 0;
  }
  // x is now in the primary range.
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  // Adding k to the exponent is multiplying by 2^k: exact, the result staying normal here.
  if (k <= -2 || k > 56) {
    // Enough to return exp(x) − 1.
    const z = 1 - (e - x);
    return (k === 1024 ? z * 2 * 2 ** 1023 : z * (POWERS_OF_TWO[k + 1022] as number)) - 1;
  }
  let z: number;
  if (k < 20) {
    z = 1 - (POWERS_OF_TWO[1022 - k] as number) - (e - x); // (1 − 2^−k) − (e − x)
  } else {
    z = x - (e + (POWERS_OF_TWO[1022 - k] as number));
    z += 1;
  }
  return z * (POWERS_OF_TWO[k + 1022] as number);
}

const TANH_TINY = bound(0x3e300000); // 2^−28
const TANH_ONE = bound(0x3ff00000); // 1
const TANH_SATURATED = bound(0x40360000); // 22

/** The hyperbolic tangent, as fdlibm's s_tanh.c (FreeBSD msun, as V8 ports it) computes it. */
export function tanh(x: number): number {
  if (Number.isNaN(x)) return x;
  const y = Math.abs(x);
  let z: number;
  if (y < TANH_SATURATED) {
    if (y < TANH_TINY) return x; // tanh(x) = x to double precision (±0 kept)
    if (y >= TANH_ONE) {
      const t = expm1(2 * y);
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * y);
      z = -t / (t + 2);
    }
  } else {
    z = 1; // |x| ≥ 22 (and ±∞): ±1 to double precision
  }
  return x > 0 ? z : -z;
}

const C1 = 0.0416666666666666;
const C2 = -0.001388888888887411;
const C3 = 0.00002480158728947673;
const C4 = -2.7557314351390663e-7;
const C5 = 2.087572321298175e-9;
const C6 = -1.1359647557788195e-11;

/** cos(x + y) on [−π/4, π/4], y the tail of x (fdlibm's __kernel_cos). */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) === 0) return 1; // |x| < 2^−27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  const qx = ix > 0x3fe90000 ? 0.28125 : withHighWord(0, ix - 0x00200000); // x/4, its low word 0
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

const S1 = -0.16666666666666632;
const S2 = 0.00833333333332249;
const S3 = -0.0001984126982985795;
const S4 = 0.0000027557313707070068;
const S5 = -2.5050760253406863e-8;
const S6 = 1.58969099521155e-10;

/** sin(x + y) on [−π/4, π/4], y the tail of x (fdlibm's __kernel_sin with iy = 1). */
function kernelSin(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) === 0) return x; // |x| < 2^−27
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

const INV_PIO2 = 0.6366197723675814;
const PIO2_1 = 1.5707963267341256;
const PIO2_1T = 6.077100506506192e-11;
const PIO2_2 = 6.077100506303966e-11;
const PIO2_2T = 2.0222662487959506e-21;
const PIO2_3 = 2.0222662487111665e-21;
const PIO2_3T = 8.4784276603689e-32;

/**
 * x − n·π/2 as a head and tail, and n (fdlibm's __ieee754_rem_pio2, for |x| up to 2^19·π/2, where
 * Cody–Waite reduction in three parts is exact enough); null beyond, where fdlibm needs Payne–Hanek.
 */
function remPio2(x: number): { n: number; y0: number; y1: number } | null {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) return { n: 0, y0: x, y1: 0 }; // |x| ≤ π/4
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: n = ±1
    if (hx > 0) {
      let z = x - PIO2_1;
      if (ix !== 0x3ff921fb) {
        const y0 = z - PIO2_1T;
        return { n: 1, y0, y1: z - y0 - PIO2_1T };
      }
      z -= PIO2_2; // near π/2: 33 more bits of π/2
      const y0 = z - PIO2_2T;
      return { n: 1, y0, y1: z - y0 - PIO2_2T };
    }
    let z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      const y0 = z + PIO2_1T;
      return { n: -1, y0, y1: z - y0 + PIO2_1T };
    }
    z += PIO2_2;
    const y0 = z + PIO2_2T;
    return { n: -1, y0, y1: z - y0 + PIO2_2T };
  }
  if (ix > 0x413921fb) return null;
  // Medium: |x| ≤ 2^19·π/2.
  const t0 = Math.abs(x);
  const n = Math.trunc(t0 * INV_PIO2 + 0.5);
  const fn = n;
  let r = t0 - fn * PIO2_1;
  let w = fn * PIO2_1T; // first round, good to 85 bits
  let y0: number;
  if (n < 32 && ix !== NPIO2_HW[n - 1]) {
    y0 = r - w; // quick check: no cancellation
  } else {
    const j = ix >> 20;
    y0 = r - w;
    let i = j - ((highWord(y0) >> 20) & 0x7ff);
    if (i > 16) {
      // second round, good to 118 bits
      let t = r;
      w = fn * PIO2_2;
      r = t - w;
      w = fn * PIO2_2T - (t - r - w);
      y0 = r - w;
      i = j - ((highWord(y0) >> 20) & 0x7ff);
      if (i > 49) {
        // third round, good to 151 bits: covers every case
        t = r;
        w = fn * PIO2_3;
        r = t - w;
        w = fn * PIO2_3T - (t - r - w);
        y0 = r - w;
      }
    }
  }
  const y1 = r - y0 - w;
  return hx < 0 ? { n: -n, y0: -y0, y1: -y1 } : { n, y0, y1 };
}

/** The high words of n·π/2 for n = 1 … 32: where x sits on one, the reduction cancels and needs more bits. */
const NPIO2_HW = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a,
  0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a,
  0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c, 0x404534ac,
  0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];

/**
 * The cosine, as fdlibm's s_cos.c computes it, for |x| ≤ 2^19·π/2 (about 823,550): the schedules take it
 * on [0, π]. Beyond, fdlibm reduces with Payne–Hanek (not ported), and this falls back to Math.cos.
 */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0); // |x| ≤ π/4
  if (ix >= 0x7ff00000) return Number.NaN; // ±∞ or NaN
  const reduced = remPio2(x);
  if (reduced === null) return Math.cos(x);
  const { n, y0, y1 } = reduced;
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1);
  }
}
