/**
 * `lrlab plot history --from FILE`: loss and learning rate against epoch (or step) from a training run
 * made elsewhere: a Keras `history.history` dump, a TF.js `History` saved as JSON, the log of
 * lrlab/tfjs's `learningRateLogger()` (every update's rate and loss), or lrlab's own `fit --json` document
 * or CSV history (and Keras's CSVLogger). A `sharpness` series gets a panel of its own, with the bound
 * the rate sets on it. See history-plot-parse.ts.
 */
import { LrlabError } from "../../core/errors.js";
import { sharpnessBound } from "../../core/judging/edge-of-stability.js";
import type { OptimizerLike } from "../../core/theory/regime.js";
import type { HistoryLossSeries } from "../../render/figures/history.js";
import type { HistorySharpness } from "../../render/figures/history-sharpness.js";
import { withRealMinus } from "../../render/numbers.js";
import { formatSignificant, textWidth } from "../../render/text.js";
import { THEME } from "../../render/theme.js";
import { formatCount } from "../format.js";
import { describeSystemError, type Io } from "../io.js";
import { kerasOptimizerClass } from "../keras-words.js";
import { nonFiniteWords } from "./history-gaps.js";
import { addOptimizerOptions, optimizerFromFlags } from "./history-optimizer.js";
import { type ParsedHistory, parseHistory } from "./history-plot-parse.js";
import { addRefusedModelOptions, refuseAnyModel } from "./model-refusals.js";
import type { PlotKind } from "./plot-kind.js";

/** The figure's width (historyFigure's default), which the subtitle must fit. */
const FIGURE_WIDTH = 720;

const SOURCES: Record<ParsedHistory["kind"], string> = {
  keras: "Keras history",
  tfjs: "TF.js History",
  lrlab: "learningRateLogger log",
  "lrlab-fit": "lrlab fit run",
  csv: "CSV history",
};

export const historyPlot: PlotKind = {
  name: "history",
  description:
    "loss and learning rate (and sharpness, when recorded) against epoch or step from a training run: a Keras history.history JSON dump, a TF.js History saved as JSON, an lrlab/tfjs learningRateLogger() log, lrlab fit's JSON or CSV, or a Keras CSVLogger file",
  configure(command) {
    command.option(
      "--from <file>",
      'the history as JSON: Keras {"loss": [...], "learning_rate": [...]}, TF.js {"history": {...}, "epoch": [...]}, a learningRateLogger() log or lrlab fit --json; or as .csv (lrlab fit --out run.csv, Keras CSVLogger); a "sharpness" key or column is drawn too',
    );
    addOptimizerOptions(command);
    addRefusedModelOptions(command);
  },
  async build(options, io, environment) {
    refuseAnyModel(
      options,
      (flag) => `plot history draws the training history in --from, whatever model made it: drop ${flag}`,
    );
    const file = options.from;
    if (typeof file !== "string" || file === "") {
      throw new LrlabError("E_USAGE", "--from: expected the history's JSON file, e.g. --from history.json");
    }
    const history = parseHistory(await readText(io, file), file);
    const optimizer = optimizerFromFlags(options, history.optimizer) ?? history.optimizer;
    const { historyFigure } = await import("../../render/figures/history.js");
    const figure = historyFigure(environment, {
      unit: history.unit,
      losses: lossSeries(history),
      learningRate: history.learningRate,
      sharpness: sharpnessOf(history, optimizer),
      start: history.start,
      end: history.end,
      subtitle: subtitleOf(history),
      description: `Read from ${file}, a ${SOURCES[history.kind]}${history.kind === "lrlab" ? " of lrlab/tfjs" : ""}.`,
    });
    return { figure, inputs: [io.resolvePath(file)] };
  },
};

/**
 * The sharpness series with the bound the rate sets on it: the optimizer's own when the file or
 * --optimizer names it (none for Adam, RMSprop, Adagrad, whose bound is on the preconditioned sharpness,
 * said in the panel), else gradient descent's 2/η, labelled as a guess.
 */
function sharpnessOf(history: ParsedHistory, optimizer: OptimizerLike | null): HistorySharpness | null {
  if (!history.sharpness) return null;
  const rate = history.learningRate;
  const bound = optimizer ? sharpnessBound(optimizer) : { factor: 2, formula: "2/η" };
  const note =
    optimizer && !bound
      ? `${kerasOptimizerClass(optimizer.name)} has no 2/η bound: its steps are scaled weight by weight`
      : null;
  return {
    ...history.sharpness,
    bound:
      rate && bound
        ? {
            x: rate.x,
            values: rate.rates.map((r) => (r > 0 ? bound.factor / r : Number.NaN)),
            // Unnamed, the optimizer might have had momentum (a bound up to 2× higher): say it is a guess.
            label: optimizer ? bound.formula : `${bound.formula} if plain SGD (give --optimizer)`,
          }
        : null,
    ...(note ? { note } : {}),
  };
}

/** The whole file as text, through the io's stream (which names the file if it cannot be read). */
async function readText(io: Io, file: string): Promise<string> {
  let text = "";
  try {
    for await (const chunk of io.openTextStream(file)) text += chunk as string;
  } catch (error) {
    if (error instanceof LrlabError) throw error;
    throw new LrlabError("E_IO", `${file}: cannot read it (${describeSystemError(error)})`);
  }
  return text;
}

function lossSeries(history: ParsedHistory): HistoryLossSeries[] {
  const series: HistoryLossSeries[] = [];
  const { epochs, batches } = history;
  if (batches)
    series.push({ label: "batch loss", x: batches.x, y: batches.loss, kind: "batch", role: "train" });
  if (epochs.loss) {
    series.push({
      label: batches ? "epoch loss" : "loss",
      x: epochs.x,
      y: epochs.loss,
      kind: "epoch",
      role: "train",
    });
  }
  if (epochs.valLoss) {
    series.push({ label: "val_loss", x: epochs.x, y: epochs.valLoss, kind: "epoch", role: "validation" });
  }
  return series;
}

/** Where the numbers came from and what they came to: epochs, updates, the rate's range, final losses. */
function subtitleOf(history: ParsedHistory): string {
  const epochs = history.epochs.x.length;
  const count = history.batches
    ? `${formatCount(history.batches.x.length)} updates in ${formatCount(epochs)} epochs`
    : history.unit === "step"
      ? `${formatCount(epochs)} recorded step${epochs === 1 ? "" : "s"}`
      : `${formatCount(epochs)} epoch${epochs === 1 ? "" : "s"}`;
  let rate = "";
  if (history.learningRate) {
    const rates = history.learningRate.rates.filter(Number.isFinite);
    const first = rates[0];
    const last = rates.at(-1);
    if (first !== undefined && last !== undefined) {
      rate = `rate ${withRealMinus(formatSignificant(first, 4))}${first === last ? "" : ` → ${withRealMinus(formatSignificant(last, 4))}`}`;
    }
  }
  const unit = history.unit;
  const lossX = history.epochs.loss ? history.epochs.x : (history.batches?.x ?? []);
  const finals = [
    final("loss", history.epochs.loss ?? history.batches?.loss ?? null, lossX, unit),
    final("val_loss", history.epochs.valLoss, history.epochs.x, unit),
  ].filter(Boolean);
  const parts = {
    source: SOURCES[history.kind],
    count,
    rate,
    finals: finals.length ? `final ${finals.join(", ")}` : "",
    // Gaps in the lines are results (a blow-up), not missing data: say where they are.
    gaps: nonFiniteWords(history),
  };
  // One line under the title: drop the rate's range (the lower panel shows it), then the source, then the count.
  const line = () => Object.values(parts).filter(Boolean).join(" · ");
  for (const drop of ["rate", "source", "count"] as const) {
    if (textWidth(line(), THEME.subtitleSize) <= FIGURE_WIDTH) break;
    parts[drop] = "";
  }
  return line();
}

/** "loss 0.2345", or, when the run ended on non-finite values, "loss not finite from epoch 6". */
function final(name: string, values: readonly number[] | null, x: readonly number[], unit: string): string {
  if (!values || values.length === 0) return "";
  const last = values.at(-1) as number;
  if (Number.isFinite(last)) return `${name} ${withRealMinus(formatSignificant(last, 4))}`;
  let from = values.length - 1;
  while (from > 0 && !Number.isFinite(values[from - 1] as number)) from--;
  return `${name} not finite from ${unit} ${formatCount(x[from] as number)}`;
}
