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
