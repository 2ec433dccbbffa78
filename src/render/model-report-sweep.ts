/**
 * The model report's sweep of rates: the model trained at the rates `lrlab sweep --model` tries by default
 * (a hundredth of the bound at the start to three times it), from the run's start, for as many steps; its
 * figure (`lrlab plot sweep --model`'s), the command's Best and Boundary lines, and a table of the runs.
 * As the line's report has its sweep.
 */
import type { ModelSweepResult } from "../core/choosing/model-sweep.js";
import { escapeXml } from "./escape.js";
import type { Figure } from "./frame.js";
import type { PageSection } from "./html.js";
import { formatCount, formatNumber } from "./numbers.js";

/** A sweep drawn and worded by the caller (the CLI), or why there is none. */
export type ModelReportSweep =
  | {
      readonly figure: Figure;
      readonly result: ModelSweepResult;
      readonly steps: number;
      /** `lrlab sweep --model`'s Best and Boundary lines. */
      readonly best: string;
      readonly boundary: string;
    }
  | { readonly none: string };

export function sweepSection(sweep: ModelReportSweep | undefined): PageSection[] {
  const heading = "A sweep of rates";
  if (sweep === undefined) return [];
  if ("none" in sweep) return [{ heading, paragraphs: [sweep.none] }];
  const { result } = sweep;
  const { runs } = result;
  const rows = runs
    .map((run) => {
      const notes = [
        ...(result.best?.learningRate === run.learningRate ? ["← best"] : []),
        ...(result.lowestWithoutMinimum?.learningRate === run.learningRate
          ? ["← lowest loss (no best rate)"]
          : []),
        ...(run.status === "diverged" ? [`stopped at step ${formatCount(run.divergedAtStep ?? 0)}`] : []),
        ...(run.edgeOfStability ? ["edge of stability"] : []),
      ].join("; ");
      const cells = [
        formatNumber(run.learningRate),
        formatNumber(run.finalLoss, 5),
        run.status,
        run.regime,
        notes,
      ];
      return `<tr>${cells.map((cell) => `<td>${escapeXml(cell)}</td>`).join("")}</tr>`;
    })
    .join("");
  const header = ["lr", "final loss", "status", "regime", ""];
  return [
    {
      heading,
      paragraphs: [
        `${runs.length} rates, each trained for ${formatCount(sweep.steps)} steps from the same start as the run above, as lrlab sweep with the same flags trains them.`,
        `Best: ${sweep.best}`,
        `Boundary: ${sweep.boundary}`,
      ],
      figures: [sweep.figure],
      html: `<table><thead><tr>${header.map((cell) => `<th>${escapeXml(cell)}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table>`,
    },
  ];
}
