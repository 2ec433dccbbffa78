/**
 * The run over time: the loss against the step on a log scale (with the best loss as a green reference),
 * and the learning rate against the step (with the critical rate, when the theory knows it). The axes
 * cover the whole run and are drawn with Plot when a run arrives; the curve is drawn up to the step on
 * show, in the live layer, so playing only extends one path. Predict, then check: until the run of these
 * settings is played or stepped, the axes cover the steps asked for and the loss at the start, never how
 * high the loss will climb or at which step a run blows up.
 */
import * as Plot from "@observablehq/plot";
import { formatLogTick, logTicks, ticksOption } from "../../render/figures/annotations.js";
import { THEME } from "../../render/theme.js";
import type { RunResult } from "../protocol.js";
import { formatNumber } from "../words.js";
import { type Chart, observeWidth, plotChart, svgElement } from "./chart.js";
import { cleanupAll, type Panel } from "./panel.js";
import { distinctTickFormat, endLabelMargin, linearTicks, logPixel, spacedTicks } from "./ticks.js";

interface CurveSpec {
  readonly id: string;
  readonly title: string;
  readonly label: string;
  readonly log: boolean;
  readonly values: (run: RunResult) => Float64Array;
  /** A horizontal reference line and its label, or null. */
  readonly reference: (run: RunResult) => { value: number; label: string; color: string } | null;
}

interface Drawn {
  readonly chart: Chart;
  readonly run: RunResult;
  /** One path command per recorded row ("M…" after a gap), built once per run. */
  readonly commands: readonly string[];
  readonly path: SVGPathElement;
  readonly dot: SVGCircleElement;
  readonly yDomain: [number, number];
}

function finiteExtent(values: Float64Array, positive: boolean, rows: number): [number, number] | null {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < Math.min(rows, values.length); i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value) || (positive && value <= 0)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return high >= low ? [low, high] : null;
}

/** The y axis over the first `rows` recorded rows and the reference line. */
function yDomainOf(spec: CurveSpec, run: RunResult, rows: number): [number, number] {
  const values = spec.values(run);
  const extent = finiteExtent(values, spec.log, rows) ?? (spec.log ? [1e-3, 1] : [0, 1]);
  const reference = spec.reference(run)?.value;
  let [low, high] = extent;
  if (reference !== undefined && Number.isFinite(reference) && (!spec.log || reference > 0)) {
    low = Math.min(low, reference);
    high = Math.max(high, reference);
  }
  if (spec.log) {
    if (!(high > low)) return [low / 2, high * 2];
    const span = Math.log10(high / low);
    return [low / 10 ** (0.05 * span), high * 10 ** (0.05 * span)];
  }
  return [Math.min(0, low), high > 0 ? high * 1.1 : 1];
}

function curvePanel(spec: CurveSpec): Panel {
  return {
    id: spec.id,
    title: spec.title,
    tab: "lesson",
    area: "main",
    waitsFor: (session) => session.runPending,
    width: "half",
    mount(container, store) {
      const host = document.createElement("div");
      host.className = "chart-host curve";
      const caption = document.createElement("p");
      caption.className = "legend";
      container.append(host, caption);
      let width = 0;
      let drawn: Drawn | null = null;

      const render = () => {
        const run = store.session.run;
        if (!run || width === 0) return;
        drawn = drawCurve(host, spec, run, width, store.session.verdictShown);
        const reference = spec.reference(run);
        caption.textContent = reference ? `${reference.label}: ${formatNumber(reference.value)}` : "";
        drawLive();
      };
      const drawLive = () => {
        if (!drawn) return;
        const row = Math.min(store.state.at, drawn.commands.length - 1);
        drawn.path.setAttribute("d", drawn.commands.slice(0, row + 1).join(""));
        const value = spec.values(drawn.run)[row] as number;
        const step = drawn.run.history.step[row] as number;
        if (Number.isFinite(value) && (!spec.log || value > 0)) {
          const clamped = Math.min(drawn.yDomain[1], Math.max(drawn.yDomain[0], value));
          drawn.dot.setAttribute("cx", String(drawn.chart.x(step)));
          drawn.dot.setAttribute("cy", String(drawn.chart.y(clamped)));
          drawn.dot.setAttribute("visibility", "visible");
        } else {
          drawn.dot.setAttribute("visibility", "hidden");
        }
      };
      const stopWidth = observeWidth(host, (next) => {
        width = next;
        render();
      });
      const unsubscribe = store.subscribe((changed) => {
        if (changed.has("run") || changed.has("verdictShown")) render();
        else if (changed.has("at")) drawLive();
      });
      return {
        figure: () => (drawn ? { svg: drawn.chart.svg, name: `lrlab-${spec.id}` } : null),
        destroy: cleanupAll([stopWidth, unsubscribe]),
      };
    },
  };
}

const MARGIN_TOP = 24;
const MARGIN_BOTTOM = 36;
/** The margins of every chart against the step (or the evaluations), which {@link readableLogTicks} assumes. */
const CURVE_MARGINS = { marginLeft: 56, marginRight: 16, marginTop: MARGIN_TOP, marginBottom: MARGIN_BOTTOM };

/**
 * The figures' log ticks, without the ones whose labels would touch (0.9 beside 1 on a short axis).
 * Exported for the race's and the guessing's log charts.
 */
export function readableLogTicks(
  domain: readonly [number, number],
  height: number,
  marginTop = MARGIN_TOP,
  marginBottom = MARGIN_BOTTOM,
): number[] | undefined {
  const ticks = logTicks([domain[0], domain[1]], 3, 6);
  if (!ticks) return undefined;
  return spacedTicks(ticks, logPixel(domain, [height - marginBottom, marginTop]), LABEL_GAP);
}

/** Pixels between the centres of two tick labels, 12 px high. */
const LABEL_GAP = 15;

/** What a {@link logLossChart} shows besides the losses' axis. */
export interface LogLossChartOptions {
  readonly width: number;
  /** The x axis (the step, the loss evaluations), as Plot takes it. */
  readonly x: Plot.ScaleOptions;
  readonly yDomain: [number, number];
  /** The best loss, a dashed green rule; null for none. */
  readonly best: number | null;
  readonly ariaLabel: string;
}

/**
 * Losses on a log scale with the figures' readable ticks, against the step or the loss evaluations: the
 * race's and random guessing's charts, half a row wide.
 */
export function logLossChart(host: HTMLElement, options: LogLossChartOptions): Chart {
  const { width, x, yDomain, best, ariaLabel } = options;
  const height = Math.round(Math.min(300, Math.max(200, width * 0.62)));
  const ticks = readableLogTicks(yDomain, height);
  return plotChart(host, {
    width,
    height,
    ...CURVE_MARGINS,
    x,
    y: {
      type: "log",
      domain: yDomain,
      label: "loss (log scale)",
      labelArrow: "none",
      tickFormat: formatNumber,
      ...(ticks ? { ticks } : { ticks: 5 }),
    },
    grid: true,
    ariaLabel,
    marks: [
      best !== null
        ? Plot.ruleY([best], { stroke: THEME.ideal, strokeWidth: 1.5, strokeDasharray: "6 4" })
        : null,
    ],
  });
}

/** The curve's chart; `whole`: whether its axes may cover the whole run, or only the start and the steps asked for. */
function drawCurve(host: HTMLElement, spec: CurveSpec, run: RunResult, width: number, whole: boolean): Drawn {
  const steps = run.history.step;
  const lastStep = Math.max(1, whole ? (steps[steps.length - 1] ?? 1) : run.requestedSteps);
  const yDomain = yDomainOf(spec, run, whole ? run.history.length : 1);
  const reference = spec.reference(run);
  const height = Math.round(Math.min(260, Math.max(180, width * 0.42)));
  const linear = spec.log ? [] : linearTicks(yDomain[0], yDomain[1], 5);
  const linearFormat = distinctTickFormat(linear);
  const chart = plotChart(host, {
    width,
    height,
    ...CURVE_MARGINS,
    // Room for the last step's label (Plot writes 1000 as "1,000"), or a saved picture cuts it.
    marginRight: endLabelMargin(lastStep.toLocaleString("en-US"), CURVE_MARGINS.marginRight),
    x: { domain: [0, lastStep], label: "step", labelAnchor: "center", labelArrow: "none" },
    y: {
      type: spec.log ? "log" : "linear",
      domain: yDomain,
      label: spec.label,
      labelArrow: "none",
      // The static figures' log ticks: powers of ten, or 1-2-5 within a decade when there are too few.
      tickFormat: (value: number) => (spec.log ? formatLogTick(value) : linearFormat(value)),
      ...(spec.log ? ticksOption(readableLogTicks(yDomain, height)) : { ticks: linear }),
    },
    grid: true,
    ariaLabel: `${spec.title}, over ${whole ? run.steps : run.requestedSteps} steps`,
    marks: [
      reference
        ? Plot.ruleY([reference.value], { stroke: reference.color, strokeWidth: 1.5, strokeDasharray: "6 4" })
        : null,
    ],
  });
  const values = spec.values(run);
  const commands: string[] = [];
  let gap = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value) || (spec.log && value <= 0)) {
      gap = true;
      commands.push("");
      continue;
    }
    const clamped = Math.min(yDomain[1], Math.max(yDomain[0], value));
    commands.push(
      `${gap ? "M" : "L"}${chart.x(steps[i] as number).toFixed(1)},${chart.y(clamped).toFixed(1)}`,
    );
    gap = false;
  }
  const path = svgElement("path", { class: "curve", stroke: THEME.current, "stroke-width": 2, fill: "none" });
  const dot = svgElement("circle", { class: "cursor", r: 4, fill: THEME.current });
  chart.live.append(path, dot);
  return { chart, run, commands, path, dot, yDomain };
}

export const lossPanel = curvePanel({
  id: "loss",
  title: "Loss against step",
  label: "loss (log scale)",
  log: true,
  values: (run) => run.history.loss,
  reference: (run) =>
    run.theory && run.theory.optimum.loss > 0
      ? { value: run.theory.optimum.loss, label: "green: the best loss (least squares)", color: THEME.ideal }
      : null,
});

export const ratePanel = curvePanel({
  id: "rate",
  title: "Learning rate against step",
  label: "learning rate",
  log: false,
  values: (run) => run.history.learningRate,
  reference: (run) =>
    run.stability &&
    run.stability.learningRate <= 3 * Math.max(...run.history.learningRate.filter(Number.isFinite))
      ? {
          value: run.stability.learningRate,
          label: `dashed: the critical rate ${run.stability.formula}`,
          color: THEME.muted,
        }
      : null,
});
