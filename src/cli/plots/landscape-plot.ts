/** `lrlab plot landscape` (being written). */
import { LrlabError } from "../../core/errors.js";
import type { PlotKind } from "./plot-kind.js";

export const landscapePlot: PlotKind = {
  name: "landscape",
  description: "(being written)",
  configure() {},
  async build() {
    throw new LrlabError("E_USAGE", "lrlab plot landscape is not written yet");
  },
};
