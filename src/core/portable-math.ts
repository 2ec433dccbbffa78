/**
 * exp and log that round the same in every JavaScript engine. `Math.exp` and `Math.log` are only
 * specified as approximations: Node's V8 computes them with fdlibm, while Debian's Chromium rounds about
 * one value in twelve differently in the last bit. A chaotic run (logistic regression at a large rate)
 * grows such a bit into a different result, so the web lab and `lrlab fit` disagreed on the same file.
 * These are fdlibm's e_exp.c and e_log.c (FreeBSD msun, as V8 ports them), in float64 arithmetic only,
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
