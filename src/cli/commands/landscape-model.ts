/**
 * `lrlab landscape --directions random|hessian|interpolate` (with `--model …`): a model's loss on a plane
 * through the weights its run ended at (or on the line from its initial to its final weights), with the
 * run's path projected onto it, as JSON or CSV in the conventions of the (w, b) landscape. The run is
 * `lrlab fit`'s with the same flags; `--steps 0` slices at the starting weights (`--init`).
 *
 * The run and the slice are landscape-slice.ts's, which `lrlab plot landscape` draws with the same flags.
 */
import { LrlabError } from "../../core/errors.js";
import type { DirectionKind } from "../../core/landscape/directions.js";
import { type ModelLandscape, ZERO_HESSIAN_REASON } from "../../core/landscape/model-landscape.js";
import { toKerasWeights } from "../../core/models/model.js";
import { optimizerToConfig } from "../../core/optimizers/registry.js";
import { layerSummary } from "../../core/training/model-document.js";
import { offSliceWords } from "../../render/model-landscape-words.js";
import { modelTitle } from "../../render/model-words.js";
import { formatCount, formatNumber } from "../format.js";
import type { Io } from "../io.js";
import { refuseOutputOverInput } from "../output-guard.js";
import { landscapeJson } from "./landscape.js";
import { type SlicedRun, sliceModelRun } from "./landscape-slice.js";

/** Runs `landscape` for a model and returns the exit code. */
export async function runModelLandscape(options: Readonly<Record<string, unknown>>, io: Io): Promise<number> {
  const out = typeof options.out === "string" ? options.out : undefined;
  const outFormat = out === undefined ? undefined : formatOf(out);
  const sliced = await sliceModelRun(options, io, "lrlab landscape", 401);
  refuseOutputOverInput(io, out, sliced.setup.inputs);
  const document = modelLandscapeDocument(sliced);
  if (out !== undefined) {
    io.writeFileAtomic(
      out,
      outFormat === "csv" ? modelLandscapeCsv(sliced.landscape) : landscapeJson(document),
    );
  }
  if (options.json === true) io.stdout(landscapeJson(document));
  else io.stdout(describeModelLandscape(sliced, out));
  return 0;
}

const DIRECTION_WORDS: Readonly<Record<DirectionKind, string>> = {
  random:
    "two random directions, filter-normalized (Li et al. 2018: each Dense unit's kernel column scaled to the weights' own; biases not perturbed)",
  hessian:
    "the top two eigenvectors of the loss Hessian at the final weights (power iteration on exact Hessian-vector products, the second deflated; unit length)",
  interpolate: "the line from the initial (α = 0) to the final (α = 1) weights (Goodfellow et al. 2015)",
};

/** The document `landscape --directions … --json` prints: the setup, the slice's summary, then its values. */
export function modelLandscapeDocument({
  setup,
  judged,
  landscape,
  kind,
  seed,
  centre,
  divergedAt,
}: SlicedRun) {
  const { prepared, data, columnNames } = setup;
  const { run, resolved } = judged;
  const { model } = prepared;
  const plane = landscape.kind === "interpolate" ? null : landscape;
  const na = landscape.alpha.length;
  const lowest = gridMinimum(landscape);
  const theta =
    divergedAt === null
      ? "θ the final weights"
      : centre.step < divergedAt
        ? `θ the weights at step ${centre.step}, the last before the run diverged at step ${divergedAt}`
        : `θ the weights at step ${centre.step}, where the run diverged`;
  const common = {
    status: judged.run.status,
    divergedAtStep: divergedAt,
    data: { source: data.source, n: prepared.data.targets.length, x: columnNames, y: data.yName },
    model: {
      ...prepared.spec,
      layers: layerSummary(prepared),
      parameterCount: model.parameterCount,
    },
    lossFunction: model.loss.name === "huber" ? { ...model.loss } : { name: model.loss.name },
    directions: {
      kind,
      seed,
      description: DIRECTION_WORDS[kind],
      ...(plane?.eigenvalues ? { eigenvalues: plane.eigenvalues, converged: plane.converged } : {}),
    },
    layout: plane
      ? `loss[j][i] is the loss at θ + alpha[i]·d1 + beta[j]·d2, ${theta}`
      : `loss[i] is the loss at (1 − alpha[i])·θ0 + alpha[i]·θ1, θ0 the initial weights and θ1 ${theta.slice(2)}`,
    grid: plane ? { alpha: na, beta: plane.beta.length } : { alpha: na },
    ranges: {
      alpha: [landscape.alpha[0], landscape.alpha[na - 1]],
      ...(plane ? { beta: [plane.beta[0], plane.beta[plane.beta.length - 1]] } : {}),
      automatic: plane ? landscape.automatic : { alpha: landscape.automatic.alpha },
    },
    centre: { step: centre.step, loss: landscape.centreLoss, weights: toKerasWeights(model, centre.params) },
    initial: { loss: landscape.initialLoss, weights: toKerasWeights(model, judged.initial) },
    gridMinimum: lowest,
    path: {
      optimizer: optimizerToConfig(resolved.optimizer),
      schedule: { name: resolved.schedule.name, ...resolved.schedule.args },
      batchSize: run.batchSize,
      steps: run.steps,
      status: run.status,
      inside: landscape.pathInside,
      step: landscape.path.step,
      alpha: landscape.path.alpha,
      ...(plane ? { beta: plane.path.beta } : {}),
      loss: landscape.path.loss,
      distanceFromPlane: landscape.path.distance,
      // Below off.tolerance (1e-9 × the path's length) a distance is rounding: the path is on the slice.
      off: landscape.off,
    },
    alpha: landscape.alpha,
  };
  if (!plane) return { ...common, loss: landscape.values };
  const rows: Float64Array[] = [];
  for (let j = 0; j < plane.beta.length; j++) rows.push(plane.values.subarray(j * na, (j + 1) * na));
  return { ...common, beta: plane.beta, loss: rows };
}

/** The lowest grid point: (α, β) and its loss; null when no value is finite. */
function gridMinimum(landscape: ModelLandscape): { alpha: number; beta?: number; loss: number } | null {
  let best = -1;
  landscape.values.forEach((value, k) => {
    if (Number.isFinite(value) && (best < 0 || value < (landscape.values[best] as number))) best = k;
  });
  if (best < 0) return null;
  const na = landscape.alpha.length;
  const loss = landscape.values[best] as number;
  if (landscape.kind === "interpolate") return { alpha: landscape.alpha[best] as number, loss };
  return {
    alpha: landscape.alpha[best % na] as number,
    beta: landscape.beta[Math.floor(best / na)] as number,
    loss,
  };
}

/** The slice as CSV: `alpha,beta,loss` (β outer, α inner), or `alpha,loss` for the line; non-finite: empty. */
export function modelLandscapeCsv(landscape: ModelLandscape): string {
  const cell = (value: number) => (Number.isFinite(value) ? String(value) : "");
  const na = landscape.alpha.length;
  if (landscape.kind === "interpolate") {
    const lines = ["alpha,loss"];
    landscape.alpha.forEach((a, i) => {
      lines.push(`${a},${cell(landscape.values[i] as number)}`);
    });
    return `${lines.join("\n")}\n`;
  }
  const lines = ["alpha,beta,loss"];
  for (let j = 0; j < landscape.beta.length; j++) {
    for (let i = 0; i < na; i++) {
      lines.push(
        `${landscape.alpha[i]},${landscape.beta[j]},${cell(landscape.values[j * na + i] as number)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function describeModelLandscape(sliced: SlicedRun, out: string | undefined): string {
  const { setup, judged, landscape, kind, seed, centre, divergedAt } = sliced;
  const { prepared } = setup;
  const centreWords =
    divergedAt === null
      ? "the final weights"
      : `the weights at step ${formatCount(centre.step)}, ${centre.step < divergedAt ? "the last before the run diverged" : "where the run diverged"}`;
  const lossName = prepared.model.loss.name === "huber" ? "Huber" : prepared.model.loss.name.toUpperCase();
  const na = landscape.alpha.length;
  const what =
    landscape.kind === "interpolate"
      ? `on the line from the initial weights to ${centreWords}, ${formatCount(na)} points`
      : `on a plane through ${centreWords}, ${formatCount(na)} × ${formatCount(landscape.beta.length)} points`;
  const range = (name: string, values: Float64Array, automatic: boolean) =>
    `${name} from ${formatNumber(values[0])} to ${formatNumber(values[values.length - 1])}${automatic ? " (automatic)" : ""}`;
  const lines = [
    `lrlab landscape: ${modelTitle(prepared)}, ${formatCount(prepared.model.parameterCount)} parameters: ${lossName} ${what}, on ${setup.data.source}`,
    `  directions    ${landscape.kind}: ${DIRECTION_WORDS[landscape.kind]}${landscape.kind === "interpolate" ? "" : `; seed ${seed}`}`,
  ];
  if (landscape.kind !== "interpolate" && landscape.zeroHessian) {
    lines.push(`                ${kind} asked for, but ${ZERO_HESSIAN_REASON}: random directions instead`);
  }
  if (landscape.kind !== "interpolate" && landscape.eigenvalues) {
    lines.push(
      `                eigenvalues λ1 = ${formatNumber(landscape.eigenvalues[0])}, λ2 = ${formatNumber(landscape.eigenvalues[1])}${landscape.converged ? "" : " (the power iteration did not fully converge)"}`,
    );
  }
  lines.push(
    `  ranges        ${range("α", landscape.alpha, landscape.automatic.alpha)}${landscape.kind === "interpolate" ? "" : `, ${range("β", landscape.beta, landscape.automatic.beta)}`}`,
    `  centre        ${centreWords}, loss ${formatNumber(landscape.centreLoss)}; the initial weights: loss ${formatNumber(landscape.initialLoss)}`,
  );
  const lowest = gridMinimum(landscape);
  if (lowest) {
    lines.push(
      `  lowest point  α ${formatNumber(lowest.alpha)}${lowest.beta === undefined ? "" : `, β ${formatNumber(lowest.beta)}`}, loss ${formatNumber(lowest.loss)}`,
    );
  }
  const { run } = judged;
  const lastDrawn = landscape.path.step.at(-1) ?? 0;
  const status =
    divergedAt === null
      ? run.status
      : `diverged at step ${formatCount(divergedAt)} (the path is drawn while its weights and loss are finite numbers, to step ${formatCount(lastDrawn)})`;
  lines.push(
    `  path          ${setup.config.optimizer.name} lr ${formatNumber(setup.config.learningRate)}, ${formatCount(run.steps)} steps: ${status}, ${landscape.pathInside ? "inside the ranges" : "partly outside the ranges"}; ${offSliceWords(landscape.off, landscape.kind).replace("the path lies ", "")} (path.distanceFromPlane in --json)`,
  );
  lines.push(
    out === undefined
      ? "The values: add --json, or --out FILE.csv | FILE.json; draw it with lrlab plot landscape and the same flags."
      : `Wrote ${out} (${out.toLowerCase().endsWith(".csv") ? `${formatCount(landscape.values.length)} rows: ${landscape.kind === "interpolate" ? "alpha,loss" : "alpha,beta,loss"}` : "JSON"})`,
  );
  return `${lines.join("\n")}\n`;
}

function formatOf(path: string): "csv" | "json" {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".json")) return "json";
  throw new LrlabError("E_USAGE", `--out ${path}: expected a file name ending in .csv or .json`);
}
