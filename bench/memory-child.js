/**
 * The `fit-memory` workload until the CLI exists: what `lrlab fit --data big.csv` will do. Reads the CSV
 * with parseCsv, runs the default full-batch fit and one mini-batch epoch, prints the fits as JSON.
 * Its peak RSS is measured from outside (bench/report-rss.js).
 */
import { readFileSync } from "node:fs";
import { parseCsv } from "../dist/core/csv.js";
import { sgd } from "../dist/core/optimizers/sgd.js";
import { train } from "../dist/core/train.js";

const file = process.argv[2];
const data = parseCsv(readFileSync(file, "utf8"), { source: file });
const fullBatch = train(data);
const miniBatch = train(data, { optimizer: sgd(), batchSize: 32, epochs: 1, seed: 0 });
process.stdout.write(
  `${JSON.stringify({ n: data.x.length, fullBatch: fullBatch.final, miniBatch: miniBatch.final })}\n`,
);
