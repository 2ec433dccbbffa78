/**
 * What the history figure's two panels share: their margins and colours, and how a series' values
 * become points and a domain.
 */
import { OKABE_ITO } from "../theme.js";
import type { LinePoint } from "./annotations.js";
import { drawableOnLog, LARGEST, logDomain } from "./log-axis.js";
import { extent } from "./shared.js";

export const MARGIN = { top: 24, bottom: 40, left: 62 } as const;
/** A series longer than this is drawn from evenly spaced points (they would be sub-pixel apart). */
export const MAX_POINTS = 3000;

export const COLORS = {
  train: OKABE_ITO.blue,
  validation: OKABE_ITO.orange,
  rate: OKABE_ITO.reddishPurple,
} as const;

/** Whether an axis can show `value`: finite, and on a log axis between 1e-300 and 1e308. */
export function drawable(value: number, log: boolean): boolean {
  return log ? drawableOnLog(value) : Number.isFinite(value);
}

/** The values an axis can show as points; the rest break the line (y NaN). */
export function pointsOf(x: ArrayLike<number>, y: ArrayLike<number>, log: boolean): LinePoint[] {
  const points: LinePoint[] = [];
  const stride = Math.max(1, Math.ceil(y.length / MAX_POINTS));
  for (let i = 0; i < y.length; i += stride) {
    const value = y[i] as number;
    points.push({ x: x[i] as number, y: drawable(value, log) ? value : Number.NaN });
  }
  if ((y.length - 1) % stride !== 0 && y.length > 0) {
    const value = y[y.length - 1] as number;
    points.push({
      x: x[y.length - 1] as number,
      y: drawable(value, log) ? value : Number.NaN,
    });
  }
  return points;
}

export function finiteValues(values: ArrayLike<number>): number[] {
  return Array.from(values).filter((value) => Number.isFinite(value));
}

export function lastFinite(points: readonly LinePoint[]): LinePoint | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (Number.isFinite(points[i]?.y)) return points[i];
  return undefined;
}

/**
 * A little room around the values: a twentieth of the decades on a log axis (over the values it can
 * show), from 0 on a linear one.
 */
export function domainOf(values: readonly number[], log: boolean): [number, number] {
  if (values.length === 0) return log ? [0.1, 1] : [0, 1];
  if (log) {
    const [low, high] = extent(values.filter(drawableOnLog));
    return logDomain(low, high, (decades) => 0.05 * Math.max(decades, 0.5));
  }
  const [low, high] = extent(values);
  const top = high > 0 ? Math.min(high * 1.06, LARGEST) : 1;
  return [Math.min(0, low * 1.06), top];
}
