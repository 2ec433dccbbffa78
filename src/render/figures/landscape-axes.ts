/**
 * The sharp and flat axes of a landscape map, drawn where a reader sees them: along the axes of the rings
 * as they are drawn. With w and b to the same scale those are the Hessian's eigenvectors. When the map
 * stretches one parameter more than the other (slopes of 0.01 against intercepts of 50, say), the rings
 * are drawn squeezed and turned, and the eigenvectors would cut across them (the sharp one lay flat
 * against tilted ellipses): so the axes are the eigenvectors of the Hessian as the screen sees it,
 * D⁻¹·H·D⁻¹ with D the pixels per unit of w and of b, which keeps them through the optimum, at right
 * angles on the screen, and along the rings' long and short axes.
 *
 * Each axis is labelled near one of its ends at the first place clear of the paths, the markers and the
 * other label.
 */
import * as Plot from "@observablehq/plot";
import { THEME } from "../theme.js";
import { type Box, lineObstacles, overlaps, textWidth } from "./annotations.js";
import { formatTick } from "./shared.js";

/** The sharp and flat directions: unit eigenvectors of the Hessian in (w, b), with their eigenvalues. */
export interface LandscapeDirections {
  sharp: readonly [number, number];
  flat: readonly [number, number];
  lambdaMax: number;
  lambdaMin: number;
}

/** A map's pixel geometry: where (w, b) lands on the screen. */
export interface MapGeometry {
  wDomain: readonly [number, number];
  bDomain: readonly [number, number];
  /** The plotting area's left, top, width and height in pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Whether one unit of w and one of b are drawn the same length (to within 1%). */
export function toScale({ wDomain, bDomain, width, height }: MapGeometry): boolean {
  const perW = width / (wDomain[1] - wDomain[0]);
  const perB = height / (bDomain[1] - bDomain[0]);
  return Math.abs(perW / perB - 1) < 0.01;
}

/**
 * The axes of the rings as drawn, as directions in (w, b): the eigenvectors of D⁻¹·H·D⁻¹ (H the Hessian
 * from `directions`, D the pixels per unit), taken back to (w, b) and normalised. The sharp one is the
 * larger eigenvalue's. Equal to `directions`' own vectors (up to sign) when the map is to scale.
 */
export function drawnAxes(
  directions: LandscapeDirections,
  geometry: MapGeometry,
): { sharp: [number, number]; flat: [number, number] } {
  const perW = geometry.width / (geometry.wDomain[1] - geometry.wDomain[0]);
  const perB = geometry.height / (geometry.bDomain[1] - geometry.bDomain[0]);
  const { sharp: s, flat: f, lambdaMax, lambdaMin } = directions;
  // H = λmax·s·sᵀ + λmin·f·fᵀ, seen in pixels.
  const a = (lambdaMax * s[0] * s[0] + lambdaMin * f[0] * f[0]) / (perW * perW);
  const b = (lambdaMax * s[0] * s[1] + lambdaMin * f[0] * f[1]) / (perW * perB);
  const c = (lambdaMax * s[1] * s[1] + lambdaMin * f[1] * f[1]) / (perB * perB);
  // The larger eigenvalue's eigenvector of [[a, b], [b, c]] is at angle ½·atan2(2b, a − c).
  const angle = 0.5 * Math.atan2(2 * b, a - c);
  const back = ([x, y]: [number, number]): [number, number] => {
    const w = x / perW;
    const v = y / perB;
    const length = Math.hypot(w, v);
    return [w / length, v / length];
  };
  return {
    sharp: back([Math.cos(angle), Math.sin(angle)]),
    flat: back([-Math.sin(angle), Math.cos(angle)]),
  };
}

/**
 * The two axes through `centre`, cut to the map, and their labels ("sharp (λ 6.517)" when the map is to
 * scale and wide, else "sharp"), each placed clear of `avoid` (the paths' and markers' boxes, in pixels).
 */
export function eigenAxisMarks(
  directions: LandscapeDirections,
  centre: { w: number; b: number },
  geometry: MapGeometry,
  { avoid, small }: { avoid: readonly Box[]; small: boolean },
): Plot.Markish[] {
  const { wDomain, bDomain } = geometry;
  const axes = drawnAxes(directions, geometry);
  const withLambda = !small && toScale(geometry);
  const pixel = (w: number, b: number) => ({
    x: geometry.left + ((w - wDomain[0]) / (wDomain[1] - wDomain[0])) * geometry.width,
    y: geometry.top + ((bDomain[1] - b) / (bDomain[1] - bDomain[0])) * geometry.height,
  });
  const taken: Box[] = [...avoid];
  const marks: Plot.Markish[] = [];
  for (const [name, vector, lambda] of [
    ["sharp", axes.sharp, directions.lambdaMax],
    ["flat", axes.flat, directions.lambdaMin],
  ] as const) {
    const reach = axisReach(centre, vector, wDomain, bDomain);
    const ends = [
      { w: centre.w - reach * vector[0], b: centre.b - reach * vector[1] },
      { w: centre.w + reach * vector[0], b: centre.b + reach * vector[1] },
    ];
    const text = withLambda ? `${name} (λ ${formatTick(lambda)})` : name;
    const place = labelPlace(text, name, vector, centre, reach, { pixel, geometry, taken });
    taken.push(place.box);
    marks.push(
      Plot.line(ends, {
        x: "w",
        y: "b",
        stroke: THEME.ink,
        strokeOpacity: 0.6,
        strokeWidth: 1,
        strokeDasharray: name === "sharp" ? "6 4" : "2 3",
        clip: true,
        className: `eigen-axis eigen-axis-${name}`,
      }),
      Plot.text([place.at], {
        x: "w",
        y: "b",
        text: () => text,
        fill: THEME.ink,
        stroke: THEME.background,
        strokeWidth: 3,
        paintOrder: "stroke",
        fontSize: LABEL_SIZE,
        textAnchor: place.anchor,
        dx: place.anchor === "end" ? -6 : 6,
        className: `eigen-label eigen-label-${name}`,
      }),
    );
  }
  return marks;
}

const LABEL_SIZE = 11;

/**
 * Where an axis's label goes: beside a point of the axis, 80%, 65%, 50% then 35% of the way to the map's
 * edge (flat towards the top first, sharp towards the bottom, where paths, which start below and
 * overshoot above as a rule, are less in the way; then the other way), reading away from the axis; the
 * first place inside the map and clear of everything taken. The first of them if none is clear.
 */
function labelPlace(
  text: string,
  name: "sharp" | "flat",
  vector: readonly [number, number],
  centre: { w: number; b: number },
  reach: number,
  {
    pixel,
    geometry,
    taken,
  }: {
    pixel: (w: number, b: number) => { x: number; y: number };
    geometry: MapGeometry;
    taken: readonly Box[];
  },
): { at: { w: number; b: number }; anchor: "start" | "end"; box: Box } {
  const up = vector[1] > 0 || (vector[1] === 0 && vector[0] > 0) ? 1 : -1;
  const preferred = name === "flat" ? up : -up;
  const width = textWidth(text, LABEL_SIZE);
  const candidates: { at: { w: number; b: number }; anchor: "start" | "end"; box: Box }[] = [];
  for (const sign of [preferred, -preferred]) {
    for (const fraction of [0.8, 0.65, 0.5, 0.35]) {
      const at = {
        w: centre.w + sign * fraction * reach * vector[0],
        b: centre.b + sign * fraction * reach * vector[1],
      };
      const { x, y } = pixel(at.w, at.b);
      // Reading away from the axis: to the left of it where it runs up to the right, and so on.
      const away = vector[0] * sign >= 0 ? "end" : "start";
      for (const anchor of [away, away === "end" ? "start" : "end"] as const) {
        const x0 = anchor === "end" ? x - 6 - width : x + 6;
        candidates.push({ at, anchor, box: { x0, x1: x0 + width, y0: y - 7, y1: y + 7 } });
      }
    }
  }
  const inside = (box: Box) =>
    box.x0 >= geometry.left &&
    box.x1 <= geometry.left + geometry.width &&
    box.y0 >= geometry.top &&
    box.y1 <= geometry.top + geometry.height;
  return (
    candidates.find(
      (candidate) => inside(candidate.box) && taken.every((other) => !overlaps(candidate.box, other)),
    ) ?? (candidates[0] as (typeof candidates)[number])
  );
}

/** How far along `vector` from `centre` the line stays inside the box (at least to its far corner). */
function axisReach(
  centre: { w: number; b: number },
  vector: readonly [number, number],
  [wLow, wHigh]: readonly [number, number],
  [bLow, bHigh]: readonly [number, number],
): number {
  const limits: number[] = [];
  if (vector[0] !== 0) limits.push(Math.max((wHigh - centre.w) / vector[0], (wLow - centre.w) / vector[0]));
  if (vector[1] !== 0) limits.push(Math.max((bHigh - centre.b) / vector[1], (bLow - centre.b) / vector[1]));
  const reach = Math.min(...limits.map(Math.abs));
  return Number.isFinite(reach) && reach > 0 ? reach : Math.hypot(wHigh - wLow, bHigh - bLow);
}

/** Boxes along a path in pixels (its line and its dots), for labels to keep clear of. */
export function pathObstacles(points: readonly { x: number; y: number }[]): Box[] {
  return [
    ...lineObstacles(points),
    ...points.map((point) => ({ x0: point.x - 3, x1: point.x + 3, y0: point.y - 3, y1: point.y + 3 })),
  ];
}
