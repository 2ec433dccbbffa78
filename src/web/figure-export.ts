/**
 * Saving what the page shows: a panel's chart as a standalone SVG (serialized, with the canvas of many
 * points embedded as an image under it) or as a PNG (that SVG drawn on a canvas at twice the size), and
 * any text (the run's JSON or CSV) as a file. Everything happens in the page: nothing is uploaded.
 */
import { THEME } from "../render/theme.js";
import type { ExportFigure } from "./views/panel.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** How far something reaches past each edge of a figure, in the figure's own pixels. */
export interface Overhang {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Room kept around text that reaches past the figure's edge, so no glyph touches the picture's edge. */
const OVERHANG_PAD = 2;

/**
 * How far the figure's text reaches past its edges as laid out on the page: a tick label centred on the
 * frame's last tick (the step axis's "100") overhangs the right edge. On screen the SVG's visible overflow
 * shows it; a saved picture is cut at the SVG's size, so the picture grows to take it in.
 */
export function textOverhang(svg: SVGSVGElement, width: number, height: number): Overhang {
  const frame = svg.getBoundingClientRect();
  if (frame.width === 0 || frame.height === 0) return { left: 0, top: 0, right: 0, bottom: 0 };
  const scaleX = width / frame.width;
  const scaleY = height / frame.height;
  let [left, top, right, bottom] = [0, 0, 0, 0];
  for (const text of svg.querySelectorAll("text")) {
    const box = text.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue; // not drawn
    left = Math.max(left, (frame.left - box.left) * scaleX);
    top = Math.max(top, (frame.top - box.top) * scaleY);
    right = Math.max(right, (box.right - frame.right) * scaleX);
    bottom = Math.max(bottom, (box.bottom - frame.bottom) * scaleY);
  }
  const room = (reach: number) => (reach > 0 ? Math.ceil(reach + OVERHANG_PAD) : 0);
  return { left: room(left), top: room(top), right: room(right), bottom: room(bottom) };
}

/**
 * The figure as standalone SVG text: white background, the font named, the points' canvas inlined, and
 * grown by {@link textOverhang} so that no label is cut.
 */
export function figureSvgText({ svg, underlay }: ExportFigure): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const width = Number(svg.getAttribute("width") ?? svg.clientWidth);
  const height = Number(svg.getAttribute("height") ?? svg.clientHeight);
  const over = textOverhang(svg, width, height);
  const outerWidth = width + over.left + over.right;
  const outerHeight = height + over.top + over.bottom;
  copy.setAttribute("xmlns", SVG_NS);
  copy.setAttribute("width", String(outerWidth));
  copy.setAttribute("height", String(outerHeight));
  // The figure's own coordinates stay as they were (Plot's and render's viewBox is 0 0 width height).
  copy.setAttribute("viewBox", `${-over.left} ${-over.top} ${outerWidth} ${outerHeight}`);
  copy.setAttribute("font-family", THEME.fontFamily);
  copy.style.background = THEME.background;
  for (const focusable of copy.querySelectorAll("[tabindex]")) focusable.removeAttribute("tabindex");
  const first = copy.firstChild;
  const background = document.createElementNS(SVG_NS, "rect");
  background.setAttribute("x", String(-over.left));
  background.setAttribute("y", String(-over.top));
  background.setAttribute("width", String(outerWidth));
  background.setAttribute("height", String(outerHeight));
  background.setAttribute("fill", THEME.background);
  copy.insertBefore(background, first);
  if (underlay) {
    const image = document.createElementNS(SVG_NS, "image");
    image.setAttribute("href", underlay.toDataURL("image/png"));
    image.setAttribute("width", String(width));
    image.setAttribute("height", String(height));
    copy.insertBefore(image, first);
  }
  return new XMLSerializer().serializeToString(copy);
}

/** A font file the page loaded, to be embedded where the page's fonts do not reach. */
export interface EmbeddedFont {
  readonly url: string;
  readonly weight: string;
}

/** `url`'s bytes as a data: URL. */
async function dataUrlOf(url: string): Promise<string> {
  const blob = await (await fetch(url)).blob();
  return await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/**
 * The SVG text with Inter's faces inside it: an SVG drawn as an image sees none of the page's fonts, and
 * the fallback's wider letters would run past the figure's edge (its text is laid out for Inter).
 */
async function withFonts(text: string, fonts: readonly EmbeddedFont[]): Promise<string> {
  if (fonts.length === 0) return text;
  const faces = await Promise.all(
    fonts.map(
      async ({ url, weight }) =>
        `@font-face{font-family:Inter;font-weight:${weight};src:url(${await dataUrlOf(url)}) format("truetype")}`,
    ),
  );
  const at = text.indexOf(">") + 1;
  return `${text.slice(0, at)}<style>${faces.join("")}</style>${text.slice(at)}`;
}

/** The figure as PNG bytes at `scale` × its size, in the page's font when `fonts` are given. */
export async function figurePngBlob(
  figure: ExportFigure,
  scale = 2,
  fonts: readonly EmbeddedFont[] = [],
): Promise<Blob> {
  const text = await withFonts(figureSvgText(figure), fonts);
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("this browser cannot draw on a canvas");
    context.fillStyle = THEME.background;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG encoding failed"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Offers `blob` as a download named `fileName`. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
