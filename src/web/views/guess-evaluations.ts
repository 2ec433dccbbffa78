/**
 * Random guessing against gradient descent, as loss against loss evaluations: the best guess's loss after
 * each guess beside gradient descent's loss after each step, both for as many evaluations as the guessing
 * has made so far, on log scales, with a ring where gradient descent gets as low as the best guess.
 */
import { logTicks, ticksOption } from "../../render/figures/annotations.js";
import { seriesColor, THEME } from "../../render/theme.js";
import type { GuessResult } from "../protocol.js";
import { bestGuessSoFar, formatNumber } from "../words.js";
import { type Chart, frameClip, observeWidth, svgElement } from "./chart.js";
import { logLossChart } from "./curves.js";
import { cleanupAll, type Panel } from "./panel.js";

const DESCENT_COLOR = seriesColor(0);

interface Evaluations {
  readonly chart: Chart;
  readonly result: GuessResult;
  readonly guessing: SVGPathElement;
  readonly descent: SVGPathElement;
  /** Gradient descent's path commands, one per evaluation. */
  readonly descentCommands: string[];
  readonly dots: [SVGCircleElement, SVGCircleElement];
  /** Where gradient descent first gets as low as the best guess so far. */
  readonly match: SVGCircleElement;
}

export const guessChartPanel: Panel = {
  id: "guess-evaluations",
  title: "Loss against evaluations",
  tab: "guessing",
  waitsFor: (session) => session.guessesPending,
  area: "main",
  width: "half",
  mount(container, store) {
    const host = document.createElement("div");
    host.className = "chart-host curve";
    const legend = document.createElement("p");
    legend.className = "legend";
    container.append(host, legend);
    let width = 0;
    let drawn: Evaluations | null = null;

    const render = () => {
      const result = store.session.guesses;
      if (!result || width === 0) return;
      drawn = drawEvaluations(host, result, width);
      const { learningRate, optimal } = result.gradientDescent;
      legend.textContent =
        `Red: the best of the guesses so far. Blue: gradient descent at lr ${formatNumber(learningRate)}` +
        `${optimal ? " (the fastest rate from this start)" : ""}, from the lesson's start; the ring is where it gets as low as the best guess.` +
        `${result.optimum ? " Dashed green: the best loss." : ""}`;
      drawLive();
    };
    const drawLive = () => {
      if (!drawn) return;
      const { chart, result } = drawn;
      const shown = Math.min(store.state.guessAt, result.trials);
      // The best-so-far staircase: level from one improvement to the next, down at each.
      let d = "";
      let level = Number.NaN;
      for (const entry of result.progress) {
        if (entry.evaluations > shown) break;
        const x = chart.x(entry.evaluations).toFixed(1);
        d += d === "" ? `M${x},${chart.y(entry.loss).toFixed(1)}` : `H${x}V${chart.y(entry.loss).toFixed(1)}`;
        level = entry.loss;
      }
      if (d !== "") d += `H${chart.x(Math.max(1, shown)).toFixed(1)}`;
      drawn.guessing.setAttribute("d", d);
      const descentShown = Math.min(shown, drawn.descentCommands.length);
      drawn.descent.setAttribute("d", drawn.descentCommands.slice(0, descentShown).join(""));
      const [guessDot, descentDot] = drawn.dots;
      place(guessDot, chart, Number.isFinite(level) ? [Math.max(1, shown), level] : null);
      const descentLoss = result.gradientDescent.losses[descentShown - 1];
      place(
        descentDot,
        chart,
        descentShown > 0 && descentLoss !== undefined ? [descentShown, descentLoss] : null,
      );
      const needed = bestGuessSoFar(result, shown)?.gradientDescent ?? null;
      const matchLoss = needed === null ? undefined : result.gradientDescent.losses[needed - 1];
      place(
        drawn.match,
        chart,
        needed !== null && matchLoss !== undefined && needed <= shown ? [needed, matchLoss] : null,
      );
    };
    const stopWidth = observeWidth(host, (next) => {
      width = next;
      render();
    });
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("guesses")) render();
      else if (changed.has("guessAt")) drawLive();
    });
    render();
    return {
      figure: () => (drawn ? { svg: drawn.chart.svg, name: "lrlab-guess-evaluations" } : null),
      destroy: cleanupAll([stopWidth, unsubscribe]),
    };
  },
};

function place(dot: SVGCircleElement, chart: Chart, point: [number, number] | null): void {
  dot.setAttribute("visibility", point ? "visible" : "hidden");
  if (!point) return;
  dot.setAttribute("cx", chart.x(point[0]).toFixed(1));
  dot.setAttribute("cy", chart.y(point[1]).toFixed(1));
}

function drawEvaluations(host: HTMLElement, result: GuessResult, width: number): Evaluations {
  const losses = result.gradientDescent.losses;
  let low = result.best.loss;
  let high = result.progress[0]?.loss ?? result.best.loss;
  for (const loss of losses) {
    if (!(loss > 0) || !Number.isFinite(loss)) continue;
    low = Math.min(low, loss);
    high = Math.max(high, loss);
  }
  if (result.optimum && result.optimum.loss > 0) low = Math.min(low, result.optimum.loss);
  if (!(low > 0)) low = high / 1e3;
  if (!(high > low)) high = low * 10;
  const span = Math.log10(high / low);
  const yDomain: [number, number] = [low / 10 ** (0.06 * span), high * 10 ** (0.06 * span)];
  const xDomain: [number, number] = [1, Math.max(10, result.trials)];
  const chart = logLossChart(host, {
    width,
    x: {
      type: "log",
      domain: xDomain,
      label: "loss evaluations (log scale)",
      labelAnchor: "center",
      labelArrow: "none",
      tickFormat: formatNumber,
      ...ticksOption(logTicks(xDomain, 3, Math.max(3, Math.floor(width / 60)))),
    },
    yDomain,
    best: result.optimum ? result.optimum.loss : null,
    ariaLabel: "The best guess's loss and gradient descent's loss against the loss evaluations each made",
  });
  const clip = frameClip(chart, "guess-evaluations-frame");
  const descentCommands: string[] = [];
  for (let e = 1; e <= losses.length; e++) {
    const loss = losses[e - 1] as number;
    if (!(loss > 0) || !Number.isFinite(loss)) break;
    const y = chart.y(Math.min(yDomain[1], loss));
    descentCommands.push(`${e === 1 ? "M" : "L"}${chart.x(e).toFixed(1)},${y.toFixed(1)}`);
  }
  const guessing = svgElement("path", {
    class: "guess-best-curve",
    stroke: THEME.current,
    "stroke-width": 2,
    fill: "none",
    "clip-path": clip,
  });
  const descent = svgElement("path", {
    class: "descent-curve",
    stroke: DESCENT_COLOR,
    "stroke-width": 2,
    fill: "none",
    "clip-path": clip,
  });
  const dots: [SVGCircleElement, SVGCircleElement] = [
    svgElement("circle", { r: 4, fill: THEME.current }),
    svgElement("circle", { r: 4, fill: DESCENT_COLOR }),
  ];
  const match = svgElement("circle", {
    class: "descent-match",
    r: 7,
    fill: "none",
    stroke: DESCENT_COLOR,
    "stroke-width": 2,
  });
  chart.live.append(descent, guessing, match, ...dots);
  return { chart, result, guessing, descent, descentCommands, dots, match };
}
