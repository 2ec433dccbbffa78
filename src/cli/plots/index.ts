/** Every kind of `lrlab plot`, in the order of the lesson. */
import { animationPlot } from "./animation-plot.js";
import { findLrPlot } from "./find-lr-plot.js";
import { fitPlot } from "./fit-plot.js";
import { historyPlot } from "./history-plot.js";
import { landscapePlot } from "./landscape-plot.js";
import { lossPlot } from "./loss-plot.js";
import type { PlotKind } from "./plot-kind.js";
import { schedulePlot } from "./schedule-plot.js";
import { sharpnessPlot } from "./sharpness-plot.js";
import { slicesPlot } from "./slices-plot.js";
import { sweepPlot } from "./sweep-plot.js";

export const PLOT_KINDS: readonly PlotKind[] = [
  fitPlot,
  lossPlot,
  slicesPlot,
  landscapePlot,
  sweepPlot,
  findLrPlot,
  schedulePlot,
  animationPlot,
  historyPlot,
  sharpnessPlot,
];
