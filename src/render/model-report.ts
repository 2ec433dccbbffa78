/**
 * `lrlab report --model …`: one run of a model beyond the line as a self-contained HTML page (styles, font
 * and figures inline; no script; nothing fetched). Its sections: the model and the run's setup; its
 * stability at the start, exact for the linear family under MSE and measured otherwise; what the run did,
 * in the verdict's words (model-words.ts, as `lrlab fit --model` prints them) over the loss per step; the
 * sharpness measured along the run, as the figure of `lrlab plot sharpness` and a table (the page says
 * so); a sweep of rates from the same start (model-report-sweep.ts); and what the model fitted, as a curve over the points on one input, the decision boundary of a
 * classifier on two, or predicted against actual on several.
 *
 * Every user-provided string (file and column names) is escaped: by htmlPage for headings and paragraphs,
 * by the figures for their SVG, and here for the little HTML made by hand.
 */
import type { Dataset } from "../core/data/data.js";
import type { JudgedModelRun } from "../core/judging/model-run.js";
import { toKerasWeights } from "../core/models/model.js";
import type { PreparedModel } from "../core/models/model-spec.js";
import { escapeXml } from "./escape.js";
import { type LossCurve, lossFigure } from "./figures/loss.js";
import type { Figure, RenderEnvironment } from "./frame.js";
import { htmlPage, type PageSection, withoutNamespace } from "./html.js";
import { fitSection } from "./model-report-fit.js";
import { type ModelReportSweep, sweepSection } from "./model-report-sweep.js";
import {
  bestLossWords,
  modelTitle,
  modelVerdictWords,
  regimeLabel,
  stabilityWords,
  standardizeWords,
} from "./model-words.js";
import { formatAdvisedRate, formatCount, formatNumber, formatSteps } from "./numbers.js";
import { sharpnessCadenceWords } from "./sharpness-cadence.js";

/** A model run as the report tells it: the run, and the words for its setup that the caller has. */
export interface ModelReportInput {
  readonly data: Dataset;
  /** The chosen input columns' names, in order. */
  readonly columnNames: readonly string[];
  readonly prepared: PreparedModel;
  readonly judged: JudgedModelRun;
  /** The optimizer's Keras class (`SGD`, `Adam`), for the stability words. */
  readonly optimizerClass: string;
  /** The run's setup as (term, words) pairs: the optimizer as a Keras call, the schedule, the batches, the start. */
  readonly setup: readonly (readonly [string, string])[];
  /** The sharpness figure of a tracked run (drawn by the caller, as `lrlab plot sharpness` draws it). */
  readonly sharpnessFigure?: Figure;
  /** A sweep of rates from the same start (drawn and worded by the caller, as `lrlab sweep --model`). */
  readonly sweep?: ModelReportSweep;
}

export interface ModelReportOptions {
  /** `@font-face` rules with the font inlined (see node.ts's embeddedFontCss). */
  readonly fontCss?: string;
}

/** Rows of the sharpness table at most: the first, the last and evenly spaced ones between. */
const SHARPNESS_ROWS = 12;
/** Up to this many weights the page lists the final ones; beyond, it points to `lrlab fit --json`. */
const LISTED_WEIGHTS = 200;

/** The page: no script, no request to anywhere, every figure inline. */
export function modelReportPage(
  environment: RenderEnvironment,
  input: ModelReportInput,
  options: ModelReportOptions = {},
): string {
  const { data, prepared, judged } = input;
  const n = prepared.data.targets.length;
  const sections = [
    ...setupSection(input),
    ...stabilitySection(input),
    ...runSection(environment, input),
    ...sharpnessSection(input),
    ...sweepSection(input.sweep),
    ...fitSection(environment, input),
    ...closingSection(input),
  ].map(withoutNamespace);
  return htmlPage({
    title: `The ${modelTitle(prepared)} on ${data.source}`,
    subtitle: `${formatCount(n)} point${n === 1 ? "" : "s"} · x: ${input.columnNames.map(curlyQuoted).join(", ")} · y: ${curlyQuoted(data.yName)} · loss ${lossName(prepared)} · ${stepsWords(judged.run)}`,
    sections,
    ...(options.fontCss !== undefined ? { fontCss: options.fontCss } : {}),
  });
}

/** A name in prose, quoted so that “a,b” reads as one name: curly quotes, no escapes. */
function curlyQuoted(name: string): string {
  return `“${name}”`;
}

/** The steps asked for, and where a run that diverged stopped: "100 steps (diverged at step 2)". */
function stepsWords(run: {
  readonly requestedSteps: number;
  readonly divergedAtStep: number | null;
}): string {
  const asked = formatSteps(run.requestedSteps);
  return run.divergedAtStep === null
    ? asked
    : `${asked} (diverged at step ${formatCount(run.divergedAtStep)})`;
}

function lossName(prepared: PreparedModel): string {
  const { loss } = prepared.model;
  return loss.name === "huber" ? `Huber (δ = ${formatNumber(loss.delta)})` : loss.name.toUpperCase();
}

/** (term, words) pairs as a definition list, every string escaped. */
function definitions(className: string, items: readonly (readonly [string, string])[]): string {
  return (
    `<style>dl.${className} dt { font-weight: 600; margin-top: .6rem; } dl.${className} dd { margin: .1rem 0 0 1.25rem; max-width: 60rem; }</style>` +
    `<dl class="${className}">${items.map(([term, words]) => `<dt>${escapeXml(term)}</dt><dd>${escapeXml(words)}</dd>`).join("")}</dl>`
  );
}

function setupSection({ data, columnNames, prepared, setup }: ModelReportInput): PageSection[] {
  const { model, featureNames, standardization } = prepared;
  const layers = model.layers
    .map(
      ({ inputs, units }, l) =>
        `Dense ${inputs} → ${units} (${l === model.layers.length - 1 ? model.output : model.activation})`,
    )
    .join(", ");
  const items: [string, string][] = [
    ["Model", `${modelTitle(prepared)}: ${layers}, ${formatCount(model.parameterCount)} weights`],
    [
      "Data",
      `${data.source} · x = ${columnNames.map((name) => `“${name}”`).join(", ")} · y = “${data.yName}” · ${formatCount(prepared.data.targets.length)} points`,
    ],
    ["Features the model sees", featureNames.map(curlyQuoted).join(", ")],
  ];
  if (standardization) {
    items.push([
      "Standardized (population σ, as Keras Normalization)",
      columnNames
        .map(
          (name, j) =>
            `“${name}”: mean ${formatNumber(standardization.means[j])}, σ ${formatNumber(standardization.deviations[j])}`,
        )
        .join("; "),
    ]);
  }
  items.push(["Loss", lossName(prepared)], ...setup.map(([term, words]): [string, string] => [term, words]));
  return [{ heading: "The model and the run", html: definitions("setup", items) }];
}

function stabilitySection({ prepared, judged, optimizerClass }: ModelReportInput): PageSection[] {
  const { stability } = judged;
  const exact = stability.basis === "exact";
  const lines = stabilityWords(stability, optimizerClass, undefined, prepared);
  const standardized = standardizeWords(prepared);
  if (standardized) lines.push(standardized);
  if (prepared.theory) lines.push(bestLossWords(prepared.theory));
  return [
    {
      heading: exact ? "Stability: the exact theory" : "Stability: measured at the start",
      paragraphs: [
        exact
          ? "For the linear family under the mean squared error the loss is a bowl whose curvature is the same everywhere: its Hessian 2/n·[X 1]ᵀ[X 1] gives the critical rate 2/λmax exactly, above which full-batch gradient descent diverges."
          : "This model has no closed form for its curvature: the sharpness λmax, the largest eigenvalue of the loss's Hessian, is measured at the starting weights by power iteration on exact Hessian-vector products. 2/λmax is the rate above which full-batch gradient descent is unstable there; the sharpness moves as the weights do.",
      ],
      html: `<ul>${lines.map((line) => `<li>${escapeXml(line)}</li>`).join("")}</ul>`,
    },
  ];
}

function runSection(environment: RenderEnvironment, input: ModelReportInput): PageSection[] {
  const { prepared, judged } = input;
  const { run, verdict, resolved } = judged;
  const final = formatNumber(run.final.loss, 6);
  const result =
    run.status === "diverged"
      ? `The run diverged at step ${formatCount(run.divergedAtStep ?? run.steps)}, its loss at ${final}.`
      : run.status === "converged"
        ? `The run converged at step ${formatCount(run.steps)} (its gradient within the tolerance), at loss ${final}.`
        : `The run completed ${formatCount(run.steps)} steps, its loss from ${formatNumber(run.initialLoss, 6)} to ${final}.`;
  // HTML prose quotes names as the Data line does, with no JSON backslash escapes (“q"uote”).
  const words = modelVerdictWords(judged, resolved.rateAt(0), {
    rate: (value) => `lr ${formatAdvisedRate(value)}`,
    quote: curlyQuoted,
  });
  const curve: LossCurve = {
    ...(resolved.constantRate ? { rate: resolved.rateAt(0) } : {}),
    label: resolved.constantRate
      ? regimeLabel(verdict)
      : `${resolved.schedule.className} · ${regimeLabel(verdict)}`,
    steps: run.history.step,
    losses: run.history.loss,
    divergedAtStep: run.divergedAtStep,
  };
  const { stability } = judged;
  return [
    {
      heading: "What the run did",
      paragraphs: [result],
      html: `<ul>${words.map((line) => `<li>${escapeXml(line)}</li>`).join("")}</ul>`,
      figures: [
        lossFigure(environment, {
          curves: [curve],
          optimumLoss: prepared.theory ? prepared.theory.optimum.loss : null,
          lossName: lossName(prepared),
          totalSteps: run.requestedSteps,
          title: `Loss per step of the ${modelTitle(prepared)}`,
          subtitle: `λmax at the start ${formatNumber(stability.sharpness)}${stability.basis === "exact" ? " (exact)" : " (measured)"}, 2/λmax = ${formatNumber(stability.criticalLearningRate)}${prepared.theory ? ` · least-squares loss ${formatNumber(prepared.theory.optimum.loss)}` : ""}`,
          description: `Data: ${input.data.source}`,
        }),
      ],
    },
  ];
}

function sharpnessSection({ judged, sharpnessFigure }: ModelReportInput): PageSection[] {
  const series = judged.run.sharpness;
  const heading = "The sharpness along the run";
  if (judged.stability.basis === "exact" && !series) {
    return [
      {
        heading,
        paragraphs: [
          `The Hessian of this linear model's mean squared error is the same at every weight, so the sharpness stays λmax = ${formatNumber(judged.stability.sharpness)} along the whole run, and 2/λmax = ${formatNumber(judged.stability.criticalLearningRate)} with it: nothing to track.`,
        ],
      },
    ];
  }
  if (!series || series.step.length === 0) {
    return [
      {
        heading,
        paragraphs: [
          "The sharpness was measured at the start only. Run the report with --track-sharpness K to measure it every K steps along the run: on a network it typically rises until it meets 2/η, the edge of stability (Cohen et al. 2021).",
        ],
      },
    ];
  }
  const last = series.step.length - 1;
  const picks = new Set<number>([0, last]);
  if (last < SHARPNESS_ROWS) for (let i = 1; i < last; i++) picks.add(i);
  else for (let k = 1; k < SHARPNESS_ROWS - 1; k++) picks.add(Math.round((k * last) / (SHARPNESS_ROWS - 1)));
  const rows = [...picks]
    .sort((a, b) => a - b)
    .map((i) => {
      const step = series.step[i] as number;
      const rate = judged.resolved.rateAt(step);
      const critical = series.criticalLearningRate[i] as number;
      return [
        formatCount(step),
        formatNumber(series.sharpness[i] as number),
        formatNumber(critical),
        formatNumber(rate),
        rate > critical ? "above 2/λ" : "",
      ];
    });
  const header = ["step", "sharpness λmax", "2/λmax", "rate η", ""];
  const table =
    `<table><thead><tr>${header.map((cell) => `<th>${escapeXml(cell)}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeXml(cell)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
  return [
    {
      heading,
      paragraphs: [
        `Measured ${sharpnessCadenceWords(series)}${series.converged ? "" : " (some power iterations did not meet their tolerance: take those values as estimates)"}. Where the rate is above 2/λ, full-batch gradient descent is past the stability bound of plain SGD at those weights. The figure draws every measurement; the table lists some.`,
      ],
      ...(sharpnessFigure ? { figures: [sharpnessFigure] } : {}),
      html: table,
    },
  ];
}

function closingSection({ prepared, judged }: ModelReportInput): PageSection[] {
  const { parameterCount } = prepared.model;
  const weights =
    parameterCount <= LISTED_WEIGHTS && judged.run.status !== "diverged"
      ? `<style>pre.weights { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; max-width: 60rem; }</style>` +
        `<p>The final weights in Keras <code>model.get_weights()</code> order, for <code>model.set_weights(…)</code>:</p><pre class="weights">${escapeXml(JSON.stringify(toKerasWeights(prepared.model, judged.run.final.params)))}</pre>`
      : "";
  return [
    {
      heading: "How this was made",
      paragraphs: [
        `lrlab trained the ${modelTitle(prepared)} with Keras's update rules and losses in Float64, as lrlab fit does with the same flags (its --json has the whole history and the weights).${judged.stability.basis === "exact" ? " The theory is exact: computed from the data's sums of squares, not estimated." : " The sharpness comes from exact Hessian-vector products (Pearlmutter's R-operator), not from differences."} This page is one file: it needs no network and runs no script.`,
      ],
      html: weights,
    },
  ];
}
