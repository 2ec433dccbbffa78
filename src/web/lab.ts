/**
 * The worker's brain: it holds the current data set (and its statistics), and answers each request of
 * protocol.ts by calling src/core. No DOM and no worker globals here, so it runs (and is tested) in Node;
 * worker.ts only wires it to `postMessage`.
 */

import Papa from "papaparse";
import {
  checkFeatureColumns,
  checkNumericRange,
  checkStart,
  type Dataset,
  isLrlabError,
  LrlabError,
  linearMseTheory,
  parseCsv,
  rangeTest,
  sniffDelimiter,
} from "../core/index.js";
import { extent } from "../render/extent.js";
import type { BundledName } from "./catalog.js";
import { MAX_GUESSES } from "./lab-defaults.js";
import { exportCodeLab } from "./lab-export.js";
import { guessesLab } from "./lab-guesses.js";
import { guideLab } from "./lab-guide.js";
import { modelRunLab } from "./lab-model.js";
import { lessonPlanFor } from "./lab-plan.js";
import { raceLab } from "./lab-race.js";
import { exportRun, type Loaded, landscapeLab, runLab, setUp } from "./lab-run.js";
import { presetData } from "./presets.js";
import {
  type DataInfo,
  type DataSource,
  type LabRequest,
  type LabResponse,
  type RunConfig,
  SAMPLE_LIMIT,
} from "./protocol.js";

/** Loads a bundled data set; injected so that tests need not bundle the JSON files. */
export type BundledLoader = (
  name: BundledName,
  x: string,
  y: string,
) => { data: Dataset; columns: readonly string[] };

export interface LabOptions {
  readonly bundled?: BundledLoader;
  /** A bundled data set with several x columns (the first its x), for linear regression. */
  readonly bundledFeatures?: (name: BundledName, xs: readonly string[], y: string) => Dataset;
}

/** A fresh lab; `handle` answers one request (errors become `error` answers, never rejections). */
export function createLabHandler({ bundled, bundledFeatures }: LabOptions = {}) {
  let current: Loaded | null = null;
  let version = 0;

  const loadData = async (source: DataSource): Promise<DataInfo> => {
    let data: Dataset;
    let columns: readonly string[] = [];
    let withFeatures: ((extra: readonly string[]) => Dataset) | undefined;
    let upload: string | undefined;
    if (source.kind === "preset") {
      data = presetData(source.name, source.points, source.seed);
    } else if (source.kind === "bundled") {
      if (!bundled) throw new Error("internal: no bundled data in this lab");
      ({ data, columns } = bundled(source.name, source.x, source.y));
      const { name } = source;
      const [x, y] = [data.xName, data.yName];
      if (bundledFeatures) withFeatures = (extra) => bundledFeatures(name, [x, ...extra], y);
    } else {
      // The core reads comma-, semicolon- and tab-separated text alike (core/csv-sniff.ts).
      const text = await source.file.text();
      const header = csvHeader(text);
      columns = header.columns;
      data =
        source.x || source.y
          ? parseCsv(text, {
              source: source.fileName,
              x: source.x || header.guess[0],
              y: source.y || header.guess[1],
            })
          : guessedColumns(text, source.fileName, header);
      const fileName = source.fileName;
      upload = fileName;
      withFeatures = (extra) =>
        parseCsv(text, {
          source: fileName,
          xs: [data.xName, ...extra],
          y: data.yName,
          choiceNames: { x: "the x columns", y: "the y column" },
        });
    }
    // Data whose squares overflow or whose spread underflows float64 is refused (core/trust.ts), naming
    // the column picked as x or y: the file stays loaded, so another column can be picked.
    checkFeatureColumns(data.source, [
      { name: data.xName, values: data.x },
      { name: data.yName, values: data.y },
    ]);
    const stats = checkNumericRange(data);
    version += 1;
    current = {
      data,
      stats,
      theory: linearMseTheory(stats),
      version,
      ...(withFeatures ? { withFeatures } : {}),
      ...(upload !== undefined ? { upload } : {}),
    };
    return describeData(data, columns, version);
  };

  /** The data loaded, checked against the start of `config` (its loss must be a number). */
  const need = (config: RunConfig): Loaded => {
    if (!current) throw new Error("internal: a run was asked for before any data was loaded");
    checkStart(current.stats, config.initialW, config.initialB, { w: "the start w", b: "the start b" });
    return current;
  };

  async function handle(request: LabRequest): Promise<LabResponse> {
    try {
      switch (request.type) {
        case "load-data":
          return { type: "load-data", id: request.id, info: await loadData(request.source) };
        case "run":
          return { type: "run", id: request.id, result: runLab(need(request.config), request.config) };
        case "export":
          return {
            type: "export",
            id: request.id,
            result: exportRun(need(request.config), request.config, request.format),
          };
        case "export-code":
          return {
            type: "export-code",
            id: request.id,
            result: exportCodeLab(
              need(request.config),
              request.config,
              request.model,
              request.format,
              request.command,
              request.verdict,
            ),
          };
        case "landscape":
          return {
            type: "landscape",
            id: request.id,
            result: landscapeLab(need(request.config), request.config, request.grid, request.include),
          };
        case "race":
          return {
            type: "race",
            id: request.id,
            result: raceLab(need(request.config), request.config, request.lanes),
          };
        case "guesses":
          return {
            type: "guesses",
            id: request.id,
            result: guessesLab(
              need(request.config),
              request.config,
              checkGuesses(request.trials),
              request.seed,
            ),
          };
        case "guide": {
          if (!current) throw new Error("internal: the guide was asked for before any data was loaded");
          return { type: "guide", id: request.id, result: guideLab(current) };
        }
        case "lesson-plan": {
          const loaded = need(request.config);
          return {
            type: "lesson-plan",
            id: request.id,
            result: { dataVersion: loaded.version, plan: lessonPlanFor(loaded, request.config) },
          };
        }
        case "model-run":
          return {
            type: "model-run",
            id: request.id,
            result: modelRunLab(need(request.config), request.config, request.model),
          };
        case "range-test": {
          const loaded = need(request.config);
          const { loss, huberDelta, optimizer, stats, batchSize, initialW, initialB, seed } = setUp(
            loaded,
            request.config,
          ).trainOptions;
          // The ramp replaces the rate, the schedule and the run length; the rest keeps its meaning.
          const kept = { loss, huberDelta, optimizer, stats, batchSize, initialW, initialB, seed };
          const result = rangeTest(loaded.data, { ...dropUndefined(kept), ...request.options });
          return { type: "range-test", id: request.id, result };
        }
      }
    } catch (error) {
      return {
        type: "error",
        id: request.id,
        code: isLrlabError(error) ? error.code : "E_INTERNAL",
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  return { handle };
}

export type LabHandler = ReturnType<typeof createLabHandler>;

function checkGuesses(trials: number): number {
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_GUESSES) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `trials: expected an integer from 1 to ${MAX_GUESSES}, got ${trials}`,
    );
  }
  return trials;
}

function dropUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * The x and y of an upload that names none: the header's guess, passing over a column whose values
 * float64 cannot square (or whose spread it cannot measure), so that one such column does not refuse the
 * whole file; it is refused, by name, only when it is picked. The first refusal when too few columns pass.
 */
function guessedColumns(text: string, fileName: string, header: ReturnType<typeof csvHeader>): Dataset {
  const passedOver = new Set<string>();
  let firstRefusal: unknown = null;
  for (;;) {
    const left = header.numeric.filter((name) => !passedOver.has(name));
    const [x, y] = left.length >= 2 ? left : header.guess;
    const data = parseCsv(text, { source: fileName, x, y });
    if (left.length < 2) return data;
    const refused = [
      { name: data.xName, values: data.x },
      { name: data.yName, values: data.y },
    ].filter((column) => {
      try {
        checkFeatureColumns(fileName, [column]);
        return false;
      } catch (error) {
        firstRefusal ??= error;
        return true;
      }
    });
    if (refused.length === 0) return data;
    for (const column of refused) passedOver.add(column.name);
    if (header.numeric.length - passedOver.size < 2) throw firstRefusal;
  }
}

/**
 * The header of CSV text, its columns whose first rows are numbers, and a guess at the x and y columns:
 * the first two of those.
 */
export function csvHeader(text: string): {
  columns: string[];
  numeric: string[];
  guess: [string | undefined, string | undefined];
} {
  const sample = text.slice(0, 65_536);
  const delimiter = sniffDelimiter(sample);
  const preview = Papa.parse<string[]>(sample, { preview: 6, skipEmptyLines: true, delimiter });
  const rows = preview.data;
  const columns = (rows[0] ?? []).map((cell) => cell.replace(/^\uFEFF/, "").trim());
  // A decimal comma is a decimal point where the delimiter is not a comma.
  const asNumber = (cell: string) => Number(delimiter === "," ? cell : cell.replace(",", "."));
  const numeric = columns.filter((_, index) =>
    rows.slice(1).every((row) => {
      const cell = row[index];
      return cell !== undefined && cell.trim() !== "" && Number.isFinite(asNumber(cell));
    }),
  );
  const picks = numeric.length >= 2 ? numeric : columns;
  return { columns, numeric, guess: [picks[0], picks[1]] };
}

/** Names, size, extent and an even sample of the points for the page to draw. */
function describeData(data: Dataset, columns: readonly string[], version: number): DataInfo {
  const n = data.x.length;
  const stride = Math.max(1, Math.ceil(n / SAMPLE_LIMIT));
  const size = Math.ceil(n / stride);
  const sampleX = new Float64Array(size);
  const sampleY = new Float64Array(size);
  for (let i = 0, j = 0; i < n; i += stride, j++) {
    sampleX[j] = data.x[i] as number;
    sampleY[j] = data.y[i] as number;
  }
  return {
    version,
    source: data.source,
    n,
    xName: data.xName,
    yName: data.yName,
    columns,
    sampleX,
    sampleY,
    extentX: extent(data.x),
    extentY: extent(data.y),
  };
}
