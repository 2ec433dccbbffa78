/**
 * The red line as something to hold: where it is on show, its two handles, and dragging it (pointer) or
 * nudging it (keyboard) to choose where gradient descent starts. A handle turns the line about the other
 * handle; the line itself moves up and down. Every change is `store.set({ initialW, initialB, at: 0 })`.
 */
import type { Store } from "../store.js";
import { type Chart, pointerIn } from "./chart.js";

/** The handles sit at these fractions of the x axis. */
export const HANDLE_AT = [0.15, 0.85] as const;

export interface Scene {
  readonly chart: Chart;
  readonly xDomain: [number, number];
  readonly yDomain: [number, number];
  readonly canvas: HTMLCanvasElement | null;
  readonly residuals: SVGPathElement;
  readonly line: SVGPathElement;
  readonly hitLine: SVGPathElement;
  readonly handles: readonly SVGGElement[];
  readonly offChart: SVGTextElement;
}

/** The red line on show: the start at step 0 (even before the run answers), else the recorded step. */
export function shownLine(store: Store): { w: number; b: number } {
  const { run } = store.session;
  const { at, initialW, initialB } = store.state;
  if (!run || at === 0) return { w: initialW, b: initialB };
  const row = Math.min(at, run.history.length - 1);
  return { w: run.history.w[row] as number, b: run.history.b[row] as number };
}

/** A tidy number for the URL: six significant digits. */
const tidy = (value: number) => Number(value.toPrecision(6));

export const clamp = (value: number, [low, high]: readonly [number, number]) =>
  Math.min(high, Math.max(low, value));

export function handleX(scene: Scene, index: number): number {
  const [x0, x1] = scene.xDomain;
  return x0 + (HANDLE_AT[index] as number) * (x1 - x0);
}

/** Pointer and keyboard: handles turn the line about the other handle; the line itself moves up and down. */
export function attachDragging(scene: Scene, store: Store): void {
  const { chart } = scene;
  const setStart = (w: number, b: number) => {
    if (!Number.isFinite(w) || !Number.isFinite(b)) return;
    if (store.session.playing) store.setSession({ playing: false });
    store.set({ initialW: tidy(w), initialB: tidy(b), at: 0 });
  };
  const pointerY = (event: PointerEvent): number => chart.invertY(pointerIn(chart, event)[1]);
  /** The line through handle `index` moved to height `y` and the other handle where it is now. */
  const turned = (index: number, y: number) => {
    const { w, b } = shownLine(store);
    const other = 1 - index;
    const xOther = handleX(scene, other);
    const yOther = clamp(w * xOther + b, scene.yDomain);
    const xThis = handleX(scene, index);
    const slope = (y - yOther) / (xThis - xOther);
    return { w: slope, b: y - slope * xThis };
  };
  const stepY = (event: KeyboardEvent) => {
    const span = scene.yDomain[1] - scene.yDomain[0];
    const big = event.shiftKey || event.key === "PageUp" || event.key === "PageDown";
    const up = event.key === "ArrowUp" || event.key === "PageUp" || event.key === "ArrowRight";
    const down = event.key === "ArrowDown" || event.key === "PageDown" || event.key === "ArrowLeft";
    if (!up && !down) return 0;
    return (up ? 1 : -1) * span * (big ? 0.1 : 0.02);
  };

  scene.handles.forEach((handle, index) => {
    handle.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      handle.setPointerCapture(event.pointerId);
      handle.focus();
      const move = (moveEvent: PointerEvent) => {
        const { w, b } = turned(index, clamp(pointerY(moveEvent), scene.yDomain));
        setStart(w, b);
      };
      move(event);
      handle.addEventListener("pointermove", move);
      const stop = () => {
        handle.removeEventListener("pointermove", move);
        handle.removeEventListener("pointerup", stop);
        handle.removeEventListener("pointercancel", stop);
      };
      handle.addEventListener("pointerup", stop);
      handle.addEventListener("pointercancel", stop);
    });
    handle.addEventListener("keydown", (event) => {
      const delta = stepY(event);
      if (delta === 0) return;
      event.preventDefault();
      const { w, b } = shownLine(store);
      const x = handleX(scene, index);
      const moved = turned(index, clamp(w * x + b, scene.yDomain) + delta);
      setStart(moved.w, moved.b);
    });
  });

  const grip = scene.hitLine;
  grip.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    grip.setPointerCapture(event.pointerId);
    grip.focus();
    const from = pointerY(event);
    const start = shownLine(store);
    const move = (moveEvent: PointerEvent) => setStart(start.w, start.b + (pointerY(moveEvent) - from));
    grip.addEventListener("pointermove", move);
    const stop = () => {
      grip.removeEventListener("pointermove", move);
      grip.removeEventListener("pointerup", stop);
      grip.removeEventListener("pointercancel", stop);
    };
    grip.addEventListener("pointerup", stop);
    grip.addEventListener("pointercancel", stop);
  });
  grip.addEventListener("keydown", (event) => {
    const delta = stepY(event);
    if (delta === 0) return;
    event.preventDefault();
    const { w, b } = shownLine(store);
    setStart(w, b + delta);
  });
}
