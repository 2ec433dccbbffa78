/**
 * What the worker's tests share: a handler with the lesson's data loaded, the lab's default run settings,
 * and the answer to a request, which must be of the request's own type (any other answer, an error
 * included, fails the test with the answer in full).
 */
import { createLabHandler, type LabHandler } from "./lab.js";
import { defaultState } from "./lab-state.js";
import { type DataInfo, type LabRequest, type ResponseFor, type RunConfig, runConfigOf } from "./protocol.js";

/** The lesson's data: the built-in 100 points. */
export const LESSON_SOURCE = { kind: "preset", name: "lesson", points: 0, seed: 42 } as const;

/** `lab`'s answer to `request`; an answer of another type throws. */
export async function answer<R extends LabRequest>(
  lab: LabHandler,
  request: R,
): Promise<ResponseFor<R["type"]>> {
  const response = await lab.handle(request);
  if (response.type !== request.type) throw new Error(JSON.stringify(response));
  return response as ResponseFor<R["type"]>;
}

/** A new handler with the lesson's data loaded (request id 1), and what it says about them. */
export async function lessonLab(): Promise<{ lab: LabHandler; info: DataInfo }> {
  const lab = createLabHandler();
  const { info } = await answer(lab, { type: "load-data", id: 1, source: LESSON_SOURCE });
  return { lab, info };
}

/**
 * A new handler with `text` loaded as an uploaded CSV named `fileName` (request id 1), x and y picked
 * (empty: the lab's own guess), and what it says about the data.
 */
export async function csvLab(
  text: string,
  fileName: string,
  columns: { x: string; y: string } = { x: "", y: "" },
): Promise<{ lab: LabHandler; info: DataInfo }> {
  const lab = createLabHandler();
  const source = { kind: "csv", file: new Blob([text]), fileName, ...columns } as const;
  const { info } = await answer(lab, { type: "load-data", id: 1, source });
  return { lab, info };
}

/** The lab's default run settings, with `changes`. */
export function defaultRunConfig(changes: Partial<RunConfig> = {}): RunConfig {
  return { ...runConfigOf(defaultState()), ...changes };
}
