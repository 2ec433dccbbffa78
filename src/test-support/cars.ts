/**
 * Real, unscaled data for figure tests: the cars of vega-datasets (weight in pounds against miles per
 * gallon, 398 cars with both), whose condition number of about 1e8 breaks layouts tuned on the built-in
 * data: rates of 1e-7, slopes of 0.008, an intercept of 46.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Dataset } from "../core/data/data.js";

const require = createRequire(import.meta.url);

interface Car {
  Weight_in_lbs: number | null;
  Miles_per_Gallon: number | null;
}

function cars(): { weight: number; mpg: number }[] {
  // The package exports no subpaths: find its folder from its main file, as examples/cars-mpg.mjs does.
  const folder = dirname(dirname(require.resolve("vega-datasets")));
  const rows = JSON.parse(readFileSync(join(folder, "data", "cars.json"), "utf8")) as Car[];
  return rows.flatMap((car) =>
    car.Weight_in_lbs === null || car.Miles_per_Gallon === null
      ? []
      : [{ weight: car.Weight_in_lbs, mpg: car.Miles_per_Gallon }],
  );
}

/** The cars as a data set: x = Weight_in_lbs, y = Miles_per_Gallon. */
export function carsData(): Dataset {
  const rows = cars();
  return {
    x: Float64Array.from(rows, (row) => row.weight),
    y: Float64Array.from(rows, (row) => row.mpg),
    xName: "Weight_in_lbs",
    yName: "Miles_per_Gallon",
    source: "cars.csv",
  };
}

/** Writes the cars as `cars.csv` in `directory`; returns the flags that read it (`--data … --x … --y …`). */
export function carsCsvFlags(directory: string): string[] {
  const path = join(directory, "cars.csv");
  const lines = cars().map((row) => `${row.weight},${row.mpg}`);
  writeFileSync(path, `Weight_in_lbs,Miles_per_Gallon\n${lines.join("\n")}\n`);
  return ["--data", path, "--x", "Weight_in_lbs", "--y", "Miles_per_Gallon"];
}
