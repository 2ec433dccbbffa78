/**
 * The data a learner can pick, as metadata only: each synthetic preset with the one thing it teaches, and
 * each real data set bundled from vega-datasets with its default columns. The numbers themselves are made
 * (presets.ts) or read (bundled.ts) in the worker, so this file stays small enough for the page to import.
 */
import { BUILTIN_DATA } from "../core/index.js";

/** A synthetic line: y = slope·x + intercept + σ·noise, x uniform in [xMin, xMax). */
export interface PresetRecipe {
  readonly kind: "preset";
  readonly label: string;
  /** What this data set teaches, in one line. */
  readonly lesson: string;
  readonly n: number;
  readonly slope: number;
  readonly intercept: number;
  readonly xMin: number;
  readonly xMax: number;
  readonly noise: number;
  /** Every `outlierEvery`-th point is moved up by `outlierShift` (0: no outliers). */
  readonly outlierEvery: number;
  readonly outlierShift: number;
}

/** A real data set from the vega-datasets package, bundled into the app (no network). */
export interface BundledEntry {
  readonly kind: "bundled";
  readonly label: string;
  readonly lesson: string;
  /** The columns shown first; any other numeric column can be picked. */
  readonly x: string;
  readonly y: string;
  /** Where the data come from, shown under the pickers. */
  readonly credit: string;
}

export interface UploadEntry {
  readonly kind: "csv";
  readonly label: string;
  readonly lesson: string;
}

const lessonLine = {
  n: BUILTIN_DATA.n,
  slope: BUILTIN_DATA.slope,
  intercept: BUILTIN_DATA.intercept,
  xMin: BUILTIN_DATA.xMin,
  xMax: BUILTIN_DATA.xMax,
  noise: BUILTIN_DATA.noiseStandardDeviation,
  outlierEvery: 0,
  outlierShift: 0,
} as const;

/** Every data choice by its URL name, in menu order. */
export const DATA_CATALOG = {
  lesson: {
    kind: "preset",
    label: "The lesson's line",
    lesson: "100 points about y = 2x + 1 (σ = 1): the built-in data of every lrlab command.",
    ...lessonLine,
  },
  clean: {
    kind: "preset",
    label: "Clean line",
    lesson: "Almost no noise: the green line is the true line and the loss can fall almost to 0.",
    ...lessonLine,
    noise: 0.1,
  },
  noisy: {
    kind: "preset",
    label: "Noisy",
    lesson: "Heavy noise raises the best loss, yet the critical rate stays put: it depends on x alone.",
    ...lessonLine,
    noise: 4,
  },
  outliers: {
    kind: "preset",
    label: "Outliers",
    lesson: "Five points far above the rest pull the least-squares line up: squared errors weigh them most.",
    ...lessonLine,
    outlierEvery: 20,
    outlierShift: 12,
  },
  uncentred: {
    kind: "preset",
    label: "Uncentred x",
    lesson: "x far from 0 makes a long, narrow valley: a rate safe for the slope crawls along the intercept.",
    ...lessonLine,
    // The intercept well away from the start's 0, so the start is off along the flat direction and the
    // crawl shows: with y = 2x + 1 on these x the best intercept came out at −0.0007, the start's error
    // lay along the sharp direction alone, and 1/λmax got there in one step.
    intercept: 10,
    xMin: 8,
    xMax: 12,
  },
  few: {
    kind: "preset",
    label: "Few points",
    lesson: "Five points: the best line follows their noise, and the theory still holds exactly.",
    ...lessonLine,
    n: 5,
  },
  cars: {
    kind: "bundled",
    label: "Cars (vega-datasets)",
    lesson: "Real data in large units: horsepower in the hundreds makes the critical rate tiny.",
    x: "Horsepower",
    y: "Miles_per_Gallon",
    credit:
      "cars.json from vega-datasets (StatLib, 1983 ASA Data Exposition); rows with a blank are left out",
  },
  penguins: {
    kind: "bundled",
    label: "Penguins (vega-datasets)",
    lesson: "Flipper length against body mass: a clear trend, uncentred x, grams on the y axis.",
    x: "Flipper Length (mm)",
    y: "Body Mass (g)",
    credit: "penguins.json from vega-datasets (Palmer Station LTER, Gorman et al. 2014)",
  },
  gapminder: {
    kind: "bundled",
    label: "Gapminder (vega-datasets)",
    lesson: "Fertility against life expectancy across countries and years: a noisy, falling line.",
    x: "fertility",
    y: "life_expect",
    credit: "gapminder.json from vega-datasets (Gapminder Foundation)",
  },
  csv: {
    kind: "csv",
    label: "Your CSV file",
    lesson: "Any CSV with a header row: pick the x and y columns.",
  },
} as const satisfies Record<string, PresetRecipe | BundledEntry | UploadEntry>;

export type DataName = keyof typeof DATA_CATALOG;
export type PresetName = {
  [K in DataName]: (typeof DATA_CATALOG)[K] extends { kind: "preset" } ? K : never;
}[DataName];
export type BundledName = {
  [K in DataName]: (typeof DATA_CATALOG)[K] extends { kind: "bundled" } ? K : never;
}[DataName];

export const DATA_NAMES = Object.keys(DATA_CATALOG) as readonly DataName[];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(DATA_CATALOG, name) && DATA_CATALOG[name as DataName].kind === "preset";
}

export function isBundledName(name: string): name is BundledName {
  return Object.hasOwn(DATA_CATALOG, name) && DATA_CATALOG[name as DataName].kind === "bundled";
}

/** The largest synthetic data set the lab makes: the worker handles it, the page draws a sample. */
export const MAX_POINTS = 2_000_000;
