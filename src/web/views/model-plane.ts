/**
 * The scene of a classifier on several x columns. On exactly two (logistic regression, or an mlp under
 * BCE): the a–b plane with the points coloured by label, p shaded and the p = 0.5 boundary, the very figure
 * `lrlab plot fit` draws (render/figures/model-fit.ts on render/boundary-view.ts's view, computed in the
 * worker), built with the page's document. On more: each point's predicted probability of 1 beside its
 * label, since no plane shows three inputs.
 */
import { type BoundaryView, boundaryPresence } from "../../render/figures/decision-boundary.js";
import { modelFitFigure } from "../../render/figures/model-fit.js";
import { textWidth } from "../../render/text.js";
import { THEME } from "../../render/theme.js";
import type { DataInfo } from "../protocol.js";

/** The frame's padding on each side of its panel (render/frame.ts). */
const FRAME_PADDING = 16;
/** The narrowest panel render/frame.ts lays out (it makes a figure at least 320 px wide inside its padding). */
const NARROWEST_PANEL = 320 - 2 * FRAME_PADDING;

/**
 * The figure's title in `room` pixels: the CLI's ("Where the logistic regression on 2 columns says
 * p = 0.5") when it fits, else the short one (the panel's heading and the caption name the model).
 */
export function planeTitle(modelTitle: string, room: number, boundary = true): string {
  // No p = 0.5 on the plane (boundaryPresence): the title promises none.
  const [full, short] = boundary
    ? [`Where the ${modelTitle} says p = 0.5`, "Where p = 0.5"]
    : [`What the ${modelTitle} says on this plane`, "p on this plane"];
  return textWidth(full, THEME.titleSize, true) <= room ? full : short;
}

/** The plane's figure `width` pixels wide, as an element of the page (its strings escaped by render). */
export function planeFigure(
  plane: BoundaryView,
  modelTitle: string,
  yName: string,
  width: number,
): SVGSVGElement {
  const panelWidth = Math.max(NARROWEST_PANEL, Math.floor(width) - 2 * FRAME_PADDING);
  const figure = modelFitFigure(
    { document },
    {
      view: plane,
      yName,
      title: planeTitle(modelTitle, panelWidth, boundaryPresence(plane) === "crosses"),
      width: panelWidth,
    },
  );
  // Parsed as SVG, not evaluated as HTML.
  const parsed = new DOMParser().parseFromString(figure.svg, "image/svg+xml").documentElement;
  const element = document.importNode(parsed, true) as unknown as SVGSVGElement;
  element.dataset.testid = "model-plane-chart";
  element.setAttribute(
    "aria-label",
    `${figure.title}: ${plane.bName} against ${plane.aName}, the points coloured by their label, shaded by the predicted probability of 1${boundaryPresence(plane) === "crosses" ? ", and the line where it is 0.5" : ""}`,
  );
  return element;
}

/** How far each label's points spread sideways, either way, so that they do not hide each other. */
const SPREAD = 0.2;

/**
 * Logistic regression on three or more columns: each point's predicted probability of 1 (up) beside its
 * label (across, 0 or 1, spread sideways by an even, seed-free sequence: the golden ratio's multiples), so
 * a good fit puts the 1s high and the 0s low.
 */
export function probabilityByLabel(
  data: DataInfo,
  { actual, predicted }: { readonly actual: Float64Array; readonly predicted: Float64Array },
  labelName: string,
): DataInfo {
  const golden = (Math.sqrt(5) - 1) / 2;
  return {
    ...data,
    xName: labelName,
    yName: "predicted probability of 1",
    sampleX: Float64Array.from(actual, (label, k) => label + SPREAD * (2 * ((k * golden) % 1) - 1)),
    sampleY: predicted,
    extentX: [-0.5, 1.5],
    extentY: [0, 1],
  };
}
