/**
 * One sweep worker thread (started by sweep-workers.ts): rebuilds the run options from the plan once, then
 * answers each posted rate with `sweepRun`'s measurement. The data arrives as views of shared memory.
 */
import { parentPort, workerData } from "node:worker_threads";
import { sweepRun } from "../core/choosing/sweep.js";
import type { Dataset } from "../core/data/data.js";
import {
  flagNameOf,
  runOptionsFromPlan,
  type SweepReply,
  type SweepTask,
  type SweepWorkerData,
} from "./sweep-workers.js";
import { workerErrorOf } from "./worker-pool.js";

const input = workerData as SweepWorkerData;
const data: Dataset = {
  x: input.x,
  y: input.y,
  xName: input.xName,
  yName: input.yName,
  source: input.source,
};
const port = parentPort;
if (!port) throw new Error("sweep-worker.js runs as a worker thread, started by sweep-workers.js");
const options = runOptionsFromPlan(input.plan);

port.on("message", ({ index, learningRate }: SweepTask) => {
  let reply: SweepReply;
  try {
    reply = { index, measurement: sweepRun(data, learningRate, options, flagNameOf) };
  } catch (error) {
    reply = { error: workerErrorOf(error) };
  }
  port.postMessage(reply);
});
