/**
 * The visual language a reader learns once, shared by every figure (static or in the web lab).
 *
 * The lesson's colours: the current line is red, the ideal (least-squares) line is green. Red and green
 * are the pair colour-blind readers confuse most, so we take them from Okabe & Ito's palette (vermillion
 * and bluish green, told apart under the common colour-vision deficiencies) and also separate them by
 * line style: the ideal line is dashed and drawn under the current one.
 * Several learning rates get the rest of the Okabe–Ito palette, in a fixed order.
 */

/** Okabe & Ito (2008), "Color Universal Design": distinguishable under common colour-vision deficiencies. */
export const OKABE_ITO = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
} as const;

export const THEME = {
  /** The current line y = w·x + b, the optimizer's steps and its arrows. */
  current: OKABE_ITO.vermillion,
  /** The least-squares line, the optimum. */
  ideal: OKABE_ITO.bluishGreen,
  /** Data points. */
  point: "#4d4d4d",
  /** Residuals: thin, quiet. */
  residual: "#9a9a9a",
  /** Text, rules and reference lines. */
  ink: "#1a1a1a",
  muted: "#5f5f5f",
  grid: "#e6e6e6",
  background: "#ffffff",
  /** Regimes of a sweep. */
  /** The lesson's outcomes (core/verdict.ts), in the same colours on every figure. */
  outcomes: {
    "too-small": OKABE_ITO.skyBlue,
    // The rate is right and the budget short: between crawling and good.
    "needs-more-steps": OKABE_ITO.yellow,
    good: OKABE_ITO.bluishGreen,
    "jumps-around": OKABE_ITO.orange,
    "jumps-out": OKABE_ITO.vermillion,
    noisy: OKABE_ITO.reddishPurple,
    "rescued-by-decay": OKABE_ITO.blue,
  },
  fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', sans-serif",
  fontSize: 12,
  titleSize: 17,
  subtitleSize: 13,
} as const;

/** Colours for several series (learning rates, optimizers), in order; the lesson's red and green last. */
export const SERIES = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
] as const;

/** The colour of series `index`, cycling. */
export function seriesColor(index: number): string {
  return SERIES[index % SERIES.length] as string;
}

/**
 * Okabe–Ito's yellow darkened (same hue, relative luminance 0.28) so that a line or label in it stands
 * out on white: the original has a contrast of 1.2:1 against white, this one 3.2:1.
 */
export const DARK_YELLOW = "#9b9327";

/**
 * Styles for many series in one figure, in order: the six Okabe–Ito colours that are not the lesson's
 * red (the current line) and green (the ideal line), yellow darkened; then the same six again, dashed.
 * So up to twelve series never share a look, and none is mistaken for the lesson's lines.
 */
const DISTINCT_COLORS = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  DARK_YELLOW,
] as const;

/** How many series {@link distinctSeriesStyle} tells apart. */
export const DISTINCT_SERIES = 2 * DISTINCT_COLORS.length;

/** Series `index`'s colour and dash pattern (undefined: solid); see {@link DISTINCT_SERIES}. */
export function distinctSeriesStyle(index: number): { color: string; dash: string | undefined } {
  const color = DISTINCT_COLORS[index % DISTINCT_COLORS.length] as string;
  return { color, dash: index % DISTINCT_SERIES >= DISTINCT_COLORS.length ? "7 3" : undefined };
}
