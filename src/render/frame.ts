/**
 * Every figure is one standalone SVG: a title that says what it shows, a subtitle with the numbers that
 * matter, then the chart (or a grid of small multiples) made with Observable Plot.
 *
 * Plot needs a DOM `document` to build its SVG; the caller passes one in (the browser's, or linkedom's in
 * Node, see node.ts), so this module runs unchanged in both. Titles are written here, escaped, because
 * Plot would put them in an HTML <figure> around the SVG.
 */
import { escapeXml } from "./escape.js";
import { textWidth } from "./text.js";
import { THEME } from "./theme.js";

/** Where figures are built: a DOM document to make elements with. */
export interface RenderEnvironment {
  readonly document: Document;
}

/** A finished figure: standalone SVG text and its size in CSS pixels. */
export interface Figure {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  /** The figure's title, for file names, HTML headings and alt text. */
  readonly title: string;
}

export interface FrameOptions {
  title: string;
  subtitle?: string | undefined;
  /** Plot SVGs (or any SVG elements) laid out in a grid, left to right, top to bottom. */
  panels: readonly SVGElement[];
  /** Panels per row; default: all in one row. */
  columns?: number;
  /** Panels in each row, top to bottom, when rows differ (a header over a pair, say); overrides `columns`. */
  rowSizes?: readonly number[];
  /** A short description for screen readers; default: the title and subtitle. */
  description?: string;
}

const PADDING = 16;
/** Pixels between panels, across and down. */
export const PANEL_GAP = 12;
const GAP = PANEL_GAP;

/** Wraps Plot panels in one SVG with a title and subtitle. Every string is escaped. */
export function frame({
  title,
  subtitle,
  panels,
  columns = panels.length,
  rowSizes,
  description,
}: FrameOptions): Figure {
  const sizes = panels.map((panel) => ({
    width: Number(panel.getAttribute("width") ?? 0),
    height: Number(panel.getAttribute("height") ?? 0),
  }));
  const rows: (typeof sizes)[] = [];
  if (rowSizes) {
    let start = 0;
    for (const count of rowSizes) {
      rows.push(sizes.slice(start, start + count));
      start += count;
    }
  } else for (let i = 0; i < sizes.length; i += columns) rows.push(sizes.slice(i, i + columns));
  const rowWidths = rows.map(
    (row) => row.reduce((sum, size) => sum + size.width, 0) + GAP * (row.length - 1),
  );
  const rowHeights = rows.map((row) => Math.max(...row.map((size) => size.height)));
  const width = Math.ceil(Math.max(...rowWidths, 320) + 2 * PADDING);
  const subtitleRows = subtitle ? fitSubtitle(subtitle, width - 2 * PADDING) : [];
  const lineHeight = THEME.subtitleSize + 4;
  const headerHeight =
    PADDING +
    THEME.titleSize +
    (subtitleRows.length > 0 ? 6 + THEME.subtitleSize + (subtitleRows.length - 1) * lineHeight : 0) +
    12;
  const height = Math.ceil(
    headerHeight + rowHeights.reduce((sum, h) => sum + h, 0) + GAP * (rows.length - 1) + PADDING,
  );

  const parts: string[] = [];
  let y = headerHeight;
  let index = 0;
  rows.forEach((row, r) => {
    let x = PADDING;
    for (const size of row) {
      const panel = panels[index++] as SVGElement;
      panel.setAttribute("x", String(x));
      panel.setAttribute("y", String(y));
      parts.push(uniqueIds(panel.outerHTML, `p${index}-`));
      x += size.width + GAP;
    }
    y += (rowHeights[r] as number) + GAP;
  });

  const titleY = PADDING + THEME.titleSize - 2;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${escapeXml(THEME.fontFamily)}" role="img">` +
    `<title>${escapeXml(title)}</title><desc>${escapeXml(description ?? [title, subtitle].filter(Boolean).join(". "))}</desc>` +
    `<rect width="${width}" height="${height}" fill="${THEME.background}"/>` +
    `<text class="figure-title" x="${PADDING}" y="${titleY}" font-size="${THEME.titleSize}" font-weight="600" fill="${THEME.ink}">${escapeXml(title)}</text>` +
    (subtitle
      ? `<text class="figure-subtitle" x="${PADDING}" y="${titleY + 6 + THEME.subtitleSize}" font-size="${THEME.subtitleSize}" fill="${THEME.muted}">${
          subtitleRows.length === 1
            ? escapeXml(subtitle)
            : subtitleRows
                .map(
                  (row, i) =>
                    `<tspan x="${PADDING}"${i === 0 ? "" : ` dy="${lineHeight}"`}>${escapeXml(row)}</tspan>`,
                )
                .join("")
        }</text>`
      : "") +
    parts.join("") +
    "</svg>";
  return { svg, width, height, title };
}

/**
 * The subtitle in rows that fit `maxWidth`, every figure's one rule: broken after a " · " where it can be,
 * else after a space; the rows joined give the subtitle back unchanged (its text for screen readers).
 */
export function fitSubtitle(subtitle: string, maxWidth: number): string[] {
  if (textWidth(subtitle, THEME.subtitleSize) <= maxWidth) return [subtitle];
  const pieces = subtitle
    .split(/(?<= · )/)
    .flatMap((piece) => (textWidth(piece, THEME.subtitleSize) <= maxWidth ? [piece] : piece.split(/(?<= )/)));
  const rows: string[] = [];
  let row = "";
  for (const piece of pieces) {
    if (row !== "" && textWidth((row + piece).trimEnd(), THEME.subtitleSize) > maxWidth) {
      rows.push(row);
      row = piece;
    } else row += piece;
  }
  if (row !== "") rows.push(row);
  return rows;
}

/**
 * Prefixes every id in a panel (and the references to it), so panels combined in one SVG never share an
 * id: Plot numbers its clip paths from 1 in each plot, and `url(#plot-clip-1)` would otherwise resolve to
 * the first panel's clip in all of them.
 */
function uniqueIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`);
}
