/**
 * Loss slices, the lesson's drawing, live: the loss along w with b held at b*, and along b with w held at
 * w*, and each step of the run as an arrow from point to point on the curve, up to the step on show. A
 * small rate crawls down the bowl, a good one arrives, a larger one jumps across the minimum and back,
 * and one past the critical rate jumps out of it.
 *
 * The worker sends the curves and every step's projection onto them with the run (lab-slices.ts); the
 * axes and curves are Plot's, drawn again when a run arrives; the arrows are the live layer, added and
 * removed a few at a time as the step on show moves (at most {@link MAX_ARROWS} of the latest).
 * Predict, then check: until the run is played or stepped, the axes are those of its start alone, so
 * that their width does not tell how far the run will go.
 */
import * as Plot from "@observablehq/plot";
import { textWidth } from "../../render/text.js";
import { THEME } from "../../render/theme.js";
import type { Slice, SliceSet } from "../lab-slices.js";
import type { RunResult } from "../protocol.js";
import { formatNumber } from "../words.js";
import { arrowD } from "./arrows.js";
import { type Chart, frameClip, observeWidth, plotChart, SVG_NS, svgElement } from "./chart.js";
import { cleanupAll, type Panel } from "./panel.js";
import { distinctTickFormat, linearTicks } from "./ticks.js";

/** Arrows on show at most, per slice: the latest ones (a long run's first steps scroll away). */
export const MAX_ARROWS = 400;
/** Pixels an arrow may reach beyond the frame before it is cut (it is clipped at the frame anyway). */
const BEYOND = 40;

type Parameter = "w" | "b";

interface Drawn {
  readonly parameter: Parameter;
  readonly chart: Chart;
  readonly slice: Slice;
  /** The run's values of this parameter, one per recorded row. */
  readonly values: Float64Array;
  readonly group: SVGGElement;
  readonly start: SVGCircleElement;
  readonly current: SVGCircleElement;
  /** The arrows on show, for rows lo..hi (the arrow of row k goes from row k − 1 to row k). */
  arrows: SVGPathElement[];
  lo: number;
  hi: number;
}

export const slicesPanel: Panel = {
  id: "slices",
  title: "Loss slices: each step as an arrow",
  tab: "lesson",
  area: "main",
  waitsFor: (session) => session.runPending,
  mount(container, store) {
    const pair = document.createElement("div");
    pair.className = "slices-pair";
    const hosts = {
      w: document.createElement("div"),
      b: document.createElement("div"),
    };
    hosts.w.className = "chart-host slice slice-w";
    hosts.b.className = "chart-host slice slice-b";
    pair.append(hosts.w, hosts.b);
    const legend = document.createElement("p");
    legend.className = "legend";
    const note = document.createElement("p");
    note.className = "hint";
    note.setAttribute("aria-live", "polite");
    container.append(pair, legend, note);

    const widths: Record<Parameter, number> = { w: 0, b: 0 };
    const drawn: Record<Parameter, Drawn | null> = { w: null, b: null };

    const render = (parameter: Parameter) => {
      const run = store.session.run;
      const width = widths[parameter];
      if (!run || width === 0) return;
      const slices = run.slices;
      if (!slices) {
        drawn[parameter] = null;
        hosts[parameter].replaceChildren();
        return;
      }
      drawn[parameter] = drawSlice(
        hosts[parameter],
        parameter,
        slices,
        run,
        width,
        store.session.verdictShown,
      );
      drawLive();
    };

    const renderAll = () => {
      const run = store.session.run;
      if (!run) return;
      render("w");
      render("b");
      const slices = run.slices;
      legend.textContent = slices
        ? `Through the least-squares optimum (w*, b*) = (${formatNumber(slices.centre.w)}, ${formatNumber(slices.centre.b)}): ` +
          "the run moves w and b together; each slice shows one of them with the other held at its best, " +
          "and each red arrow is one step."
        : "";
      if (!slices) note.textContent = `No slices: ${run.slicesUnavailable ?? "not for these settings"}.`;
    };

    const drawLive = () => {
      const run = store.session.run;
      if (!run) return;
      const row = Math.min(store.state.at, run.history.length - 1);
      const left: string[] = [];
      for (const parameter of ["w", "b"] as const) {
        const slice = drawn[parameter];
        if (!slice) continue;
        showArrows(slice, row);
        if (slice.slice.exit >= 0 && row >= slice.slice.exit) left.push(parameter);
      }
      if (run.slices) {
        const along = left.join(" and ");
        const { verdict } = run;
        note.textContent =
          left.length === 0
            ? ""
            : verdict.outcome === "rescued-by-decay"
              ? `The run has left the frame along ${along}: it jumped out, and the decaying rate brought it back below the critical rate at step ${verdict.crossedBoundAt}; the verdict says where it ended.`
              : verdict.outcome === "jumps-out"
                ? `The run has left the frame along ${along}: it jumped out of the bowl.`
                : `The run has left the frame along ${along}.`;
      }
    };

    const stops = (["w", "b"] as const).map((parameter) =>
      observeWidth(hosts[parameter], (next) => {
        widths[parameter] = next;
        render(parameter);
      }),
    );
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("run") || changed.has("verdictShown")) renderAll();
      else if (changed.has("at")) drawLive();
    });
    renderAll();
    return {
      figure: () => {
        const { w, b } = drawn;
        return w && b ? { svg: sideBySide(w.chart.svg, b.chart.svg), name: "lrlab-slices" } : null;
      },
      destroy: cleanupAll([...stops, unsubscribe]),
    };
  },
};

/** A slice's chart; `whole`: whether its axes may cover the whole run, or only the frame of its start. */
function drawSlice(
  host: HTMLElement,
  parameter: Parameter,
  slices: SliceSet,
  run: RunResult,
  width: number,
  whole: boolean,
): Drawn {
  const slice = slices[parameter];
  const { centre } = slices;
  const at = parameter === "w" ? centre.w : centre.b;
  const otherName = parameter === "w" ? "b" : "w";
  const domain = whole ? slice.domain : slice.startDomain;
  const lossDomain = whole ? slice.lossDomain : slice.startLossDomain;
  const curve = Array.from(slice.curveX, (x, i) => ({ x, y: slice.curveLoss[i] as number }));
  const height = Math.round(Math.min(300, Math.max(190, width * 0.62)));
  // Ticks chosen here, so that their labels can have the digits that tell them apart (ticks.ts).
  const xTicks = linearTicks(domain[0], domain[1], Math.max(3, Math.floor(width / 70)));
  const yTicks = linearTicks(lossDomain[0], lossDomain[1], 5);
  const yFormat = distinctTickFormat(yTicks);
  // Room for the widest loss label: a narrow loss axis needs seven or eight digits ("0.9692094").
  const widestY = Math.max(0, ...yTicks.map((tick) => textWidth(yFormat(tick), THEME.fontSize)));
  const chart = plotChart(host, {
    width,
    height,
    marginLeft: Math.max(56, Math.ceil(widestY) + 14),
    marginRight: 14,
    marginTop: 24,
    marginBottom: 40,
    x: {
      domain,
      label: `${parameter} (${otherName} held at ${otherName}* = ${formatNumber(slice.held)})`,
      labelAnchor: "center",
      labelArrow: "none",
      ticks: xTicks,
      tickFormat: distinctTickFormat(xTicks),
    },
    y: {
      domain: lossDomain,
      label: `loss (${run.config.loss.toUpperCase()})`,
      labelArrow: "none",
      ticks: yTicks,
      tickFormat: yFormat,
    },
    grid: true,
    ariaLabel: `The loss along ${parameter} with ${otherName} held at its best, and the run's steps on it`,
    marks: [
      // Clipped: the start's frame is narrower than the range the curve is sampled over.
      Plot.line(curve, {
        x: "x",
        y: "y",
        stroke: THEME.muted,
        strokeWidth: 1.6,
        className: "slice-curve",
        clip: true,
      }),
      Plot.ruleX([at], { stroke: THEME.ideal, strokeOpacity: 0.5, strokeDasharray: "3 3" }),
      Plot.dot([{ x: at, y: centre.loss }], {
        x: "x",
        y: "y",
        r: 5,
        fill: THEME.ideal,
        stroke: THEME.background,
        strokeWidth: 1,
        className: "slice-minimum",
      }),
      Plot.text([{ x: at, y: centre.loss }], {
        x: "x",
        y: "y",
        text: () => `${parameter}*`,
        // Above and to the right of the minimum: below it, the label would run into the axis.
        textAnchor: "start",
        dx: 7,
        dy: -10,
        fill: THEME.ideal,
        stroke: THEME.background,
        strokeWidth: 3,
        paintOrder: "stroke",
        fontWeight: 600,
      }),
    ],
  });
  const clip = frameClip(chart, `slice-${parameter}-frame`);
  const group = svgElement("g", {
    class: "step-arrows",
    stroke: THEME.current,
    "stroke-width": 1.5,
    fill: "none",
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
    "clip-path": clip,
  });
  const values = parameter === "w" ? run.history.w : run.history.b;
  const start = svgElement("circle", {
    class: "step-start",
    r: 4.5,
    fill: THEME.background,
    stroke: THEME.current,
    "stroke-width": 2,
    "clip-path": clip,
    cx: chart.x(values[0] as number),
    cy: chart.y(slice.stepLoss[0] as number),
  });
  const current = svgElement("circle", {
    class: "step-current",
    r: 4,
    fill: THEME.current,
    stroke: THEME.background,
    "stroke-width": 1,
  });
  chart.live.append(group, start, current);
  if (!(slice.drawableRows > 0)) start.setAttribute("visibility", "hidden");
  return { parameter, chart, slice, values, group, start, current, arrows: [], lo: 1, hi: 0 };
}

/** Shows the arrows of rows up to `row` (the latest MAX_ARROWS of them), adding and removing only what changed. */
function showArrows(drawn: Drawn, row: number): void {
  const { slice } = drawn;
  const hi = Math.min(row, slice.drawableRows - 1);
  const lo = Math.max(1, hi - MAX_ARROWS + 1);
  if (hi < lo || lo > drawn.hi || hi < drawn.lo || lo < drawn.lo) {
    for (const arrow of drawn.arrows) arrow.remove();
    drawn.arrows = [];
    drawn.lo = lo;
    drawn.hi = lo - 1;
  }
  while (drawn.lo < lo && drawn.arrows.length > 0) {
    drawn.arrows.shift()?.remove();
    drawn.lo++;
  }
  while (drawn.hi > hi && drawn.arrows.length > 0) {
    drawn.arrows.pop()?.remove();
    drawn.hi--;
  }
  if (drawn.hi < hi) {
    const fragment = document.createDocumentFragment();
    for (let k = drawn.hi + 1; k <= hi; k++) {
      const arrow = document.createElementNS(SVG_NS, "path");
      arrow.setAttribute("class", "step-arrow");
      arrow.setAttribute("data-step", String(k));
      arrow.setAttribute("d", arrowPath(drawn, k));
      drawn.arrows.push(arrow);
      fragment.append(arrow);
    }
    drawn.group.append(fragment);
    drawn.hi = hi;
  }
  const shown = Math.min(row, slice.drawableRows - 1);
  const inFrame = shown >= 0 && (slice.exit < 0 || shown < slice.exit);
  drawn.current.setAttribute("visibility", inFrame ? "visible" : "hidden");
  if (inFrame) {
    drawn.current.setAttribute("cx", drawn.chart.x(drawn.values[shown] as number).toFixed(1));
    drawn.current.setAttribute("cy", drawn.chart.y(slice.stepLoss[shown] as number).toFixed(1));
  }
}

/** The arrow of row k: from row k − 1's point on the curve to row k's, cut where it leaves the frame. */
function arrowPath({ chart, slice, values }: Drawn, k: number): string {
  return arrowD(
    [chart.x(values[k - 1] as number), chart.y(slice.stepLoss[k - 1] as number)],
    [chart.x(values[k] as number), chart.y(slice.stepLoss[k] as number)],
    [chart.frameX[0] - BEYOND, chart.frameY[0] - BEYOND, chart.frameX[1] + BEYOND, chart.frameY[1] + BEYOND],
  );
}

/** The two slices as one SVG, side by side, for export. */
function sideBySide(left: SVGSVGElement, right: SVGSVGElement): SVGSVGElement {
  const leftWidth = Number(left.getAttribute("width"));
  const width = leftWidth + Number(right.getAttribute("width"));
  const height = Math.max(Number(left.getAttribute("height")), Number(right.getAttribute("height")));
  const svg = svgElement("svg", { width, height, viewBox: `0 0 ${width} ${height}` });
  const second = right.cloneNode(true) as SVGSVGElement;
  second.setAttribute("x", String(leftWidth));
  svg.append(left.cloneNode(true), second);
  return svg;
}
