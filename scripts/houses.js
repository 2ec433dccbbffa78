// Writes examples/houses.csv, 200 made-up houses with several features for `--x area_m2 --x rooms --x
// age_years --y price_k` (documented in examples/README.md): `npm run build && node scripts/houses.js [OUT]`.
// The numbers come from the core's seeded generator, so the file is the same on every machine.
import { renameSync, writeFileSync } from "node:fs";
import { createRandom } from "lrlab";

const SEED = 12;
const ROWS = 200;
const out = process.argv[2] ?? new URL("../examples/houses.csv", import.meta.url).pathname;

const random = createRandom(SEED);
const lines = ["area_m2,rooms,age_years,price_k"];
for (let i = 0; i < ROWS; i++) {
  const area = Math.round(30 + 220 * random.uniform());
  // Bigger houses have more rooms, about one per 35 m², give or take one.
  const rooms = Math.min(7, Math.max(1, Math.round(area / 35 + 0.7 * random.normal())));
  const age = random.integer(101);
  // price (k€) = 60 + 2.8·area + 15·rooms − 0.8·age + noise (σ = 20)
  const price = 60 + 2.8 * area + 15 * rooms - 0.8 * age + 20 * random.normal();
  if (!(price > 0)) throw new Error(`row ${i + 1}: price ${price} is not positive; change the recipe`);
  lines.push(`${area},${rooms},${age},${price.toFixed(1)}`);
}
// A temporary file, then a rename: an interrupted run never leaves half a CSV.
writeFileSync(`${out}.tmp`, `${lines.join("\n")}\n`);
renameSync(`${out}.tmp`, out);
