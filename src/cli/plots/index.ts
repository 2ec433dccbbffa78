/** Every kind of `lrlab plot`, in the order of the lesson. */
import { fitPlot } from "./fit-plot.js";
import type { PlotKind } from "./plot-kind.js";

export const PLOT_KINDS: readonly PlotKind[] = [fitPlot];
