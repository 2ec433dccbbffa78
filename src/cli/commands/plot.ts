/**
 * `lrlab plot KIND`: one figure of the lesson as SVG, PNG or a self-contained HTML page.
 * Each kind (src/cli/plots/) computes with the core and draws with src/render; this file writes it.
 */
import { type Command, Option } from "commander";
import { LrlabError } from "../../core/errors.js";
import type { Figure } from "../../render/frame.js";
import type { Io } from "../io.js";
import { PLOT_KINDS } from "../plots/index.js";

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
      formatOf(options, kind.extraFormats); // refuse a bad --format before the work
      // The renderer (Plot, linkedom, resvg) loads only when a figure is drawn, so other commands stay light.
      const { nodeEnvironment } = await import("../../render/node.js");
      const { figure, inputs, encode } = await kind.build(options, io, nodeEnvironment());
      await writeFigure(io, figure, options, inputs, kind.name, kind.extraFormats, encode);
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

/** The format asked for, from --format or --out's extension: svg, png, html or one of the kind's extras. */
export function formatOf(
  options: Readonly<Record<string, unknown>>,
  extraFormats: readonly string[] = [],
): string {
  const formats: readonly string[] = [...FIGURE_FORMATS, ...extraFormats];
  const given = typeof options.format === "string" ? options.format.toLowerCase() : undefined;
  if (given !== undefined) {
    if (formats.includes(given)) return given;
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--format: expected one of ${formats.join(", ")}, got ${JSON.stringify(options.format)}`,
    );
  }
  const out = typeof options.out === "string" ? options.out : "";
  const extension = out.slice(out.lastIndexOf(".") + 1).toLowerCase();
  return formats.includes(extension) ? extension : "svg";
}

/** Writes a figure atomically in the chosen format, never over an input file, and says where. */
export async function writeFigure(
  io: Io,
  figure: Figure,
  options: Readonly<Record<string, unknown>>,
  inputs: readonly string[],
  kind: string,
  extraFormats: readonly string[] = [],
  encode?: (format: string) => Uint8Array,
): Promise<void> {
  const format = formatOf(options, extraFormats);
  const out = typeof options.out === "string" ? options.out : `lrlab-${kind}.${format}`;
  if (inputs.includes(io.resolvePath(out))) {
    throw new LrlabError("E_USAGE", `--out ${out}: that is the input data file; choose another name`);
  }
  const { embeddedFontCss, figureToPng } = await import("../../render/node.js");
  const { htmlPage } = await import("../../render/html.js");
  const content =
    encode && extraFormats.includes(format)
      ? encode(format)
      : format === "png"
        ? figureToPng(figure)
        : format === "html"
          ? htmlPage({ title: figure.title, sections: [{ figures: [figure] }], fontCss: embeddedFontCss() })
          : `${figure.svg}\n`;
  io.writeFileAtomic(out, content);
  io.stdout(`Wrote ${out} (${format}, ${figure.width}×${figure.height})\n`);
}
