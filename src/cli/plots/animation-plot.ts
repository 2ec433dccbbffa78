/** `lrlab plot animation` (being written). */
import { LrlabError } from "../../core/errors.js";
import type { PlotKind } from "./plot-kind.js";

export const animationPlot: PlotKind = {
  name: "animation",
  description: "(being written)",
  configure() {},
  async build() {
    throw new LrlabError("E_USAGE", "lrlab plot animation is not written yet");
  },
};
