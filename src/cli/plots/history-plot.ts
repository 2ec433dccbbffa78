/** `lrlab plot history` (being written). */
import { LrlabError } from "../../core/errors.js";
import type { PlotKind } from "./plot-kind.js";

export const historyPlot: PlotKind = {
  name: "history",
  description: "(being written)",
  configure() {},
  async build() {
    throw new LrlabError("E_USAGE", "lrlab plot history is not written yet");
  },
};
