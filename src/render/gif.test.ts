import { describe, expect, it } from "vitest";
import { encodeGif, figureToRgba, gifInfo, type RgbaImage } from "./gif.js";

/** A width × height image of one colour with a `mark`-coloured square at (x, y). */
function image(width: number, height: number, x: number, y: number): RgbaImage {
  const pixels = new Uint8Array(width * height * 4).fill(255);
  for (let row = y; row < y + 4; row++) {
    for (let column = x; column < x + 4; column++) {
      pixels.set([213, 94, 0, 255], (row * width + column) * 4);
    }
  }
  return { width, height, pixels };
}

describe("encodeGif", () => {
  it("writes a looping GIF89a of the frames' size with one image per frame", () => {
    const frames = [0, 8, 16, 24].map((x) => image(40, 30, x, 10));
    const gif = encodeGif(frames, [500, 100, 100, 2000]);
    expect(gifInfo(gif)).toEqual({ version: "GIF89a", width: 40, height: 30, frames: 4 });
    expect(String.fromCharCode(...gif.subarray(0, 6))).toBe("GIF89a");
    // logical screen width and height, little-endian, at bytes 6–9: 40 = 0x28, 30 = 0x1e
    expect([...gif.subarray(6, 10)]).toEqual([0x28, 0, 0x1e, 0]);
    expect(gif.at(-1)).toBe(0x3b); // the trailer
  });

  it("stores only what changed: ten identical busy frames cost little more than one", () => {
    // A busy picture: pseudo-random greys, which LZW cannot shorten much.
    const busy = image(200, 100, 10, 10);
    let seed = 1;
    for (let i = 0; i < 200 * 100; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      busy.pixels.fill(seed >>> 24, 4 * i, 4 * i + 3);
    }
    const one = encodeGif([busy], [100]);
    const ten = encodeGif(Array(10).fill(busy), Array(10).fill(100));
    expect(one.length).toBeGreaterThan(10_000);
    expect(ten.length).toBeLessThan(1.5 * one.length);
  });

  it("refuses frames of different sizes", () => {
    expect(() => encodeGif([image(10, 10, 0, 0), image(12, 10, 0, 0)], [100, 100])).toThrow(
      /frame 1 is 12×10/,
    );
  });
});

describe("figureToRgba", () => {
  it("renders an SVG to RGBA pixels at the asked width", () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="50" height="50" fill="#D55E00"/></svg>';
    const { width, height, pixels } = figureToRgba({ svg }, 200);
    expect([width, height, pixels.length]).toEqual([200, 100, 200 * 100 * 4]);
    expect([...pixels.subarray(0, 4)]).toEqual([0xd5, 0x5e, 0x00, 255]); // top-left: the rectangle
    expect([...pixels.subarray(199 * 4, 200 * 4)]).toEqual([255, 255, 255, 255]); // top-right: white
  });
});

describe("gifInfo", () => {
  it("refuses what is not a GIF", () => {
    expect(() => gifInfo(new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]))).toThrow(/not a GIF/);
  });
});
