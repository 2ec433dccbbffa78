/**
 * Animated GIF in Node: each frame's SVG rendered to pixels by resvg (with the bundled Inter font, as
 * PNGs are), one palette for the whole film, encoded by gifenc.
 *
 * Kept small: a frame after the first stores only the pixels that changed (the rest transparent, drawn
 * over the previous frame), and LZW compresses those long transparent runs to almost nothing; the points,
 * axes and the green line are stored once.
 */
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import type { Palette } from "gifenc";
import type { Figure } from "./frame.js";
import { FONT_FILES } from "./node.js";

const require = createRequire(import.meta.url);
const gifenc = require("gifenc") as typeof import("gifenc");

/** One frame's pixels, RGBA row by row. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** Renders a figure's SVG to RGBA pixels, `width` pixels wide (the height follows), on white. */
export function figureToRgba(figure: Pick<Figure, "svg">, width: number): RgbaImage {
  const image = new Resvg(figure.svg, resvgOptions(width)).render();
  return { width: image.width, height: image.height, pixels: new Uint8Array(image.pixels) };
}

function resvgOptions(width: number) {
  return {
    font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: "Inter" },
    fitTo: { mode: "width" as const, value: Math.round(width) },
    background: "white",
  };
}

/** Renders figures to pixels one at a time, as they are asked for. */
export function* renderFrames(figures: readonly Pick<Figure, "svg">[], width: number): Generator<RgbaImage> {
  for (const figure of figures) yield figureToRgba(figure, width);
}

/**
 * Encodes frames of one size as a looping GIF; `delays` in milliseconds, one per frame. Frames are taken
 * one at a time, so a long film never sits in memory as pixels; the palette, one for the whole film, is
 * made from the first `paletteFrames` (the start of a film shows every colour it uses).
 */
export function encodeGif(
  frames: Iterable<RgbaImage>,
  delays: readonly number[],
  paletteFrames = 8,
): Uint8Array {
  const iterator = frames[Symbol.iterator]();
  const buffered: RgbaImage[] = [];
  for (let next = iterator.next(); ; next = iterator.next()) {
    if (next.done) break;
    buffered.push(next.value);
    if (buffered.length >= paletteFrames) break;
  }
  const first = buffered[0];
  if (!first) throw new RangeError("encodeGif: expected at least one frame");
  const { width, height } = first;
  const checkSize = (frame: RgbaImage, i: number) => {
    if (frame.width !== width || frame.height !== height) {
      throw new RangeError(`encodeGif: frame ${i} is ${frame.width}×${frame.height}, not ${width}×${height}`);
    }
  };
  buffered.forEach(checkSize);
  const palette = sharedPalette(buffered);
  // The last entry is never a drawn colour: it marks "unchanged, see the frame below".
  const transparentIndex = palette.length;
  const fullPalette: Palette = [...palette, [255, 0, 255]];
  const encoder = gifenc.GIFEncoder();
  let previous: Uint8Array | null = null;
  let i = 0;
  const write = (frame: RgbaImage) => {
    checkSize(frame, i);
    const index = gifenc.applyPalette(frame.pixels, palette);
    encoder.writeFrame(previous ? changedOnly(index, previous, transparentIndex) : index, width, height, {
      ...(i === 0 ? { palette: fullPalette, repeat: 0 } : {}),
      delay: delays[i] ?? 100,
      transparent: previous !== null,
      transparentIndex,
      dispose: 1,
    });
    previous = index;
    i++;
  };
  for (const frame of buffered) write(frame);
  buffered.length = 0;
  for (let next = iterator.next(); !next.done; next = iterator.next()) write(next.value);
  encoder.finish();
  return encoder.bytes();
}

/** One palette of ≤ 255 colours from a few frames. */
function sharedPalette(frames: readonly RgbaImage[]): Palette {
  const size = (frames[0] as RgbaImage).pixels.length;
  const sample = new Uint8Array(size * frames.length);
  frames.forEach((frame, i) => {
    sample.set(frame.pixels, i * size);
  });
  return gifenc.quantize(sample, 255);
}

function changedOnly(index: Uint8Array, previous: Uint8Array, transparentIndex: number): Uint8Array {
  const stored = new Uint8Array(index.length);
  for (let i = 0; i < index.length; i++) {
    stored[i] = index[i] === previous[i] ? transparentIndex : (index[i] as number);
  }
  return stored;
}

/** What a GIF's header says: its version, logical screen size and number of frames (for checks and tests). */
export function gifInfo(bytes: Uint8Array): {
  version: string;
  width: number;
  height: number;
  frames: number;
} {
  const version = String.fromCharCode(...bytes.subarray(0, 6));
  if (version !== "GIF89a" && version !== "GIF87a") throw new Error("not a GIF");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    version,
    width: view.getUint16(6, true),
    height: view.getUint16(8, true),
    frames: countImages(bytes),
  };
}

/** Walks the GIF's blocks and counts image descriptors. */
function countImages(bytes: Uint8Array): number {
  const packed = bytes[10] as number;
  let at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  let images = 0;
  const skipSubBlocks = () => {
    while (at < bytes.length && bytes[at] !== 0) at += (bytes[at] as number) + 1;
    at++;
  };
  while (at < bytes.length) {
    const introducer = bytes[at];
    if (introducer === 0x3b) break; // trailer
    if (introducer === 0x21) {
      at += 2; // extension introducer and label
      skipSubBlocks();
    } else if (introducer === 0x2c) {
      images++;
      const local = bytes[at + 9] as number;
      at += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
      at++; // LZW minimum code size
      skipSubBlocks();
    } else throw new Error(`not a GIF block at byte ${at}`);
  }
  return images;
}

/** Renders an animation's still frames and encodes them as a GIF `width` pixels wide. */
export function animationToGif(
  animation: { readonly frames: readonly Figure[]; readonly delays: readonly number[] },
  width: number,
): Uint8Array {
  return encodeGif(renderFrames(animation.frames, width), animation.delays);
}
