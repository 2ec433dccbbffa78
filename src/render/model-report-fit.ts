/**
 * The model report's section on what the model fitted: on one input, its curve over the points (with the
 * exact least-squares curve of the same model under it for the linear family under MSE); on several,
 * each point's prediction against its target; for a classifier on two, its decision boundary. Predictions far beyond the data's range are cut, so a model
 * that blew up does not squash the points into a line.
 */
import { datasetColumns } from "../core/data/data.js";
import { drawsDecisionBoundary } from "../core/models/decision-boundary.js";
import { predictOn } from "../core/models/predictions.js";
import { boundaryView } from "./boundary-view.js";
import { extent } from "./extent.js";
import { modelFitFigure } from "./figures/model-fit.js";
import type { RenderEnvironment } from "./frame.js";
import type { PageSection } from "./html.js";
import type { ModelReportInput } from "./model-report.js";
import { modelTitle } from "./model-words.js";
import { formatCount, formatNumber } from "./numbers.js";

/** Points drawn at most (an even sample beyond); points along the fitted curve. */
const MAX_POINTS = 2000;
const CURVE_POINTS = 240;

/** The fitted curve, or predicted against actual, at the run's final weights. */
export function fitSection(
  environment: RenderEnvironment,
  { data, columnNames, prepared, judged }: ModelReportInput,
): PageSection[] {
  const params = judged.run.final.params;
  const n = prepared.data.targets.length;
  const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
  const { theory } = prepared;
  const subtitle = `at the end of the run, loss ${formatNumber(judged.run.final.loss)}${theory ? ` (least squares ${formatNumber(theory.optimum.loss)})` : ""}`;
  // A model far from the data (a run that blew up, or is on its way) would stretch the chart until the
  // points sit on one line: what it predicts beyond the data's range, and half that range again, is cut.
  const [yLow, yHigh] = extent(data.y);
  const margin = 0.5 * (yHigh - yLow || 1);
  const inBand = (value: number) => (value >= yLow - margin && value <= yHigh + margin ? value : Number.NaN);
  const heading = "What the model fitted";
  if (columnNames.length === 1) {
    const x = datasetColumns(data)[0] as Float64Array;
    const points: { x: number; y: number }[] = [];
    for (let r = 0; r < n; r += stride) points.push({ x: x[r] as number, y: data.y[r] as number });
    const [low, high] = extent(x);
    const grid = Float64Array.from(
      { length: CURVE_POINTS },
      (_, i) => low + ((high - low) * i) / (CURVE_POINTS - 1),
    );
    const along = (weights: Float64Array) =>
      Array.from(predictOn(prepared, weights, [grid]), (y, i) => ({ x: grid[i] as number, y: inBand(y) }));
    const curve = along(params);
    const cut = curve.filter((point) => Number.isNaN(point.y)).length;
    // A line is drawn between two neighbours on the chart: none, and nothing of the curve shows.
    const drawn = curve.some((point, i) => i > 0 && !Number.isNaN(point.y) && !Number.isNaN(curve[i - 1]?.y));
    const cutWords = !drawn
      ? " The red curve is off the chart everywhere: the model predicts values far beyond the data."
      : cut > 0
        ? " Where the red curve leaves the chart it is cut: the model predicts values far beyond the data there."
        : "";
    return [
      {
        heading,
        paragraphs: [
          `The model's prediction across the range of “${columnNames[0]}”, in red, over the data${theory ? "; in dashed green, the exact least-squares fit of the same model, where gradient descent should arrive" : ""}.${cutWords}`,
        ],
        figures: [
          modelFitFigure(environment, {
            view: {
              kind: "curve",
              points,
              curve,
              ideal: theory ? along(Float64Array.of(...theory.optimum.w, theory.optimum.b)) : null,
              xName: columnNames[0] as string,
              probability: prepared.model.output === "sigmoid",
            },
            yName: data.yName,
            title: `What the ${modelTitle(prepared)} fitted`,
            subtitle,
          }),
        ],
      },
    ];
  }
  if (drawsDecisionBoundary(prepared)) {
    const [a, b] = datasetColumns(data) as [Float64Array, Float64Array];
    const names = columnNames as [string, string];
    const exact = prepared.spec.name === "logistic";
    return [
      {
        heading,
        paragraphs: [
          `The plane of “${names[0]}” and “${names[1]}”, each point coloured by its label; the model predicts 1 on the orange side of the red boundary, where p > 0.5, and 0 on the blue side${exact ? " (for logistic regression the boundary is the straight line where the weighted sum is 0)" : ""}.`,
        ],
        figures: [
          modelFitFigure(environment, {
            view: boundaryView(prepared, params, [a, b], data.y, names, stride),
            yName: data.yName,
            title: `Where the ${modelTitle(prepared)} says p = 0.5`,
            subtitle,
          }),
        ],
      },
    ];
  }
  const points: { predicted: number; actual: number }[] = [];
  for (let r = 0; r < n; r += stride) {
    points.push({
      predicted: inBand(prepared.model.predict(params, prepared.data, r)),
      actual: prepared.data.targets[r] as number,
    });
  }
  const off = points.filter((point) => Number.isNaN(point.predicted)).length;
  return [
    {
      heading,
      paragraphs: [
        `With ${columnNames.length} inputs there is no curve to draw: each point's prediction against its actual value, on the dashed diagonal where the two agree.${off > 0 ? ` ${formatCount(off)} of the ${formatCount(points.length)} predictions are far beyond the data's range and are left off the chart.` : ""}`,
      ],
      figures: [
        modelFitFigure(environment, {
          view: { kind: "predicted", points },
          yName: data.yName,
          title: `Predicted against actual: the ${modelTitle(prepared)}`,
          subtitle,
        }),
      ],
    },
  ];
}
