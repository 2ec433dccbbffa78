/**
 * Play, pause, step and reset. The run is already computed (the worker runs all of it at once), so
 * playing only moves `at`, the recorded step on show, one animation frame at a time at the chosen speed.
 *
 * Any view starts or stops playback through the store (`play(store)`, `pause(store)`, …): the single
 * {@link Player} of the page listens for `playing` and drives the frames.
 *
 * With `prefers-reduced-motion: reduce` the picture changes at most four times a second instead of
 * sixty: playing still gets there, in a few visible jumps rather than continuous motion.
 */
import type { Store } from "./store.js";

/** The last row of the current run, or 0 before any run. */
function lastRow(store: Store): number {
  const run = store.session.run;
  return run ? run.history.length - 1 : 0;
}

/** Starts playing; from the start again if the run is already at its end. */
export function play(store: Store): void {
  if (store.session.playing || !store.session.run) return;
  if (store.state.at >= lastRow(store)) store.set({ at: 0 });
  store.setSession({ playing: true });
}

export function pause(store: Store): void {
  if (store.session.playing) store.setSession({ playing: false });
}

export function togglePlay(store: Store): void {
  if (store.session.playing) pause(store);
  else play(store);
}

/** Pauses and moves `rows` recorded steps on (or back, when negative). */
export function stepBy(store: Store, rows = 1): void {
  pause(store);
  store.set({ at: Math.max(0, Math.min(lastRow(store), store.state.at + rows)) });
  store.flushUrl();
}

/** Pauses and goes back to the start. */
export function reset(store: Store): void {
  pause(store);
  store.set({ at: 0 });
  store.flushUrl();
}

export interface PlayerOptions {
  readonly requestFrame?: (callback: (time: number) => void) => number;
  readonly cancelFrame?: (handle: number) => void;
  readonly reducedMotion?: () => boolean;
}

/** Milliseconds between updates when motion is reduced. */
const REDUCED_MOTION_INTERVAL = 250;

/** Drives the frames while `session.playing` is true. One per page. */
export class Player {
  readonly #store: Store;
  readonly #requestFrame: (callback: (time: number) => void) => number;
  readonly #cancelFrame: (handle: number) => void;
  readonly #reducedMotion: () => boolean;
  #frame: number | null = null;
  #lastTime: number | null = null;
  #lastShown = 0;
  /** Rows due but not yet shown (speed × time is rarely a whole number of rows). */
  #carry = 0;

  constructor(store: Store, options: PlayerOptions = {}) {
    this.#store = store;
    this.#requestFrame = options.requestFrame ?? ((callback) => requestAnimationFrame(callback));
    this.#cancelFrame = options.cancelFrame ?? ((handle) => cancelAnimationFrame(handle));
    this.#reducedMotion = options.reducedMotion ?? (() => false);
    store.subscribe((changed) => {
      if (!changed.has("playing")) return;
      if (store.session.playing) this.#start();
      else this.#stop();
    });
  }

  #start(): void {
    if (this.#frame !== null) return;
    this.#lastTime = null;
    this.#carry = 0;
    this.#frame = this.#requestFrame((time) => this.#tick(time));
  }

  #stop(): void {
    if (this.#frame !== null) this.#cancelFrame(this.#frame);
    this.#frame = null;
    this.#store.flushUrl();
  }

  #tick(time: number): void {
    this.#frame = null;
    const store = this.#store;
    const run = store.session.run;
    if (!store.session.playing || !run) {
      pause(store);
      return;
    }
    if (this.#lastTime === null) {
      this.#lastTime = time;
      this.#lastShown = time;
    }
    // A frame late by more than a quarter second (a busy or hidden tab) does not jump ahead.
    const elapsed = Math.min(time - this.#lastTime, 250);
    this.#lastTime = time;
    this.#carry += (elapsed / 1000) * (store.state.speed / run.historyEvery);
    const due = !this.#reducedMotion() || time - this.#lastShown >= REDUCED_MOTION_INTERVAL;
    const rows = Math.floor(this.#carry);
    if (due && rows >= 1) {
      this.#carry -= rows;
      this.#lastShown = time;
      const last = lastRow(store);
      const at = Math.min(last, store.state.at + rows);
      store.set({ at });
      if (at >= last) {
        pause(store);
        return;
      }
    }
    this.#frame = this.#requestFrame((next) => this.#tick(next));
  }
}
