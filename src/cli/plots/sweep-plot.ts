/** `lrlab plot sweep` (being written). */
import { LrlabError } from "../../core/errors.js";
import type { PlotKind } from "./plot-kind.js";

export const sweepPlot: PlotKind = {
  name: "sweep",
  description: "(being written)",
  configure() {},
  async build() {
    throw new LrlabError("E_USAGE", "lrlab plot sweep is not written yet");
  },
};
