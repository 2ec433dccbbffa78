/**
 * Text without a renderer: widths of Inter for laying labels out, and numbers with a few significant
 * digits. No Plot import, so command-line code can use it without loading the renderer.
 */
import { THEME } from "./theme.js";

/**
 * Advance widths of the bundled Inter, in em, measured with resvg; characters not listed count as 0.6 em.
 * Labels are placed before the SVG is rendered, so their widths have to be estimated, not measured.
 */
const INTER_WIDTHS: Readonly<Record<string, number>> = {
  "0": 0.63,
  "1": 0.42,
  "2": 0.61,
  "3": 0.62,
  "4": 0.65,
  "5": 0.6,
  "6": 0.62,
  "7": 0.59,
  "8": 0.62,
  "9": 0.62,
  f: 0.34,
  i: 0.25,
  j: 0.25,
  l: 0.25,
  m: 0.88,
  r: 0.4,
  s: 0.53,
  t: 0.33,
  w: 0.82,
  I: 0.28,
  M: 0.9,
  W: 1.01,
  " ": 0.28,
  ".": 0.29,
  ",": 0.29,
  ":": 0.29,
  ";": 0.3,
  "·": 0.29,
  "(": 0.37,
  ")": 0.37,
  "/": 0.36,
  "-": 0.46,
  "'": 0.3,
  "!": 0.29,
};

/** The width in CSS pixels of `text` in Inter at `fontSize`, estimated generously (5% over). */
export function textWidth(text: string, fontSize: number = THEME.fontSize, bold = false): number {
  let em = 0;
  for (const character of text) {
    em += INTER_WIDTHS[character] ?? (/[a-z]/.test(character) ? 0.57 : /[A-Z]/.test(character) ? 0.7 : 0.66);
  }
  return em * fontSize * (bold ? 1.1 : 1.05);
}

/** `digits` significant digits, trailing zeros dropped, exponents for the very small and large. */
export function formatSignificant(value: number, digits: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "∞" : "−∞";
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split("e") as [string, string];
    return `${mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa}e${exponent.replace("+", "")}`;
  }
  const text = value.toPrecision(digits);
  return text.includes("e") ? String(Number(text)) : text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * Each of `values` with `fewest` significant digits, or as many more as it takes for different values
 * to read differently: [1.0476e-7, 1.0484e-7] are "1.0476e-7" and "1.0484e-7", not "1.048e-7" twice.
 * Equal values stay equal; the digits are the same for all, so the numbers line up as a set.
 */
export function formatDistinct(values: readonly number[], fewest = 4): string[] {
  for (let digits = fewest; digits < 17; digits++) {
    const texts = values.map((value) => formatSignificant(value, digits));
    const clash = values.some((value, i) =>
      values.some((other, j) => j > i && !Object.is(other, value) && texts[j] === texts[i]),
    );
    if (!clash) return texts;
  }
  return values.map((value) => formatSignificant(value, 17));
}
