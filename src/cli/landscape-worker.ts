/**
 * One landscape worker thread (started by landscape-workers.ts): fills the posted blocks of rows of the
 * shared value array with the core's `lossGridRows`, then says which rows it wrote.
 */
import { parentPort, workerData } from "node:worker_threads";
import { lossGridRows } from "../core/landscape/landscape-direct.js";
import type { LandscapeReply, LandscapeTask, LandscapeWorkerData } from "./landscape-workers.js";
import { workerErrorOf } from "./worker-pool.js";

const input = workerData as LandscapeWorkerData;
const port = parentPort;
if (!port) throw new Error("landscape-worker.js runs as a worker thread, started by landscape-workers.js");
const data = { x: input.x, y: input.y };
const axes = { w: input.w, b: input.b };

port.on("message", ({ start, end }: LandscapeTask) => {
  let reply: LandscapeReply;
  try {
    lossGridRows(data, axes, input.loss, start, end, input.values);
    reply = { start, end };
  } catch (error) {
    reply = { error: workerErrorOf(error) };
  }
  port.postMessage(reply);
});
