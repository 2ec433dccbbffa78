/** Reading figures back in tests: parse the SVG and find marks by the class names the figures give them. */
import { DOMParser } from "linkedom";

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

/**
 * An axis's value → pixel map, read back from the first and last of its labelled ticks: the oracle for
 * where a mark should be, independent of how the figure computed it. `log` for a logarithmic axis.
 */
export function axisOf(panel: Element, axis: "x" | "y", log = false): (value: number) => number {
  const ticks = [...panel.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)]
    .filter((text) => text.textContent)
    .map((text) => {
      const [x, y] = translation(text);
      return { value: Number(text.textContent), at: axis === "x" ? x : y };
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
