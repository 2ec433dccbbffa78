/**
 * Rendering in Node: a DOM document from linkedom for Plot, and SVG → PNG with resvg using the bundled
 * Inter font, so a PNG looks the same on a machine with no fonts installed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import { parseHTML } from "linkedom";
import type { Figure, RenderEnvironment } from "./frame.js";

/** A DOM environment for building figures in Node. */
export function nodeEnvironment(): RenderEnvironment {
  const { document } = parseHTML("<!doctype html><html><head></head><body></body></html>");
  return { document: document as unknown as Document };
}

const require = createRequire(import.meta.url);

/** The bundled font files (Inter, SIL Open Font License), resolved inside node_modules. */
export const FONT_FILES: readonly string[] = [
  require.resolve("@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf"),
  require.resolve("@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf"),
];

/** Renders a figure's SVG to PNG bytes at `scale` × its CSS size (2 by default, for sharp text). */
export function figureToPng(figure: Pick<Figure, "svg" | "width">, scale = 2): Uint8Array {
  const resvg = new Resvg(guardClippedGroups(figure.svg), {
    font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: "Inter" },
    fitTo: { mode: "width", value: Math.round(figure.width * scale) },
    background: "white",
  });
  return resvg.render().asPng();
}

/**
 * resvg 2.6 aborts the whole process (a Rust panic, not an exception) on a clipped group whose content lies
 * entirely outside its clip, e.g. a diverged line far off the chart. Giving every clipped group an invisible
 * rectangle the size of its clip means there is always something inside; nothing visible changes.
 */
export function guardClippedGroups(svg: string): string {
  const clips = new Map(
    [...svg.matchAll(/<clipPath id="([^"]+)"[^>]*>\s*<rect ([^>]*?)\/?>/g)].map((match) => [
      match[1],
      match[2],
    ]),
  );
  return svg.replace(/<g([^>]*?) clip-path="url\(#([^)]+)\)"([^>]*)>/g, (group, _before, id: string) => {
    const rect = clips.get(id);
    return rect === undefined ? group : `${group}<rect ${rect} fill="#000" fill-opacity="0"/>`;
  });
}

/** Width and height of a PNG, read from its IHDR chunk (for checks and tests). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (png.length < 24 || signature.some((byte, i) => png[i] !== byte)) throw new Error("not a PNG");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** `@font-face` rules with the bundled Inter inlined as base64, for self-contained HTML. */
export function embeddedFontCss(): string {
  const weights = [400, 600];
  return FONT_FILES.map(
    (file, i) =>
      `@font-face { font-family: "Inter"; font-weight: ${weights[i]}; src: url(data:font/ttf;base64,${readFileSync(file).toString("base64")}) format("truetype"); }`,
  ).join("\n");
}
