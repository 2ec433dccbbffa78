import { readFileSync } from "node:fs";

/**
 * The flags that read examples/houses.csv (scripts/houses.js): three features on wildly different
 * scales, area_m2, rooms and age_years, against price_k. Raw, their condition number is about 1e5;
 * standardized, about 2. `file` defaults to the path from the repository's root, where tests run.
 */
export function housesFlags(file = "examples/houses.csv"): string[] {
  return ["--data", file, "--x", "area_m2", "--x", "rooms", "--x", "age_years", "--y", "price_k"];
}

/** The text of examples/houses.csv, for tests that upload it to the web lab's worker. */
export function housesCsv(): string {
  return readFileSync(new URL("../../examples/houses.csv", import.meta.url), "utf8");
}
