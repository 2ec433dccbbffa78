/**
 * The model's run over its steps, two charts on one step axis: the loss (log scale, with the least-squares
 * loss where the theory knows it) above, and the sharpness λmax below, with the sharpness each step's rate
 * can bear: 2/η for plain gradient descent (a curve when a schedule moves η), the optimizer's own bound
 * beside it (momentum β: 2(1 + β)/η), the region above the bound shaded, every line labelled where it is
 * drawn. The adaptive optimizers have no bound from λmax: 2/η is drawn for reference, and the caption
 * says so. So progressive sharpening and the edge of stability (Cohen et al. 2021) can be watched.
 */
import * as Plot from "@observablehq/plot";
import { formatLogTick } from "../../render/figures/annotations.js";
import { measuredAtEndsOnly, sharpnessCadenceWords } from "../../render/sharpness-cadence.js";
import { textWidth } from "../../render/text.js";
import { OKABE_ITO, THEME } from "../../render/theme.js";
import { MODELS_TAB } from "../model-requests.js";
import type { ModelRunResult } from "../protocol.js";
import type { ChangeKey } from "../store.js";
import { formatCount, formatNumber } from "../words.js";
import { CHART_STYLE, observeWidth, SVG_NS } from "./chart.js";
import { readableLogTicks } from "./curves.js";
import { cleanupAll, type Panel } from "./panel.js";
import { distinctTickFormat, endLabelMargin, linearTicks } from "./ticks.js";

const MARGINS = { marginLeft: 56, marginRight: 16, marginTop: 24, marginBottom: 36 } as const;

/** Whole steps on the step axis (a run that blew up at step 2 has no step 0.4). */
function stepTicks(lastStep: number): number[] {
  return linearTicks(0, lastStep, 6).filter(Number.isInteger);
}
const SHARPNESS_COLOR = OKABE_ITO.blue;
const BOUND_COLOR = OKABE_ITO.orange;
/** A bound this many times the largest sharpness is left above the chart (and said in the caption). */
const MOST_HEADROOM = 3;

interface Row {
  readonly step: number;
  readonly value: number;
}

function rows(steps: Float64Array, values: Float64Array, keep: (value: number) => boolean): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < Math.min(steps.length, values.length); i++) {
    const value = values[i] as number;
    if (keep(value)) out.push({ step: steps[i] as number, value });
  }
  return out;
}

const positive = (value: number) => Number.isFinite(value) && value > 0;

/**
 * The loss axis's ticks: the figures' readable log ticks, or, when fewer than two of those fall inside
 * (a loss that moves less than a decade, 0.6931 → 0.5694), the lowest and highest loss themselves, so the
 * axis always has numbers on it.
 */
export function lossTicks(
  domain: readonly [number, number],
  height: number,
  low: number,
  high: number,
): number[] {
  const ticks = readableLogTicks(domain, height);
  if (ticks && ticks.length >= 2) return ticks;
  return low < high ? [low, high] : [low];
}

/** The loss against the step, on a log scale. */
function lossChart(run: ModelRunResult, width: number, lastStep: number): SVGSVGElement {
  const losses = rows(run.history.step, run.history.loss, positive);
  let low = Math.min(...losses.map((row) => row.value), run.bestLoss ?? Number.POSITIVE_INFINITY);
  let high = Math.max(...losses.map((row) => row.value));
  if (!(high >= low)) [low, high] = [1e-3, 1];
  const span = high > low ? Math.log10(high / low) : 1;
  const domain: [number, number] = [low / 10 ** (0.05 * span), high * 10 ** (0.05 * span)];
  const height = Math.round(Math.min(220, Math.max(160, width * 0.36)));
  return Plot.plot({
    document,
    style: CHART_STYLE,
    width,
    height,
    ...MARGINS,
    // Room for the last step's label, or a saved picture cuts it.
    marginRight: endLabelMargin(formatCount(lastStep), MARGINS.marginRight),
    x: { domain: [0, lastStep], label: null, ticks: stepTicks(lastStep), tickFormat: formatCount },
    y: {
      type: "log",
      domain,
      label: `loss ${run.lossName.toUpperCase()} (log scale)`,
      labelArrow: "none",
      tickFormat: formatLogTick,
      ticks: lossTicks(domain, height, low, high),
    },
    grid: true,
    marks: [
      run.bestLoss !== null && run.bestLoss > 0
        ? Plot.ruleY([run.bestLoss], { stroke: THEME.ideal, strokeWidth: 1.5, strokeDasharray: "6 4" })
        : null,
      Plot.line(losses, { x: "step", y: "value", stroke: THEME.current, strokeWidth: 2, clip: true }),
    ],
  }) as SVGSVGElement;
}

/**
 * The top of the sharpness axis: a tenth above the largest λmax and the bounds within
 * {@link MOST_HEADROOM} times it, so a bound near the sharpness is drawn; a bound farther up is left above
 * the chart (the caption says so, with its value) rather than squashing λmax into the bottom of an axis
 * that reaches neither it nor the bound.
 */
export function sharpnessAxisTop(largest: number, bounds: readonly number[]): number {
  const near = bounds.filter((bound) => bound > 0 && (largest <= 0 || bound <= MOST_HEADROOM * largest));
  const reach = largest > 0 ? Math.max(largest, ...near) : Math.max(0, ...near);
  return reach * 1.1 || 1;
}

/** What the sharpness chart drew, for its caption. */
interface SharpnessDrawn {
  readonly svg: SVGSVGElement;
  /** The bound that shades the chart was above it at every step. */
  readonly boundAbove: boolean;
}

/** λmax against the step, with the bounds the rates set on it. */
function sharpnessChart(run: ModelRunResult, width: number, lastStep: number): SharpnessDrawn {
  const measured = rows(run.sharpness.step, run.sharpness.value, Number.isFinite);
  const endsOnly = measuredAtEndsOnly(run.sharpness);
  const { thresholds } = run;
  const steps = run.history.step;
  const plain = rows(steps, thresholds.plain, positive);
  const own = thresholds.optimizer ? rows(steps, thresholds.optimizer, positive) : [];
  const shading = thresholds.adaptive ? [] : own.length > 0 ? own : plain;
  const largest = Math.max(0, ...measured.map((row) => row.value));
  const top = sharpnessAxisTop(
    largest,
    [...plain, ...own].map((row) => row.value),
  );
  const height = Math.round(Math.min(260, Math.max(190, width * 0.42)));
  const ticks = linearTicks(0, top, 5);
  const format = distinctTickFormat(ticks);
  // A bound's label sits at its right end, on the side away from the sharpness there, which is often
  // right at the bound (the edge of stability).
  const lastSharpness = measured.at(-1)?.value ?? 0;
  const label = (series: Row[], text: string, color: string) => {
    const last = series.at(-1);
    return last && last.value < top
      ? Plot.text([last], {
          x: "step",
          y: "value",
          text: () => text,
          textAnchor: "end",
          dy: lastSharpness >= last.value && last.value > top * 0.12 ? 13 : -7,
          fill: color,
          stroke: THEME.background,
          strokeWidth: 3,
          paintOrder: "stroke",
        })
      : null;
  };
  const first = measured[0];
  const svg = Plot.plot({
    document,
    style: CHART_STYLE,
    width,
    height,
    ...MARGINS,
    // Room for the last step's label, or a saved picture cuts it.
    marginRight: endLabelMargin(formatCount(lastStep), MARGINS.marginRight),
    x: {
      domain: [0, lastStep],
      label: "step",
      labelAnchor: "center",
      labelArrow: "none",
      ticks: stepTicks(lastStep),
      tickFormat: formatCount,
    },
    y: { domain: [0, top], label: "sharpness λmax", labelArrow: "none", ticks, tickFormat: format },
    grid: true,
    marks: [
      shading.length > 0
        ? Plot.areaY(shading, {
            x: "step",
            y1: "value",
            y2: top,
            fill: THEME.current,
            fillOpacity: 0.07,
            clip: true,
          })
        : null,
      Plot.line(plain, {
        x: "step",
        y: "value",
        stroke: THEME.muted,
        strokeWidth: 1.5,
        strokeDasharray: "6 4",
        clip: true,
      }),
      own.length > 0
        ? Plot.line(own, { x: "step", y: "value", stroke: BOUND_COLOR, strokeWidth: 2, clip: true })
        : null,
      // Two measurements at the run's ends are two facts, not a trend: no line joins them.
      endsOnly
        ? null
        : Plot.line(measured, { x: "step", y: "value", stroke: SHARPNESS_COLOR, strokeWidth: 2, clip: true }),
      measured.length <= 120
        ? Plot.dot(measured, {
            x: "step",
            y: "value",
            r: endsOnly ? 3.5 : 2.5,
            fill: SHARPNESS_COLOR,
            clip: true,
          })
        : null,
      label(plain, `2/η = ${formatNumber(plain.at(-1)?.value)}`, THEME.muted),
      own.length > 0
        ? label(own, `${thresholds.formula} = ${formatNumber(own.at(-1)?.value)}`, BOUND_COLOR)
        : null,
      first
        ? Plot.text([first], {
            x: "step",
            y: "value",
            text: () => "λmax",
            textAnchor: "start",
            dx: 6,
            dy: first.value > top * 0.85 ? 14 : -9,
            fill: SHARPNESS_COLOR,
            fontWeight: 600,
            stroke: THEME.background,
            strokeWidth: 3,
            paintOrder: "stroke",
          })
        : null,
    ],
  }) as SVGSVGElement;
  return { svg, boundAbove: shading.length > 0 && Math.min(...shading.map((row) => row.value)) >= top };
}

/** The two charts in one SVG, one above the other, so that their steps line up and export together. */
/** Height of the figure's title line above the two charts. */
const TITLE_HEIGHT = 22;

/**
 * The figure's title, so a saved PNG says what it shows: the model, the rate and the bound, as much as fits
 * `width` (measured in Inter, bold).
 */
export function curvesTitle(run: ModelRunResult, width: number): string {
  const { thresholds } = run;
  const bound = thresholds.adaptive
    ? `no λmax bound for ${thresholds.optimizerClass}`
    : `${thresholds.formula ?? "2/η"} = ${formatNumber((thresholds.optimizer ?? thresholds.plain)[0])}`;
  const model = `${run.title}, η = ${formatNumber(run.learningRate)}`;
  const candidates = [`Loss and sharpness: ${model}, ${bound}`, `${model}, ${bound}`, model];
  return candidates.find((text) => textWidth(text, THEME.fontSize, true) <= width - 8) ?? model;
}

function stacked(
  parts: readonly SVGSVGElement[],
  width: number,
  ariaLabel: string,
  title: string,
): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  const heading = document.createElementNS(SVG_NS, "text");
  heading.setAttribute("x", "4");
  heading.setAttribute("y", String(TITLE_HEIGHT - 6));
  heading.setAttribute("font-size", String(THEME.fontSize));
  heading.setAttribute("font-weight", "600");
  heading.setAttribute("fill", THEME.ink);
  heading.setAttribute("class", "figure-title");
  heading.textContent = title;
  svg.append(heading);
  let y = TITLE_HEIGHT;
  for (const part of parts) {
    part.setAttribute("y", String(y));
    y += Number(part.getAttribute("height"));
    svg.append(part);
  }
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(y));
  svg.setAttribute("viewBox", `0 0 ${width} ${y}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", ariaLabel);
  return svg;
}

/** A ratio in words: "31 times", "8.4 times", never more digits than the reader needs. */
export function timesWords(ratio: number): string {
  return `${ratio >= 10 ? formatCount(Math.round(ratio)) : formatNumber(Number(ratio.toPrecision(2)))} times`;
}

/** The caption: what each line is, and what the optimizer's bound is or why it has none. */
export function curvesCaption(run: ModelRunResult, boundAbove: boolean): string {
  const { thresholds, sharpness } = run;
  const every = sharpnessCadenceWords(sharpness);
  const how =
    run.stability.basis === "exact"
      ? `measured ${every} by power iteration on exact Hessian-vector products (for this model it is the exact λmax at every step)`
      : `measured ${every} by power iteration on exact Hessian-vector products`;
  const parts = [
    `Above: the loss${run.bestLoss !== null ? "; dashed green, the least-squares loss" : ""}. Below: the sharpness λmax of the loss Hessian, ${how}.`,
  ];
  if (thresholds.adaptive) {
    parts.push(
      `${thresholds.optimizerClass} rescales its steps per weight, so λmax sets it no bound; dashed: 2/η, plain gradient descent's, for reference.`,
    );
  } else if (thresholds.formula) {
    parts.push(
      `Shaded: above ${thresholds.formula} (${thresholds.detail}), where this optimizer is unstable along the sharpest direction; dashed: 2/η, plain gradient descent's bound.`,
    );
  } else {
    parts.push("Shaded: above 2/η, where gradient descent is unstable along the sharpest direction.");
  }
  if (boundAbove) {
    const largest = Math.max(0, ...Array.from(sharpness.value).filter(Number.isFinite));
    const bounds = Array.from(thresholds.optimizer ?? thresholds.plain).filter((v) => v > 0);
    const [lowest, highest] = [Math.min(...bounds), Math.max(...bounds)];
    const name = thresholds.formula ?? "2/η";
    parts.push(
      `The bound (${name} ${lowest === highest ? "=" : "≥"} ${formatNumber(lowest)}) is above the chart, ${largest > 0 ? `${timesWords(lowest / largest)} the largest λmax (${formatNumber(largest)})` : "and λmax stayed at 0"}: the rate is far below the edge of stability.`,
    );
  }
  if (!sharpness.converged)
    parts.push("(Some measurements did not meet the tolerance: take them as estimates.)");
  return parts.join(" ");
}

export const modelCurvesPanel: Panel = {
  id: "model-curves",
  title: "Loss and sharpness against step",
  tab: MODELS_TAB,
  showsResults: true,
  area: "main",
  width: "half",
  waitsFor: (session) => session.modelPending,
  mount(container, store) {
    const host = document.createElement("div");
    host.className = "chart-host model-curves";
    const caption = document.createElement("p");
    caption.className = "legend";
    caption.dataset.testid = "model-curves-caption";
    container.append(host, caption);
    let width = 0;
    let svg: SVGSVGElement | null = null;

    const render = () => {
      const run = store.session.modelRun;
      if (width === 0) return;
      if (!run) {
        host.replaceChildren();
        svg = null;
        caption.textContent = store.session.modelError ? "No run to draw." : "";
        return;
      }
      const lastStep = Math.max(1, run.history.step[run.history.length - 1] ?? 1);
      const sharpness = sharpnessChart(run, width, lastStep);
      svg = stacked(
        [lossChart(run, width, lastStep), sharpness.svg],
        width,
        `The loss and the sharpness of ${run.title} against the step, over ${run.steps} steps, with the bound 2/η`,
        curvesTitle(run, width),
      );
      svg.dataset.testid = "model-curves-chart";
      host.replaceChildren(svg);
      caption.textContent = curvesCaption(run, sharpness.boundAbove);
    };

    const stopWidth = observeWidth(host, (next) => {
      width = next;
      render();
    });
    const keys: readonly ChangeKey[] = ["modelRun", "modelError"];
    const unsubscribe = store.subscribe((changed) => {
      if (keys.some((key) => changed.has(key))) render();
    });
    return {
      figure: () => (svg ? { svg, name: "lrlab-model-curves" } : null),
      destroy: cleanupAll([stopWidth, unsubscribe]),
    };
  },
};
