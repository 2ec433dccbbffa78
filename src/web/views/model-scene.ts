/**
 * The model's scene at the end of its run: the data and the fitted curve (the line, a polynomial, a
 * network's function of x); on several x columns, predicted against actual, or for a classifier the a–b
 * plane with its boundary (two columns) or the probability beside each label (more; model-plane.ts). For logistic regression the labels (y as given when it is 0/1, else y above its
 * median: 1, else 0) and the
 * predicted probability of 1, with p = 0.5 and the decision boundary, the x where the probability
 * crosses it, marked and labelled. The axes and points are the lesson's scene's (`dataChart`); the curve is
 * drawn through the chart's scales, clipped to its frame, since a polynomial leaves it beyond the data.
 */
import {
  type BoundaryView,
  boundaryPresence,
  noBoundaryWords,
} from "../../render/figures/decision-boundary.js";
import { THEME } from "../../render/theme.js";
import { quotedName } from "../feature-columns.js";
import { MODELS_TAB } from "../model-requests.js";
import type { DataInfo, ModelRunResult } from "../protocol.js";
import type { ChangeKey } from "../store.js";
import { formatNumber } from "../words.js";
import { type Chart, frameClip, observeWidth, svgElement } from "./chart.js";
import { framedPath } from "./framed-path.js";
import { planeFigure, probabilityByLabel } from "./model-plane.js";
import { cleanupAll, type Panel } from "./panel.js";
import { dataChart } from "./scene.js";

/**
 * The data as the logistic model sees it: each point's label, 1 where y is above the threshold, or y itself
 * when it is already 0 or 1 (`threshold` null).
 */
export function labelledData(data: DataInfo, threshold: number | null): DataInfo {
  if (threshold === null) return { ...data, yName: `label: ${data.yName}`, extentY: [0, 1] };
  return {
    ...data,
    yName: `label: ${data.yName} > ${formatNumber(threshold)}`,
    sampleY: Float64Array.from(data.sampleY, (y) => (y > threshold ? 1 : 0)),
    extentY: [0, 1],
  };
}

/**
 * An SVG path through the points (x[i], y[i]), broken where y is not a number, cut at the chart's frame
 * (framed-path.ts): the grid of x reaches past the axis and a polynomial far off it, and a path merely
 * clipped for the eye would still reach past the page's edge on a phone.
 */
export function curvePath(
  chart: Pick<Chart, "x" | "y" | "frameX" | "frameY">,
  x: Float64Array,
  y: Float64Array,
): string {
  const [left, right] = chart.frameX;
  const [top, bottom] = chart.frameY;
  const reach = bottom - top;
  const box = [left, top, right, bottom] as const;
  let d = "";
  let run: [number, number][] = [];
  const flush = () => {
    if (run.length > 1) d += framedPath(run, box).d; // a lone point draws nothing
    run = [];
  };
  for (let i = 0; i < x.length; i++) {
    const value = y[i] as number;
    if (!Number.isFinite(value)) {
      flush();
      continue;
    }
    // Far off the frame is as good as infinitely far for the cut, and keeps the numbers printable.
    const py = Math.min(bottom + reach, Math.max(top - reach, chart.y(value)));
    run.push([chart.x(x[i] as number), py]);
  }
  flush();
  return d;
}

/** The caption's words on the plane's p = 0.5 boundary, after the shading's: drawn, or why there is none. */
export function planeBoundaryWords(plane: BoundaryView): string {
  const missing = noBoundaryWords(boundaryPresence(plane));
  if (missing !== null) return `; ${missing}`;
  return plane.exact
    ? ", and the line where it is 0.5, exact for logistic regression"
    : ", and the curve where it is 0.5, traced on a grid";
}

function swatch(kind: string): HTMLElement {
  const mark = document.createElement("span");
  mark.className = `swatch swatch-${kind}`;
  mark.setAttribute("aria-hidden", "true");
  return mark;
}

export const modelScenePanel: Panel = {
  id: "model-scene",
  title: "The fitted model and the data",
  tab: MODELS_TAB,
  showsResults: true,
  area: "main",
  width: "half",
  waitsFor: (session) => session.modelPending,
  mount(container, store) {
    const host = document.createElement("div");
    host.className = "chart-host scene model-scene";
    const legend = document.createElement("p");
    legend.className = "legend";
    legend.dataset.testid = "model-scene-legend";
    container.append(host, legend);
    let width = 0;
    let drawn: { svg: SVGSVGElement; canvas: HTMLCanvasElement | null } | null = null;

    const render = () => {
      const data = store.session.dataInfo;
      const run = store.session.modelRun;
      if (!data || width === 0) return;
      if (run?.plane) {
        const svg = planeFigure(
          run.plane,
          run.title,
          labelledData(data, run.labels?.threshold ?? null).yName,
          width,
        );
        host.replaceChildren(svg);
        drawn = { svg, canvas: null };
        describe(run, data);
        return;
      }
      const logistic = run?.labels ?? null;
      const labelName = labelledData(data, logistic?.threshold ?? null).yName;
      const predictions = run?.predictions
        ? logistic !== null
          ? probabilityByLabel(data, run.predictions, labelName)
          : predictedData(data, run.predictions)
        : null;
      const shown = predictions ?? (logistic !== null ? labelledData(data, logistic.threshold) : data);
      const { chart, canvas } = dataChart(host, shown, {
        width,
        height: Math.round(Math.min(420, Math.max(240, width * 0.62))),
        ariaLabel: predictions
          ? logistic !== null
            ? `${run?.title}: each point's predicted probability of 1 beside its label, above or below p = 0.5`
            : `${run?.title}: each point's prediction against its ${data.yName}, beside the diagonal of perfect predictions`
          : run
            ? `${run.title}: ${logistic !== null ? "the predicted probability" : "the fitted curve"} over the data, ${shown.yName} against ${data.xName}`
            : `Scatter plot of ${data.yName} against ${data.xName}`,
        ideal: null,
        ...(predictions && logistic !== null ? { xTicks: [0, 1] } : {}),
      });
      drawn = { svg: chart.svg, canvas };
      if (run) drawModel(chart, run);
      describe(run, data);
    };

    const describe = (run: ModelRunResult | null, data: DataInfo) => {
      legend.replaceChildren();
      if (!run) {
        legend.textContent = store.session.modelError ? "No fitted model: see what the model did." : "";
        return;
      }
      const step = `after ${run.steps} step${run.steps === 1 ? "" : "s"}`;
      const columns = run.featureNames.map(quotedName).join(", ");
      if (run.plane) {
        legend.append(
          `The plane of ${columns}, ${step}: each point coloured by its label (`,
          run.labels?.threshold === null || !run.labels
            ? `${data.yName}, 0 or 1 as given`
            : `1: ${data.yName} above its median ${formatNumber(run.labels.threshold)}`,
          "), the background shaded by the predicted probability of 1 (blue towards 0, orange towards 1)",
          planeBoundaryWords(run.plane),
          ". Two inputs are the most a plane shows: this is the figure lrlab plot fit draws.",
        );
      } else if (run.predictions && run.labels) {
        legend.append(
          swatch("point"),
          ` each point's predicted probability of 1, ${step}, beside its label (spread sideways so points do not hide each other), from ${columns}  `,
          swatch("half"),
          " p = 0.5: above it the model says 1. Three or more inputs have no curve over one x and no plane to draw.",
        );
      } else if (run.predictions) {
        legend.append(
          swatch("point"),
          ` predicted against actual ${data.yName}, ${step}, from ${columns}  `,
          swatch("diagonal"),
          " predicted = actual. Several inputs have no curve over one x: the nearer the diagonal, the better the fit.",
        );
      } else if (run.labels) {
        legend.append(
          swatch("point"),
          run.labels.threshold === null
            ? ` labels (${data.yName}, 0 or 1 as given)  `
            : ` labels (1: ${data.yName} above its median ${formatNumber(run.labels.threshold)})  `,
          swatch("current"),
          ` the probability of 1, ${step}  `,
          swatch("boundary"),
          run.settings.name === "mlp"
            ? " p = 0.5 (dotted): the network says 1 where its curve is above it"
            : run.boundary === null
              ? " no decision boundary (the weight is 0)"
              : ` p = 0.5 at ${data.xName} = ${formatNumber(run.boundary)}`,
        );
      } else {
        legend.append(swatch("point"), " data  ", swatch("current"), ` ${run.title}, ${step}`);
      }
    };

    const stopWidth = observeWidth(host, (next) => {
      width = next;
      render();
    });
    const keys: readonly ChangeKey[] = ["dataInfo", "modelRun", "modelError"];
    const unsubscribe = store.subscribe((changed) => {
      if (keys.some((key) => changed.has(key))) render();
    });
    return {
      figure: () => (drawn ? { svg: drawn.svg, underlay: drawn.canvas, name: "lrlab-model-scene" } : null),
      destroy: cleanupAll([stopWidth, unsubscribe]),
    };
  },
};

/**
 * Several x columns have no curve over one x: each point's prediction against its y instead, on axes of
 * one range, so that perfect predictions lie on the diagonal.
 */
export function predictedData(
  data: DataInfo,
  { actual, predicted }: { readonly actual: Float64Array; readonly predicted: Float64Array },
): DataInfo {
  let [low, high] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const value of [...actual, ...predicted]) {
    if (!Number.isFinite(value)) continue;
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  const range: readonly [number, number] = low <= high ? [low, high] : [0, 1];
  return {
    ...data,
    xName: `actual ${data.yName}`,
    yName: `predicted ${data.yName}`,
    sampleX: actual,
    sampleY: predicted,
    extentX: range,
    extentY: range,
  };
}

/** The curve, and for logistic regression p = 0.5 and the decision boundary, in the chart's live layer. */
function drawModel(chart: Chart, run: ModelRunResult): void {
  const clip = frameClip(chart, "model-scene-frame");
  if (run.predictions && run.labels) {
    // p = 0.5 across the frame: the model says 1 above it.
    const [left, right] = chart.frameX;
    const half = chart.y(0.5);
    chart.live.append(
      svgElement("line", {
        class: "model-half",
        x1: left,
        x2: right,
        y1: half,
        y2: half,
        stroke: THEME.ink,
        "stroke-width": 1.5,
        "stroke-dasharray": "6 4",
      }),
    );
    return;
  }
  if (run.predictions) {
    // The diagonal across the whole frame (cut at its edges by curvePath).
    const [left, right] = chart.frameX;
    const ends = Float64Array.of(chart.invertX(left), chart.invertX(right));
    chart.live.append(
      svgElement("path", {
        class: "model-diagonal",
        d: curvePath(chart, ends, ends),
        stroke: THEME.ink,
        "stroke-width": 1.5,
        "stroke-dasharray": "6 4",
        fill: "none",
        "clip-path": clip,
      }),
    );
    return;
  }
  const [left, right] = chart.frameX;
  const [top, bottom] = chart.frameY;
  if (run.labels) {
    const half = chart.y(0.5);
    chart.live.append(
      svgElement("line", {
        x1: left,
        x2: right,
        y1: half,
        y2: half,
        stroke: THEME.muted,
        "stroke-width": 1,
        "stroke-dasharray": "2 3",
      }),
    );
    const boundary = run.boundary;
    const px = boundary === null ? Number.NaN : chart.x(boundary);
    if (px >= left && px <= right) {
      // The label goes in a quadrant about (boundary, 0.5) that the curve leaves empty: left and above
      // for a rising probability (right and below), on whichever side has more room.
      const rising = (run.curve.y[0] as number) < 0.5;
      const onLeft = px - left > right - px;
      const above = rising === onLeft;
      const label = svgElement("text", {
        x: px + (onLeft ? -6 : 6),
        y: half + (above ? -6 : 16),
        "text-anchor": onLeft ? "end" : "start",
        fill: THEME.ink,
        stroke: THEME.background,
        "stroke-width": 3,
        "paint-order": "stroke",
        "font-size": 12,
        class: "boundary-label",
      });
      label.textContent = `p = 0.5 at ${formatNumber(boundary)}`;
      chart.live.append(
        svgElement("line", {
          x1: px,
          x2: px,
          y1: top,
          y2: bottom,
          stroke: THEME.ink,
          "stroke-width": 1.5,
          "stroke-dasharray": "6 4",
          class: "decision-boundary",
        }),
        label,
      );
    }
  }
  chart.live.append(
    svgElement("path", {
      class: "model-curve",
      d: curvePath(chart, run.curve.x, run.curve.y),
      stroke: THEME.current,
      "stroke-width": 2.5,
      fill: "none",
      "clip-path": clip,
    }),
  );
}
