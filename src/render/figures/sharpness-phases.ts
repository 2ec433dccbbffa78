/**
 * The phases of the sharpness figure in words: "progressive sharpening" written beside the rising stretch
 * of λmax, clear of every line and label, and "edge of stability" at the top of the band that starts where
 * λmax first reaches the bound; and the same in a sentence for screen readers.
 */
import * as Plot from "@observablehq/plot";
import { EDGE_BAND } from "../../core/judging/edge-of-stability.js";
import { withRealMinus } from "../numbers.js";
import { THEME } from "../theme.js";
import {
  type Box,
  formatSignificant,
  type LinePoint,
  lineObstacles,
  textColor,
  textWidth,
} from "./annotations.js";
import { placeLineLabels } from "./line-labels.js";
import type { SharpnessBoundCurve, SharpnessFigureInput } from "./sharpness.js";
import { SHARPNESS_MARGIN as MARGIN, SHARPNESS_COLORS, SHARPNESS_HEIGHT } from "./sharpness-style.js";

/** The name of the rising stretch beside the curve, and of the edge at the top of its band. */
export function phaseMarks(
  input: SharpnessFigureInput,
  measured: readonly LinePoint[],
  bounds: readonly { bound: SharpnessBoundCurve; points: LinePoint[] }[],
  layout: {
    px: (value: number) => number;
    py: (value: number) => number;
    width: number;
    marginRight: number;
    yTop: number;
    /** Boxes (pixels) the labels keep clear of. */
    avoid: readonly Box[];
  },
): Plot.Markish[] {
  const phases = input.phases;
  if (!phases) return [];
  const marks: Plot.Markish[] = [];
  const { px, py } = layout;
  const inPixels = (points: readonly LinePoint[]) =>
    points.map((p) => ({ x: px(p.x), y: Number.isFinite(p.y) ? py(p.y) : Number.NaN }));
  const edgeLabel =
    phases.edgeFrom === null || !phases.edgeOfStability
      ? null
      : phases.startsAbove && phases.edgeFrom === measured[0]?.x
        ? "above the bound from the start: the edge of stability"
        : "edge of stability";
  const edgeBox =
    edgeLabel === null || phases.edgeFrom === null
      ? null
      : (() => {
          const x0 = px(phases.edgeFrom) + 6;
          return {
            x0,
            x1: x0 + textWidth(edgeLabel, THEME.fontSize, true),
            y0: MARGIN.top,
            y1: MARGIN.top + 16,
          };
        })();
  if (edgeLabel !== null && phases.edgeFrom !== null) {
    // Inside the band's top-left corner, or right-aligned to its end when the band is too narrow for it.
    const fits = edgeBox !== null && edgeBox.x1 <= layout.width - layout.marginRight - 4;
    marks.push(
      Plot.text([{ x: fits ? phases.edgeFrom : input.totalSteps, y: layout.yTop }], {
        x: "x",
        y: "y",
        text: () => edgeLabel,
        dx: fits ? 6 : -6,
        dy: 9,
        textAnchor: fits ? "start" : "end",
        fill: "#7a5b00",
        fontWeight: 600,
        stroke: THEME.background,
        strokeWidth: 3,
        paintOrder: "stroke",
        className: "edge-label",
      }),
    );
  }
  const sharpening = phases.sharpening;
  if (sharpening) {
    const rising = measured.filter((p) => p.x >= sharpening.from && p.x <= sharpening.to);
    const others = [...bounds.map((b) => b.points), measured.filter((p) => !rising.includes(p))];
    const [placed] = placeLineLabels([{ text: "progressive sharpening ↗", points: inPixels(rising) }], {
      bounds: {
        x0: MARGIN.left,
        x1: layout.width - layout.marginRight,
        y0: MARGIN.top,
        y1: SHARPNESS_HEIGHT - 28,
      },
      fontSize: THEME.fontSize,
      gap: 6,
      avoid: [
        ...others.flatMap((points) => lineObstacles(inPixels(points))),
        ...(edgeBox ? [edgeBox] : []),
        ...layout.avoid,
      ],
    });
    if (placed) marks.push(pixelText(placed, "progressive sharpening ↗", layout, "sharpening-label"));
  }
  return marks;
}

/** A text mark at a pixel position, inverted through the panel's scales. */
function pixelText(
  placed: { x: number; y: number; anchor: "start" | "end" },
  text: string,
  layout: { px: (value: number) => number; py: (value: number) => number },
  className: string,
): Plot.Markish {
  return Plot.text([placed], {
    x: () => invert(layout.px, placed.x),
    y: () => invert(layout.py, placed.y),
    text: () => text,
    textAnchor: placed.anchor,
    fill: textColor(SHARPNESS_COLORS.measured),
    fontWeight: 600,
    stroke: THEME.background,
    strokeWidth: 3,
    paintOrder: "stroke",
    className,
  });
}

/** The value a linear pixel map sends to `pixel`. */
function invert(map: (value: number) => number, pixel: number): number {
  const [a, b] = [map(0), map(1)];
  return (pixel - a) / (b - a);
}

/** The phases in a sentence, for screen readers. */
export function phaseSentence(input: SharpnessFigureInput): string {
  const phases = input.phases;
  if (!phases) return "";
  const parts: string[] = [];
  if (phases.sharpening) {
    parts.push(
      `Progressive sharpening: λmax rises from ${withRealMinus(formatSignificant(phases.sharpening.fromValue, 4))} at step ${phases.sharpening.from} to ${withRealMinus(formatSignificant(phases.sharpening.toValue, 4))} at step ${phases.sharpening.to}.`,
    );
  }
  if (phases.fellBelowFrom !== null && !phases.edgeOfStability) {
    parts.push(`λmax starts above the bound and falls below it by step ${phases.fellBelowFrom}.`);
  }
  if (phases.edgeFrom !== null && phases.edgeOfStability) {
    parts.push(
      `From step ${phases.edgeFrom} λmax is at the bound or above it (the edge of stability), within ${Math.round(100 * EDGE_BAND)}% of it or above at ${phases.atEdge} of ${phases.afterEdge} measurements.`,
    );
  }
  return parts.join(" ");
}
