/**
 * The synthetic presets as data sets: the core's `syntheticLine`, plus outliers for the preset that
 * teaches them. Runs in the worker; same name, count and seed give the same points everywhere.
 */
import { type Dataset, syntheticLine } from "../core/index.js";
import { DATA_CATALOG, type PresetName } from "./catalog.js";

/** The points of preset `name`: `points` of them (0: the preset's own count), noise seeded by `seed`. */
export function presetData(name: PresetName, points: number, seed: number): Dataset {
  const recipe = DATA_CATALOG[name];
  const n = points > 0 ? points : recipe.n;
  const data = syntheticLine({
    n,
    slope: recipe.slope,
    intercept: recipe.intercept,
    xMin: recipe.xMin,
    xMax: recipe.xMax,
    noiseStandardDeviation: recipe.noise,
    seed,
    source: `${recipe.label}: ${n.toLocaleString("en-US")} points about y = ${recipe.slope}x + ${recipe.intercept} (σ = ${recipe.noise}), seed ${seed}`,
  });
  if (recipe.outlierEvery > 0) {
    // Every k-th point, from the middle of the first stretch, moved straight up: a few gross errors.
    for (let i = Math.floor(recipe.outlierEvery / 3); i < n; i += recipe.outlierEvery) {
      data.y[i] = (data.y[i] as number) + recipe.outlierShift;
    }
  }
  return data;
}
