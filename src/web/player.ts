/**
 * Play, pause, step and reset. What plays is already computed (the worker runs all of it at once), so
 * playing only moves a position, e.g. `at` (the lesson's recorded step on show), one animation frame at
 * a time at the chosen speed.
 *
 * Three things play, each a {@link Track}: the lesson's run, the race (every lane at the same step) and
 * the random guesses. Views start or stop one through the store (`play(store, track)`, `pause(…)`, …);
 * one {@link Player} per track listens for its `playing` flag and drives the frames.
 *
 * With `prefers-reduced-motion: reduce` the picture changes at most four times a second instead of
 * sixty: playing still gets there, in a few visible jumps rather than continuous motion.
 */
import type { LabState } from "./lab-state.js";
import type { Session, Store } from "./store.js";

/** Something that plays: where its position and its playing flag live, how far it goes and how fast. */
export interface Track {
  readonly at: "at" | "raceAt" | "guessAt";
  readonly playing: "playing" | "racePlaying" | "guessPlaying";
  /** Positions there are to show (0 while there is nothing to play); the last is `rows − 1`. */
  readonly rows: (store: Store) => number;
  /** Positions per second at the chosen speed. */
  readonly perSecond: (store: Store) => number;
}

/** The lesson's run: `speed` steps per second, over the recorded rows. */
export const LESSON_TRACK: Track = {
  at: "at",
  playing: "playing",
  rows: (store) => store.session.run?.history.length ?? 0,
  perSecond: (store) => store.state.speed / (store.session.run?.historyEvery ?? 1),
};

/** The race: every lane at the same step, as far as the longest lane goes, at the lesson's speed. */
export const RACE_TRACK: Track = {
  at: "raceAt",
  playing: "racePlaying",
  rows: (store) => Math.max(0, ...(store.session.race?.lanes ?? []).map((lane) => lane.run.history.length)),
  perSecond: (store) => store.state.speed / (store.session.race?.lanes[0]?.run.historyEvery ?? 1),
};

/** Random guessing: 0 to `trials` guesses shown, `guessSpeed` a second. */
export const GUESS_TRACK: Track = {
  at: "guessAt",
  playing: "guessPlaying",
  rows: (store) => (store.session.guesses ? store.session.guesses.trials + 1 : 0),
  perSecond: (store) => store.state.guessSpeed,
};

/** The last position of a track, or 0 before there is anything to play. */
export function lastRow(store: Store, track: Track = LESSON_TRACK): number {
  return Math.max(0, track.rows(store) - 1);
}

function setAt(store: Store, track: Track, at: number): void {
  store.set({ [track.at]: at } as Partial<LabState>);
}

function setPlaying(store: Store, track: Track, playing: boolean): void {
  store.setSession({ [track.playing]: playing } as Partial<Session>);
}

/** Starts playing; from the start again if the track is already at its end. */
export function play(store: Store, track: Track = LESSON_TRACK): void {
  if (store.session[track.playing] || track.rows(store) === 0) return;
  if (store.state[track.at] >= lastRow(store, track)) setAt(store, track, 0);
  setPlaying(store, track, true);
}

export function pause(store: Store, track: Track = LESSON_TRACK): void {
  if (store.session[track.playing]) setPlaying(store, track, false);
}

export function togglePlay(store: Store, track: Track = LESSON_TRACK): void {
  if (store.session[track.playing]) pause(store, track);
  else play(store, track);
}

/** Pauses and moves `rows` positions on (or back, when negative). */
export function stepBy(store: Store, rows = 1, track: Track = LESSON_TRACK): void {
  pause(store, track);
  setAt(store, track, Math.max(0, Math.min(lastRow(store, track), store.state[track.at] + rows)));
  store.flushUrl();
}

/** Pauses and goes back to the start. */
export function reset(store: Store, track: Track = LESSON_TRACK): void {
  pause(store, track);
  setAt(store, track, 0);
  store.flushUrl();
}

export interface PlayerOptions {
  /** What this player plays (default: the lesson's run). */
  readonly track?: Track;
  readonly requestFrame?: (callback: (time: number) => void) => number;
  readonly cancelFrame?: (handle: number) => void;
  readonly reducedMotion?: () => boolean;
}

/** Milliseconds between updates when motion is reduced. */
const REDUCED_MOTION_INTERVAL = 250;

/** Drives the frames while its track's `playing` flag is true. One per track. */
export class Player {
  readonly #store: Store;
  readonly #track: Track;
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
    this.#track = options.track ?? LESSON_TRACK;
    this.#requestFrame = options.requestFrame ?? ((callback) => requestAnimationFrame(callback));
    this.#cancelFrame = options.cancelFrame ?? ((handle) => cancelAnimationFrame(handle));
    this.#reducedMotion = options.reducedMotion ?? (() => false);
    store.subscribe((changed) => {
      if (!changed.has(this.#track.playing)) return;
      if (store.session[this.#track.playing]) this.#start();
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
    const track = this.#track;
    if (!store.session[track.playing] || track.rows(store) === 0) {
      pause(store, track);
      return;
    }
    if (this.#lastTime === null) {
      this.#lastTime = time;
      this.#lastShown = time;
    }
    // A frame late by more than a quarter second (a busy or hidden tab) does not jump ahead.
    const elapsed = Math.min(time - this.#lastTime, 250);
    this.#lastTime = time;
    this.#carry += (elapsed / 1000) * track.perSecond(store);
    const due = !this.#reducedMotion() || time - this.#lastShown >= REDUCED_MOTION_INTERVAL;
    const rows = Math.floor(this.#carry);
    if (due && rows >= 1) {
      this.#carry -= rows;
      this.#lastShown = time;
      const last = lastRow(store, track);
      const at = Math.min(last, store.state[track.at] + rows);
      setAt(store, track, at);
      if (at >= last) {
        pause(store, track);
        return;
      }
    }
    this.#frame = this.#requestFrame((next) => this.#tick(next));
  }
}
