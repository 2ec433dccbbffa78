/** `lrlab plot schedule` (being written). */
import { LrlabError } from "../../core/errors.js";
import type { PlotKind } from "./plot-kind.js";

export const schedulePlot: PlotKind = {
  name: "schedule",
  description: "(being written)",
  configure() {},
  async build() {
    throw new LrlabError("E_USAGE", "lrlab plot schedule is not written yet");
  },
};
