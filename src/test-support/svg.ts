/** Reading figures back in tests: parse the SVG and find marks by the class names the figures give them. */
import { DOMParser } from "linkedom";
import { textWidth } from "../render/text.js";

export function parseSvg(svg: string): Document {
  return new DOMParser().parseFromString(svg, "image/svg+xml") as unknown as Document;
}

/** The elements drawn by a mark: the children of the `<g class="…">` groups with that class. */
export function markElements(document: Document, className: string, tag: string): Element[] {
  return [...document.querySelectorAll(`g.${className}`)].flatMap((group) => [
    ...group.querySelectorAll(tag),
  ]);
}

/** The points of an SVG path's `d` (M and L commands only, as Plot's lines and links use). */
export function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,](-?[\d.e+-]+)/g)].map((match) => [
    Number(match[1]),
    Number(match[2]),
  ]);
}

/** The panels of a figure: the <svg> elements directly inside its frame, left to right, top to bottom. */
export function panelsOf(svg: Document): Element[] {
  return [...svg.documentElement.children].filter((element) => element.tagName.toLowerCase() === "svg");
}

/** The text of each `<text>` in the `<g class="…">` groups with that class, in document order. */
export function textsOf(svg: Document | Element, className: string): string[] {
  return [...svg.querySelectorAll(`g.${className} text`)].map((text) => text.textContent ?? "");
}

/** An element's `transform="translate(x,y)"` as [x, y]; NaN where it has none. */
export function translation(element: Element | null | undefined): [number, number] {
  const match = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(element?.getAttribute("transform") ?? "");
  return [Number(match?.[1]), Number(match?.[2])];
}

/** A number as a figure writes it, its real minus signs (−) read as "-": "−0.5" is −0.5, "2e−4" 2e-4. */
export function numberOf(text: string | null): number {
  return Number((text ?? "").replace(/−/g, "-"));
}

/**
 * An axis's value → pixel map, read back from the first and last of its labelled ticks: the oracle for
 * where a mark should be, independent of how the figure computed it. `log` for a logarithmic axis.
 */
export function axisOf(panel: Element, axis: "x" | "y", log = false): (value: number) => number {
  const ticks = [...panel.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)]
    .filter((text) => text.textContent)
    .map((text) => {
      const [x, y] = translation(text);
      return { value: numberOf(text.textContent), at: axis === "x" ? x : y };
    });
  const a = ticks[0] as { value: number; at: number };
  const b = ticks[ticks.length - 1] as { value: number; at: number };
  const f = log ? Math.log : (value: number) => value;
  return (value) => a.at + ((f(value) - f(a.value)) * (b.at - a.at)) / (f(b.value) - f(a.value));
}

/** Whether a path's points include the pixel (x, y), to half a pixel either way. */
export function hasPointNear(points: readonly (readonly [number, number])[], x: number, y: number): boolean {
  return points.some(([px, py]) => Math.abs(px - x) < 0.5 && Math.abs(py - y) < 0.5);
}

/** A rectangle in pixels. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The estimated boxes, in pixels of their panel, of the `<text>`s inside the elements matching
 * `selector`: placed from the text's and its group's `translate()`, its `text-anchor`, and the baseline
 * shift Plot writes (`y="0.32em"` for middle, `0.71em` for top); as wide as text.ts estimates Inter at
 * the font size and weight they inherit (12 px by default), and as tall as the font size. An oracle for
 * "labels do not overlap".
 */
export function textBoxes(root: Document | Element, selector: string): PixelBox[] {
  return [...root.querySelectorAll(selector)].flatMap((group) =>
    [...(group.tagName.toLowerCase() === "text" ? [group] : group.querySelectorAll("text"))].map((text) => {
      const owner = text.parentElement ?? group;
      // Inherited, as SVG does: Plot writes text-anchor="middle" once, on its <svg>.
      const attribute = (name: string) => text.closest(`[${name}]`)?.getAttribute(name) ?? null;
      const [gx, gy] = translation(owner);
      const [tx, ty] = translation(text);
      const fontSize = Number.parseFloat(attribute("font-size") ?? "12");
      const bold = Number(attribute("font-weight") ?? 400) >= 600;
      const width = textWidth(text.textContent ?? "", fontSize, bold);
      const anchor = attribute("text-anchor") ?? "start";
      const x = (Number.isNaN(gx) ? 0 : gx) + tx + Number(text.getAttribute("x") ?? 0);
      const baseline =
        (Number.isNaN(gy) ? 0 : gy) + ty + Number.parseFloat(text.getAttribute("y") ?? "0") * fontSize;
      const x0 = anchor === "end" ? x - width : anchor === "middle" ? x - width / 2 : x;
      return { x0, x1: x0 + width, y0: baseline - 0.75 * fontSize, y1: baseline + 0.2 * fontSize };
    }),
  );
}

/** Whether two boxes overlap (touching edges do not). */
export function boxesOverlap(a: PixelBox, b: PixelBox): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** The pixel distance from a box to the nearest point of a polyline (0 when the line enters the box). */
export function distanceToPath(box: PixelBox, points: readonly (readonly [number, number])[]): number {
  let nearest = Number.POSITIVE_INFINITY;
  const from = (x: number, y: number) =>
    Math.hypot(Math.max(box.x0 - x, 0, x - box.x1), Math.max(box.y0 - y, 0, y - box.y1));
  points.forEach(([x, y], i) => {
    const previous = points[i - 1];
    nearest = Math.min(nearest, from(x, y));
    if (!previous) return;
    const steps = Math.min(1000, Math.ceil(Math.hypot(x - previous[0], y - previous[1])));
    for (let k = 1; k < steps; k++) {
      nearest = Math.min(
        nearest,
        from(previous[0] + ((x - previous[0]) * k) / steps, previous[1] + ((y - previous[1]) * k) / steps),
      );
    }
  });
  return nearest;
}
