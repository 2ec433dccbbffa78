/**
 * The loss landscape over (w, b): contours at log-spaced heights above the lowest point, so the nested
 * rings close in on the optimum instead of crowding at the rim; faint bands between them, darker towards
 * the bottom; the paths of several runs drawn over it; the start and the optimum marked; and, for MSE,
 * the two eigenvector axes of the Hessian through the optimum, labelled sharp and flat, along which a
 * rate's steps shrink (or grow) by 1 − η·λ each.
 *
 * Several optimizers share one map (their paths differ in shape); several rates of one optimizer get a map
 * each, because they retrace the same valley and would hide each other. The legend is a panel of its own
 * (landscape-legend.ts), drawn as SVG. Each map is landscape-map.ts's.
 */
import type { Landscape } from "../../core/landscape/landscape.js";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { seriesColor, THEME } from "../theme.js";
import { type LegendEntry, legendPanel } from "./landscape-legend.js";
import {
  CONTOUR_STROKE,
  contourGrid,
  type LandscapeDirections,
  type LandscapeSeries,
  mapPanel,
} from "./landscape-map.js";
import { formatTick } from "./shared.js";

export type { LandscapeDirections, LandscapeSeries } from "./landscape-map.js";

/** Lowest contour, as a fraction of the height range above the lowest point. */
const LOWEST_LEVEL = 1e-3;
/** Highest contour, as a fraction of the same: below the corners, which only a few rings would reach. */
const HIGHEST_LEVEL = 0.6;

export interface LandscapeFigureInput {
  surface: Landscape;
  /** The exact optimum (MSE), marked with a green star; else the lowest grid point is marked. */
  optimum: { w: number; b: number; loss: number } | null;
  directions: LandscapeDirections | null;
  series: readonly LandscapeSeries[];
  /** What the contours measure, for the legend: "MSE". */
  lossName?: string;
  title?: string;
  subtitle?: string;
  /** Contour lines (default 12). */
  levels?: number;
  /**
   * `overlay`: every path on one map (to compare optimizers); `panels`: one map per path, side by side
   * (several rates of one optimizer retrace the same valley, so one map would hide them under each
   * other). Default: overlay.
   */
  layout?: "overlay" | "panels";
  /** Width of a map's plotting area in CSS pixels (default 500 for overlay, 300 for panels). */
  mapWidth?: number;
  /** The axes' names (default: w (slope) and b (intercept)): a slice through a model's weights has α and β. */
  axisLabels?: { x: string; y: string };
  /** Overlay only: the legend under the map, one entry a row, for a narrow page (default: beside it). */
  legendBelow?: boolean;
  /** The legend's words for the star and the ring (default: the optimum or the grid's lowest point; start). */
  centreLabel?: string;
  startLabel?: string;
}

export function landscapeFigure({ document }: RenderEnvironment, input: LandscapeFigureInput): Figure {
  const { surface, optimum, directions, series } = input;
  const layout = input.layout ?? "overlay";
  const levels = contourLevels(surface.values, input.levels ?? 12);
  const centre = optimum ?? lowestPoint(surface);
  const colored = series.map((path, index) => ({ ...path, color: path.color ?? seriesColor(index) }));
  const mapWidth = input.mapWidth ?? (layout === "panels" ? 300 : 500);
  const map = (paths: typeof colored, label?: string) =>
    mapPanel(document, {
      surface,
      levels,
      centre,
      directions,
      paths,
      mapWidth,
      label,
      axisLabels: input.axisLabels,
    });
  const maps = layout === "panels" ? colored.map((path) => map([path], path.label)) : [map(colored)];
  const entries: LegendEntry[] = [
    ...colored.map((path) => ({ kind: "path" as const, label: path.label, color: path.color })),
    { kind: "start", label: input.startLabel ?? "start", color: THEME.ink },
    {
      kind: "optimum",
      label: input.centreLabel ?? (optimum ? "optimum (least squares)" : "lowest point of the grid"),
      color: THEME.ideal,
    },
    ...(directions
      ? equalUnits(surface)
        ? [
            { kind: "sharp" as const, label: "sharp direction (λmax)", color: THEME.ink },
            { kind: "flat" as const, label: "flat direction (λmin)", color: THEME.ink },
          ]
        : [
            // Not the eigenvectors themselves: w and b are not to scale, and the rings' axes are drawn.
            {
              kind: "sharp" as const,
              label: "sharp axis (rings as drawn)",
              color: THEME.ink,
            },
            { kind: "flat" as const, label: "flat axis (w, b not to scale)", color: THEME.ink },
          ]
      : []),
    {
      kind: "contour",
      label: `${input.lossName ?? "loss"} contours, log-spaced (×${formatTick(Number(levelRatio(levels.length).toPrecision(3)))})`,
      color: CONTOUR_STROKE,
    },
  ];
  const columns = layout === "panels" ? Math.min(2, maps.length) : 1;
  const mapSize = {
    width: Number(maps[0]?.getAttribute("width") ?? 0),
    height: Number(maps[0]?.getAttribute("height") ?? 0),
  };
  const below = layout === "overlay" && input.legendBelow === true;
  const legend =
    layout === "panels"
      ? legendPanel(document, { width: columns * mapSize.width + (columns - 1) * 12, columns: 3, entries })
      : below
        ? legendPanel(document, { width: mapSize.width, columns: 1, entries })
        : legendPanel(document, { width: 240, height: mapSize.height, columns: 1, entries });
  return frame({
    title: input.title ?? "The loss landscape over (w, b), and the paths across it",
    subtitle: input.subtitle,
    panels: [...maps, legend],
    columns: layout === "panels" ? columns : below ? 1 : 2,
  });
}

/**
 * `count` heights log-spaced above the lowest finite value, from 0.1% to 60% of the range of heights: for
 * a quadratic bowl, rings whose radii grow by a constant factor.
 */
export function contourLevels(values: ArrayLike<number>, count: number): number[] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < values.length; k++) {
    const value = values[k] as number;
    if (!Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (!(high > low)) return [];
  const span = high - low;
  const levels: number[] = [];
  for (let k = 0; k < count; k++) {
    const fraction = LOWEST_LEVEL * (HIGHEST_LEVEL / LOWEST_LEVEL) ** (count === 1 ? 0 : k / (count - 1));
    levels.push(low + fraction * span);
  }
  return levels;
}

/**
 * Whether a map of the surface draws one unit of w and one of b the same length: mapPanel keeps its
 * height between 0.6 and 1.4 times its width, which is to scale when the ranges' ratio is in between.
 */
function equalUnits(surface: Landscape): boolean {
  const { wLow, wHigh, bLow, bHigh } = contourGrid(surface);
  const ratio = (bHigh - bLow) / (wHigh - wLow);
  return ratio >= 0.6 && ratio <= 1.4;
}

/** The factor between successive contour heights above the lowest point. */
function levelRatio(count: number): number {
  return count > 1 ? (HIGHEST_LEVEL / LOWEST_LEVEL) ** (1 / (count - 1)) : 1;
}

/**
 * Widens the shorter of two ranges (about its middle) so that one unit of w and one of b can be drawn the
 * same length in a map between 0.6 and 1.4 times as high as it is wide; leaves them alone when that would
 * stretch a range more than `maxStretch` times (data whose slope and intercept live on different scales).
 */
export function equalAspectRanges(
  ranges: { w: readonly [number, number]; b: readonly [number, number] },
  maxStretch = 3,
): { w: [number, number]; b: [number, number] } {
  const w: [number, number] = [ranges.w[0], ranges.w[1]];
  const b: [number, number] = [ranges.b[0], ranges.b[1]];
  const ratio = (b[1] - b[0]) / (w[1] - w[0]);
  const widen = (range: [number, number], factor: number): [number, number] => {
    const middle = (range[0] + range[1]) / 2;
    const half = ((range[1] - range[0]) / 2) * factor;
    return [middle - half, middle + half];
  };
  if (ratio > 1.4 && ratio / 1.4 <= maxStretch) return { w: widen(w, ratio / 1.4), b };
  if (ratio < 0.6 && 0.6 / ratio <= maxStretch) return { w, b: widen(b, 0.6 / ratio) };
  return { w, b };
}

function lowestPoint(surface: Landscape): { w: number; b: number; loss: number } {
  const nw = surface.w.length;
  let best = 0;
  for (let k = 1; k < surface.values.length; k++) {
    if ((surface.values[k] as number) < (surface.values[best] as number)) best = k;
  }
  return {
    w: surface.w[best % nw] as number,
    b: surface.b[Math.floor(best / nw)] as number,
    loss: surface.values[best] as number,
  };
}
