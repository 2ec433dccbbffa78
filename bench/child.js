/**
 * One measurement in a fresh process: `node bench/child.js <workload> <impl>`, impl lrlab | tfjs | library
 * (and train for `sweep-full-batch-core`, one-worker for `sweep-parallel`, tracked for `mlp-sharpness`).
 *
 * Why a fresh process per (workload, impl): in one long process the measurements would disturb each other.
 * TF.js leaves hundreds of MB of heap behind and its garbage is collected during whatever runs next; and
 * `train` called with SGD then Adam sees two optimizer shapes at `optimizer.apply`, so V8 would compile the
 * second workload's loop polymorphically, slower than a user's process that trains with one optimizer.
 * Inside the child, warm-up runs come first, so the JIT is warm when the timed runs start.
 */
import {
  csvLoad,
  landscapeCore,
  lrlabTraining,
  sweepFullBatchCore,
  sweepParallel,
} from "./lrlab-workloads.js";
import { mlpEpoch, mlpSharpness } from "./model-workloads.js";
import { emitResult } from "./timing.js";

const [workload, impl] = process.argv.slice(2);

async function measure() {
  if (workload === "csv-load") return csvLoad(impl);
  if (workload === "sweep-full-batch-core") return sweepFullBatchCore(impl);
  if (workload === "sweep-parallel") return sweepParallel(impl);
  if (workload === "landscape-core") return landscapeCore();
  if (workload === "mlp-sharpness") return mlpSharpness(impl);
  if (workload === "mlp-epoch" && impl === "lrlab") return mlpEpoch();
  if (impl === "lrlab") return lrlabTraining(workload);
  if (impl === "tfjs") {
    // Loaded only here: TF.js is large, and the lrlab children must not pay for it.
    const tfjs = await import("./tfjs-workloads.js");
    const setup = await tfjs.tfjsSetup();
    const result =
      workload === "mlp-epoch"
        ? await tfjs.tfjsMlpEpoch()
        : workload === "full-batch-gd"
          ? await tfjs.tfjsFullBatch(workload)
          : await tfjs.tfjsMinibatch(workload);
    return { ...result, tfjs: setup };
  }
  throw new Error(`no ${impl} implementation of ${workload}`);
}

emitResult({ workload, impl, ...(await measure()) });
