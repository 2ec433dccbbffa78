/**
 * Types for gifenc 1.0.3 (a pure-JS GIF encoder, MIT), which ships none: the part lrlab uses.
 * In Node it is a CommonJS module whose exports Node cannot list for `import`, so gif.ts `require`s it.
 */
declare module "gifenc" {
  /** A palette of [r, g, b] colours, at most 256. */
  export type Palette = number[][];

  export interface FrameOptions {
    /** Required on the first frame (it becomes the global colour table); omitted later, the global one is used. */
    palette?: Palette;
    /** Milliseconds; stored in hundredths of a second. */
    delay?: number;
    /** 0 loops forever, −1 plays once. */
    repeat?: number;
    transparent?: boolean;
    transparentIndex?: number;
    /** GIF disposal method; 1 leaves the frame in place under the next. */
    dispose?: number;
  }

  export interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: FrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
  }

  export function GIFEncoder(options?: { initialCapacity?: number }): Encoder;
  export function quantize(
    rgba: Uint8Array | Uint8ClampedArray,
    maxColors: number,
    options?: { format?: "rgb565" | "rgb444" },
  ): Palette;
  export function applyPalette(
    rgba: Uint8Array | Uint8ClampedArray,
    palette: Palette,
    format?: "rgb565" | "rgb444",
  ): Uint8Array;
}
