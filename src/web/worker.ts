/**
 * The lab's module Web Worker: every request from the page is answered by lab.ts, which runs src/core.
 * Requests are answered in the order they arrive; typed arrays in answers are transferred, not copied.
 */
import { bundledData, bundledFeatures } from "./bundled.js";
import { createLabHandler } from "./lab.js";
import { isLabRequest, type LabResponse, transferablesOf } from "./protocol.js";

const lab = createLabHandler({ bundled: bundledData, bundledFeatures });
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: LabResponse, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const request = event.data;
  if (!isLabRequest(request)) return;
  void lab.handle(request).then((response) => scope.postMessage(response, transferablesOf(response)));
};
