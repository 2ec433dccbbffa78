/**
 * The lesson as a film: the red line y = w·x + b moves onto the green least-squares line, one frame per
 * chosen step, with the step, the rate and the loss written above it; below, the loss and the learning
 * rate against the step, a dot marking where the film is. A decaying rate can be watched settling the
 * line into the minimum.
 *
 * Every frame lives in one DOM: Plot draws all the frames' lines, labels and dots at once (one element
 * each), and a frame is the state in which only its elements are visible. From that DOM come
 * - the animated SVG: SMIL `<animate>` switches each frame's elements on in its time slot (no script, so it
 *   plays inside the self-contained HTML page, whose policy forbids scripts); its static state is the last
 *   frame, which is what a renderer without animation (resvg, a PNG) shows, and what a reader who asked
 *   for reduced motion sees (a CSS rule with `!important` outranks the animation);
 * - one still SVG per frame, for the GIF (see gif-node.ts).
 */
import * as Plot from "@observablehq/plot";
import type { Dataset } from "../../core/data/data.js";
import type { History } from "../../core/training/history.js";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { THEME } from "../theme.js";
import { curvePanels } from "./animation-curves.js";
import { frameDelays, logSpacedIndices, visibilityAnimation } from "./animation-timing.js";
import { PANEL_STYLE } from "./annotations.js";
import { samplePoints } from "./fit.js";
import {
  dataDots,
  fitAxisName,
  formatTick,
  idealLine,
  redLineTitle,
  spanOf,
  visibleSegment,
} from "./shared.js";

/** Where the line is on one frame. */
export interface AnimationFrame {
  step: number;
  /** The rate of the update that leaves this step. */
  learningRate: number;
  loss: number;
  w: number;
  b: number;
}

/** The run under the film: loss and rate per step (every step or a sample of them). */
export interface AnimationCurve {
  step: readonly number[];
  loss: readonly number[];
  learningRate: readonly number[];
}

export interface AnimationInput {
  data: Dataset;
  /** The least-squares line and its loss, when the loss is MSE. */
  ideal: { w: number; b: number; loss: number } | null;
  /** The frames, in step order. */
  frames: readonly AnimationFrame[];
  curve: AnimationCurve;
  /** 2/λmax (or the optimizer's bound), drawn on the rate panel when known. */
  criticalLearningRate?: number | null;
  title?: string;
  subtitle?: string;
  /** The figure's width in CSS pixels (and the GIF's in pixels). */
  width?: number;
  /** Milliseconds per frame; default {@link frameDelays}. */
  delays?: readonly number[];
}

export interface Animation {
  /** The animated SVG; shown still, it is the last frame. */
  readonly figure: Figure;
  /** One still figure per frame. */
  readonly frames: readonly Figure[];
  /** Milliseconds each frame stays on screen. */
  readonly delays: readonly number[];
  /** Each frame's caption: step, rate and loss. */
  readonly captions: readonly string[];
}

/** At most this many points of the loss and rate curves are drawn. */
const CURVE_POINTS = 600;
const SVG_NS = "http://www.w3.org/2000/svg";
/** Class names of the elements that change from frame to frame. */
const FRAME_MARKS = ["current-line", "frame-caption", "loss-marker", "rate-marker"] as const;

/** Frames and curves from a training history: `count` log-spaced rows with finite parameters. */
export function animationFromHistory(
  history: History,
  count?: number,
): { frames: AnimationFrame[]; curve: AnimationCurve } {
  const rows: number[] = [];
  for (let i = 0; i < history.length; i++) {
    if (Number.isFinite(history.w[i]) && Number.isFinite(history.b[i])) rows.push(i);
  }
  const pick = (indices: readonly number[]) => indices.map((i) => rows[i] as number);
  const frames = pick(logSpacedIndices(rows.length - 1, count)).map((row) => ({
    step: history.step[row] as number,
    learningRate: history.learningRate[row] as number,
    loss: history.loss[row] as number,
    w: history.w[row] as number,
    b: history.b[row] as number,
  }));
  const curveRows = pick(logSpacedIndices(rows.length - 1, CURVE_POINTS));
  return {
    frames,
    curve: {
      step: curveRows.map((row) => history.step[row] as number),
      loss: curveRows.map((row) => history.loss[row] as number),
      learningRate: curveRows.map((row) => history.learningRate[row] as number),
    },
  };
}

/** A frame's caption: "step 12 · lr 0.2512 · loss 1.034". */
export function frameCaption(frame: AnimationFrame): string {
  return `step ${frame.step.toLocaleString("en-US")} · lr ${formatTick(frame.learningRate)} · loss ${formatTick(frame.loss)}`;
}

export function animationFigure(environment: RenderEnvironment, input: AnimationInput): Animation {
  const { frames } = input;
  if (frames.length === 0) throw new RangeError("animationFigure: expected at least one frame");
  const width = input.width ?? 640;
  const inner = width - 32; // frame()'s padding on both sides
  const delays = input.delays ?? frameDelays(frames.map((f) => f.step));
  const captions = frames.map(frameCaption);

  const fitPanel = linePanel(environment, input, captions, inner);
  const curves = curvePanels(environment, input, inner);
  const marked = FRAME_MARKS.map((className) => {
    const elements = [fitPanel, curves].flatMap((panel) => [...panel.querySelectorAll(`g.${className} > *`)]);
    if (elements.length !== frames.length) {
      throw new Error(`animation: ${elements.length} ${className} elements for ${frames.length} frames`);
    }
    return elements;
  });

  const last = frames[frames.length - 1] as AnimationFrame;
  const frameOptions = {
    // What the run did, from its losses: "moves onto", "moves toward", or only where it is after N steps.
    title:
      input.title ??
      (input.ideal
        ? redLineTitle(frames[0] as AnimationFrame, last, input.ideal.loss)
        : "The red line, step by step"),
    subtitle:
      input.subtitle ??
      `red: the line being fitted · green, dashed: the least-squares line · ${frames.length} frames, steps 0 to ${last.step.toLocaleString("en-US")}`,
    panels: [fitPanel, curves],
    columns: 1,
  };
  // A still holds only its own frame's elements: hidden ones would still be laid out by a renderer,
  // and sixty hidden captions per frame cost more than drawing it.
  const groups = marked.map((elements) => ({ parent: elements[0]?.parentNode as Element, elements }));
  const stills = frames.map((_, index) => {
    for (const { parent, elements } of groups) {
      for (const element of elements) element.remove();
      parent.appendChild(elements[index] as Element);
    }
    const still = frame({ ...frameOptions, description: `${frameOptions.title}: ${captions[index]}` });
    for (const { parent, elements } of groups) {
      (elements[index] as Element).remove();
      for (const element of elements) parent.appendChild(element);
    }
    return still;
  });

  // The animated figure: still on the last frame, each frame's elements switched on in its slot.
  for (const elements of marked) {
    elements.forEach((element, i) => {
      const final = i === frames.length - 1;
      element.setAttribute("visibility", final ? "visible" : "hidden");
      element.setAttribute("class", final ? "lrlab-frame lrlab-final" : "lrlab-frame");
      if (frames.length > 1) element.appendChild(animateElement(environment.document, delays, i));
    });
  }
  const style = environment.document.createElementNS(SVG_NS, "style");
  // Reduced motion: only the last frame. `!important` outranks the animation in the cascade.
  style.textContent =
    "@media (prefers-reduced-motion: reduce) { .lrlab-frame { visibility: hidden !important; } " +
    ".lrlab-frame.lrlab-final { visibility: visible !important; } }";
  fitPanel.appendChild(style);
  const figure = frame({
    ...frameOptions,
    description: `${frameOptions.title}, animated: ${captions[0]} … ${captions[captions.length - 1]}`,
  });
  return { figure, frames: stills, delays, captions };
}

function animateElement(document: Document, delays: readonly number[], index: number): Element {
  const animate = document.createElementNS(SVG_NS, "animate");
  for (const [name, value] of Object.entries(visibilityAnimation(delays, index))) {
    animate.setAttribute(name, value);
  }
  return animate;
}

/** The points, the green ideal line, every frame's red line and caption. */
function linePanel(
  { document }: RenderEnvironment,
  input: AnimationInput,
  captions: readonly string[],
  width: number,
): SVGElement {
  const { data, ideal, frames } = input;
  const points = samplePoints(data, 2000);
  const [xMin, xMax] = spanOf(points.map((p) => p.x));
  const [yMin, yMax] = spanOf(points.map((p) => p.y));
  const yPad = 0.08 * (yMax - yMin || 1);
  // The axes' final (nice) domains, fixed here, so each line can be cut to the frame exactly in data space
  // rather than clipped by the renderer: resvg 2.6 panics on a clipped group with nothing inside its clip,
  // which a line off the chart (a diverging run, a start far from the data) would be.
  const xDomain = Plot.scale({ x: { domain: [xMin, xMax], nice: true } }).domain as [number, number];
  const yDomain = Plot.scale({ y: { domain: [yMin - yPad, yMax + yPad], nice: true } }).domain as [
    number,
    number,
  ];
  const lineAt = (w: number, b: number, index: number) =>
    visibleSegment(w, b, xDomain, yDomain).map(([x, y]) => ({ x, y, index }));
  return Plot.plot({
    document,
    width,
    height: Math.round(width * 0.55) + 16,
    marginLeft: 48,
    // Room for the y axis's label, then the caption.
    marginTop: 52,
    // The tick labels, then the x axis's name on a line of its own (not over the last tick).
    marginBottom: 46,
    style: PANEL_STYLE,
    x: { label: fitAxisName(data.xName, width - 8), domain: xDomain, tickFormat: formatTick },
    y: { label: fitAxisName(data.yName, width - 8), domain: yDomain, tickFormat: formatTick },
    grid: true,
    marks: [
      dataDots(points),
      ...(ideal ? [idealLine(lineAt(ideal.w, ideal.b, 0))] : []),
      Plot.line(
        frames.flatMap((f, i) => lineAt(f.w, f.b, i)),
        {
          x: "x",
          y: "y",
          z: "index",
          stroke: THEME.current,
          strokeWidth: 2.5,
          // Butt ends: a line off the chart is a zero-length segment on its edge, which must not show.
          strokeLinecap: "butt",
          className: "current-line",
        },
      ),
      Plot.text(captions, {
        text: (caption: string) => caption,
        frameAnchor: "top-left",
        dy: -18,
        fontSize: 14,
        fontWeight: 600,
        fill: THEME.ink,
        textAnchor: "start",
        className: "frame-caption",
      }),
    ],
  }) as unknown as SVGElement;
}
