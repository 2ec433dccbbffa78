/**
 * The landscape figure's legend, drawn as SVG marks in a panel of its own: Plot's own legends are HTML
 * and would not survive into a standalone SVG or a PNG.
 */
import * as Plot from "@observablehq/plot";
import { THEME } from "../theme.js";
import { PANEL_STYLE } from "./annotations.js";

export type LegendKind = "path" | "start" | "optimum" | "sharp" | "flat" | "contour";

export interface LegendEntry {
  kind: LegendKind;
  label: string;
  color: string;
}

/**
 * The legend as a small SVG panel: a swatch and a label per entry, in `columns` columns filled top to
 * bottom, then left to right.
 */
export function legendPanel(
  document: Document,
  {
    width,
    height,
    columns,
    entries,
  }: { width: number; height?: number; columns: number; entries: readonly LegendEntry[] },
): SVGElement {
  const rowHeight = 22;
  const perColumn = Math.ceil(entries.length / columns);
  const columnWidth = (width - 8) / columns;
  const rows = entries.map((entry, k) => ({
    ...entry,
    x: Math.floor(k / perColumn) * columnWidth,
    y: k % perColumn,
  }));
  const panelHeight = height ?? perColumn * rowHeight + 24;
  const of = (kinds: readonly LegendKind[]) => rows.filter((row) => kinds.includes(row.kind));
  const swatch = (kinds: readonly LegendKind[], dash: string | undefined) =>
    Plot.link(of(kinds), {
      x1: "x",
      x2: (row: { x: number }) => row.x + 26,
      y1: "y",
      y2: "y",
      stroke: "color",
      strokeWidth: kinds.includes("path") ? 2 : 1.2,
      ...(dash ? { strokeDasharray: dash } : {}),
      className: "legend-swatch",
    });
  const centred = (row: { x: number }) => row.x + 13;
  return Plot.plot({
    document,
    width,
    height: panelHeight,
    marginTop: 18,
    marginLeft: 4,
    marginRight: 4,
    marginBottom: 0,
    style: PANEL_STYLE,
    x: { axis: null, domain: [0, width - 8] },
    y: { axis: null, domain: [0, (panelHeight - 18) / rowHeight], reverse: true },
    color: { type: "identity" },
    marks: [
      swatch(["path"], undefined),
      Plot.dot(of(["path"]), { x: centred, y: "y", r: 2.2, fill: "color", className: "legend-swatch" }),
      swatch(["sharp"], "6 4"),
      swatch(["flat"], "2 3"),
      swatch(["contour"], undefined),
      Plot.dot(of(["start"]), {
        x: centred,
        y: "y",
        r: 6,
        fill: THEME.background,
        stroke: THEME.ink,
        strokeWidth: 2,
        className: "legend-swatch",
      }),
      Plot.dot(of(["optimum"]), {
        x: centred,
        y: "y",
        r: 8,
        symbol: "star",
        fill: THEME.ideal,
        className: "legend-swatch",
      }),
      Plot.text(rows, {
        x: (row: { x: number }) => row.x + 34,
        y: "y",
        text: "label",
        textAnchor: "start",
        fill: THEME.ink,
        className: "legend-label",
      }),
    ],
  }) as unknown as SVGElement;
}
