/** `lrlab plot slices` (being written). */
import { LrlabError } from "../../core/errors.js";
import type { PlotKind } from "./plot-kind.js";

export const slicesPlot: PlotKind = {
  name: "slices",
  description: "(being written)",
  configure() {},
  async build() {
    throw new LrlabError("E_USAGE", "lrlab plot slices is not written yet");
  },
};
