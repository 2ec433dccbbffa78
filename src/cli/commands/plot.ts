/**
 * `lrlab plot KIND`: one figure of the lesson as SVG, PNG or a self-contained HTML page.
 * Each kind (src/cli/plots/) computes with the core and draws with src/render; this file writes it.
 */
import { extname } from "node:path";
import { type Command, Option } from "commander";
import { LrlabError } from "../../core/errors.js";
import type { Figure } from "../../render/frame.js";
import type { Io } from "../io.js";
import { refuseOutputOverInput } from "../output-guard.js";
import { PLOT_KINDS } from "../plots/index.js";
import type { PlotKind } from "../plots/plot-kind.js";

export const FIGURE_FORMATS = ["svg", "png", "html"] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

export function registerPlot(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const plot = program
    .command("plot")
    .description("draw a figure of the lesson: lrlab plot KIND --out FILE.svg|png|html");
  for (const kind of PLOT_KINDS) {
    const command = plot.command(kind.name).description(kind.description);
    kind.configure(command);
    addOutputOptions(command, kind.name, kind.extraFormats);
    command.action(async (options: Record<string, unknown>) => {
      // A bad --format or --out is refused before the work, not after it.
      const { out } = figureOutput(options, kind);
      io.checkOutput(out);
      // The renderer (Plot, linkedom, resvg) loads only when a figure is drawn, so other commands stay light.
      const { nodeEnvironment } = await import("../../render/node.js");
      const { figure, inputs, encode } = await kind.build(options, io, nodeEnvironment());
      await writeFigure(io, figure, options, inputs, kind, encode);
      setExitCode(0);
    });
  }
}

/** Adds `--format` and `--out` under "Output:". */
export function addOutputOptions(command: Command, kind: string, extraFormats: readonly string[] = []): void {
  command.addOption(
    new Option(
      "--format <format>",
      `${[...FIGURE_FORMATS, ...extraFormats].join(" | ")} (default: from --out's extension, else svg)`,
    ).helpGroup("Output:"),
  );
  command.addOption(
    new Option("--out <file>", `where to write it (default: lrlab-${kind}.<format>)`).helpGroup("Output:"),
  );
}

/** What decides a figure's file: the kind's name, its extra formats and the formats it cannot write. */
export type FigureKind = Pick<PlotKind, "name" | "extraFormats" | "refusedFormats">;

/**
 * The file to write and its format, from --format and --out: the format is --format's, else --out's
 * extension, else svg; a file name needs an extension the kind writes (svg, png, html, or an extra like
 * gif) unless --format says the format, and the two must agree, so a .pdf never holds an SVG and a .svg
 * never holds a PNG.
 */
export function figureOutput(
  options: Readonly<Record<string, unknown>>,
  kind: FigureKind,
): { format: string; out: string } {
  const formats: readonly string[] = [...FIGURE_FORMATS, ...(kind.extraFormats ?? [])];
  const names = (list: readonly string[]) =>
    list.length === 1 ? `${list[0]}` : `${list.slice(0, -1).join(", ")} or ${list.at(-1)}`;
  const given = typeof options.format === "string" ? options.format.toLowerCase() : undefined;
  if (given !== undefined && !formats.includes(given)) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--format: expected one of ${formats.join(", ")}, got ${JSON.stringify(options.format)}`,
    );
  }
  const out = typeof options.out === "string" ? options.out : undefined;
  const extension = out === undefined ? "" : extensionOf(out);
  if (out !== undefined && extension !== "" && !formats.includes(extension)) {
    throw new LrlabError(
      "E_USAGE",
      `--out ${out}: expected a file name ending in ${names(formats.map((format) => `.${format}`))}`,
    );
  }
  if (out !== undefined && extension === "" && given === undefined) {
    throw new LrlabError(
      "E_USAGE",
      `--out ${out}: expected a file name ending in ${names(formats.map((format) => `.${format}`))}, or --format`,
    );
  }
  if (given !== undefined && extension !== "" && given !== extension) {
    throw new LrlabError(
      "E_USAGE",
      `--format ${given} does not match --out ${out}; drop --format or name the file .${given}`,
    );
  }
  const format = given ?? (extension === "" ? "svg" : extension);
  const refused = kind.refusedFormats?.[format];
  if (refused !== undefined) {
    throw new LrlabError(
      "E_USAGE",
      `${out !== undefined ? `--out ${out}` : `--format ${format}`}: ${refused}`,
    );
  }
  return { format, out: out ?? `lrlab-${kind.name}.${format}` };
}

/** The lower-case extension of a file name without its dot ("" if none); ".htm" counts as html. */
function extensionOf(path: string): string {
  const extension = extname(path).slice(1).toLowerCase();
  return extension === "htm" ? "html" : extension;
}

/** Writes a figure atomically in the chosen format, never over an input file, and says where. */
export async function writeFigure(
  io: Io,
  figure: Figure,
  options: Readonly<Record<string, unknown>>,
  inputs: readonly string[],
  kind: FigureKind,
  encode?: (format: string) => Uint8Array,
): Promise<void> {
  const { format, out } = figureOutput(options, kind);
  refuseOutputOverInput(io, out, inputs, "the input data file");
  const { embeddedFontCss, figureToPng } = await import("../../render/node.js");
  const { htmlPage } = await import("../../render/html.js");
  const content =
    encode && kind.extraFormats?.includes(format)
      ? encode(format)
      : format === "png"
        ? figureToPng(figure)
        : format === "html"
          ? htmlPage({ title: figure.title, sections: [{ figures: [figure] }], fontCss: embeddedFontCss() })
          : `${figure.svg}\n`;
  io.writeFileAtomic(out, content);
  io.stdout(`Wrote ${out} (${format}, ${figure.width}×${figure.height})\n`);
}
