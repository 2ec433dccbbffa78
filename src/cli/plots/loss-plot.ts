/** `lrlab plot loss` (being written). */
import { LrlabError } from "../../core/errors.js";
import type { PlotKind } from "./plot-kind.js";

export const lossPlot: PlotKind = {
  name: "loss",
  description: "(being written)",
  configure() {},
  async build() {
    throw new LrlabError("E_USAGE", "lrlab plot loss is not written yet");
  },
};
