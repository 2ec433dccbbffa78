/** `lrlab plot find-lr` (being written). */
import { LrlabError } from "../../core/errors.js";
import type { PlotKind } from "./plot-kind.js";

export const findLrPlot: PlotKind = {
  name: "find-lr",
  description: "(being written)",
  configure() {},
  async build() {
    throw new LrlabError("E_USAGE", "lrlab plot find-lr is not written yet");
  },
};
