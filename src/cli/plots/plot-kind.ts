/**
 * One kind of figure for `lrlab plot KIND`: its flags and how to build it from parsed options.
 * Building means computing with the core and drawing with src/render; writing the file is plot.ts's job.
 */
import type { Command } from "commander";
import type { Figure, RenderEnvironment } from "../../render/frame.js";
import type { Io } from "../io.js";

export interface PlotKind {
  readonly name: string;
  readonly description: string;
  /** Formats this kind writes besides svg, png and html (the animation's gif), each by `encode`. */
  readonly extraFormats?: readonly string[];
  /** Formats this kind refuses to write, each with the reason and what to write instead. */
  readonly refusedFormats?: Readonly<Record<string, string>>;
  /** Adds the kind's own flags (and the shared run flags, where they apply). */
  configure(command: Command): void;
  /** Computes and draws the figure. `inputs` are paths the output must never overwrite. */
  build(
    options: Readonly<Record<string, unknown>>,
    io: Io,
    environment: RenderEnvironment,
  ): Promise<BuiltFigure>;
}

export interface BuiltFigure {
  figure: Figure;
  inputs: readonly string[];
  /** The file's bytes in one of the kind's `extraFormats`. */
  encode?: (format: string) => Uint8Array;
}
