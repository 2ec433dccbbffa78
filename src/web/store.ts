/**
 * The one place the lab's state lives, and the only writer of the URL.
 *
 * Two kinds of state: the settings ({@link LabState}, everything the URL holds) and the session (what the
 * worker answered, whether it is playing, errors), which a reload recomputes. Views read both, call `set`
 * or `setSession`, and hear about changes through `subscribe`: a listener gets the set of keys that
 * changed, so a view that draws the red line can ignore everything but the step on show.
 *
 * URL writes are throttled (browsers refuse hundreds of `replaceState` calls a second, and playing moves
 * the step 60 times a second); `flushUrl` writes at once, e.g. when playback stops or the page is hidden.
 *
 * Predict, then check (issue 11): the store alone decides `verdictShown`, whether the lesson may show what
 * the run of the current settings does. New settings (data or run) hide it and, unless the run is
 * playing, start their run from step 0, so no picture shows the new run's step 50 either; playing or
 * stepping (any step past 0) shows it; Reset does not hide it again; a link opened at a step past 0 shows
 * it at once.
 */

import type { LabState } from "./lab-state.js";
import {
  DATA_KEYS,
  type DataInfo,
  type GuessResult,
  type ModelRunResult,
  type RaceResult,
  RUN_KEYS,
  type RunResult,
} from "./protocol.js";
import { encodeState } from "./url-state.js";

/** What a reload recomputes: the worker's answers and the page's own status. */
export interface Session {
  readonly dataInfo: DataInfo | null;
  readonly run: RunResult | null;
  readonly playing: boolean;
  /** The data panel's inline error (a bad CSV, a column that is not numeric); null when all is well. */
  readonly dataError: string | null;
  /** Settings the core refused (e.g. piecewise boundaries and values of mismatched lengths). */
  readonly runError: string | null;
  /** Settings from the link that were ignored, each with its reason. */
  readonly notices: readonly string[];
  /** The worker is loading data. */
  readonly loading: boolean;
  /** The run on show is not yet the run of the settings (data loading or a run in flight). */
  readonly runPending: boolean;
  /** The race tab's lanes, once run for the current data and settings; whether the race is playing. */
  readonly race: RaceResult | null;
  readonly racePlaying: boolean;
  /** The race on show is not yet the race of the settings. */
  readonly racePending: boolean;
  /** The random-guessing tab's guesses; whether they are playing. */
  readonly guesses: GuessResult | null;
  readonly guessPlaying: boolean;
  /** The guesses on show are not yet those of the settings. */
  readonly guessesPending: boolean;
  /** The Beyond the line tab's model run, once run for the current data and settings, or why it could not run. */
  readonly modelRun: ModelRunResult | null;
  readonly modelError: string | null;
  /** The model run on show is not yet the run of the settings. */
  readonly modelPending: boolean;
  /**
   * Whether the lesson shows what the run does (the verdict, the outcome in the theory, the loss axis):
   * only once the run of these settings has been played or stepped. Decided by the store alone.
   */
  readonly verdictShown: boolean;
}

/** The settings whose change makes a new lesson run: the learner predicts again. */
const NEW_RUN_KEYS: readonly (keyof LabState)[] = [...DATA_KEYS, ...RUN_KEYS];

/** What views may change in the session: all but `verdictShown`, which the store decides. */
export type SessionPatch = Partial<Omit<Session, "verdictShown">>;

export type ChangeKey = keyof LabState | keyof Session;
export type Listener = (changed: ReadonlySet<ChangeKey>) => void;

/** Where the store writes the query string: `history.replaceState` in the page, a recorder in tests. */
export type UrlWriter = (query: string) => void;

export interface StoreOptions {
  readonly writeUrl: UrlWriter;
  /**
   * The query the page was opened with. When it is not the canonical query of the initial state (a bad
   * value was ignored, a parameter given twice, the order differs), the store writes the canonical one at
   * once, so that the URL shows exactly the state on screen.
   */
  readonly openedWith?: string;
  readonly notices?: readonly string[];
  /** Milliseconds between URL writes (default 250). */
  readonly urlInterval?: number;
  /** Timers, injectable for tests. */
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

const EMPTY_SESSION: Session = {
  dataInfo: null,
  run: null,
  playing: false,
  dataError: null,
  runError: null,
  notices: [],
  loading: false,
  runPending: false,
  race: null,
  racePlaying: false,
  racePending: false,
  guesses: null,
  guessPlaying: false,
  guessesPending: false,
  modelRun: null,
  modelError: null,
  modelPending: false,
  verdictShown: false,
};

export class Store {
  #state: LabState;
  #session: Session;
  readonly #listeners = new Set<Listener>();
  readonly #writeUrl: UrlWriter;
  readonly #urlInterval: number;
  readonly #setTimer: (callback: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  #timer: unknown = null;
  #written: string;

  constructor(initial: LabState, options: StoreOptions) {
    this.#state = initial;
    // A link to a step past 0 was played or stepped by whoever shared it.
    this.#session = { ...EMPTY_SESSION, notices: options.notices ?? [], verdictShown: initial.at > 0 };
    this.#writeUrl = options.writeUrl;
    this.#urlInterval = options.urlInterval ?? 250;
    this.#setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.#clearTimer =
      options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.#written = options.openedWith ?? encodeState(initial).toString();
    this.flushUrl();
  }

  get state(): LabState {
    return this.#state;
  }

  get session(): Session {
    return this.#session;
  }

  /**
   * Changes settings; listeners hear about the keys whose values changed, and the URL follows. New
   * settings for the run start it from step 0 unless it is playing (see {@link Session.verdictShown}).
   */
  set(patch: Partial<LabState>): void {
    let changed = changedKeys(this.#state, patch);
    if (changed.size === 0) return;
    const newRun = NEW_RUN_KEYS.some((key) => changed.has(key));
    const playing = this.#session.playing;
    const full = newRun && !playing && !("at" in patch) ? { ...patch, at: 0 } : patch;
    changed = changedKeys(this.#state, full);
    this.#state = { ...this.#state, ...full };
    const shown = this.#session.verdictShown;
    const nowShown = newRun
      ? playing || this.#state.at > 0
      : shown || (changed.has("at") && this.#state.at > 0);
    if (nowShown !== shown) {
      this.#session = { ...this.#session, verdictShown: nowShown };
      changed.add("verdictShown");
    }
    this.#scheduleUrl();
    this.#notify(changed);
  }

  /** Changes the session; it never touches the URL. Playing shows the verdict (only the store decides that). */
  setSession(patch: SessionPatch): void {
    const full = patch.playing === true ? { ...patch, verdictShown: true } : patch;
    const changed = changedKeys(this.#session, full);
    if (changed.size === 0) return;
    this.#session = { ...this.#session, ...full };
    this.#notify(changed);
  }

  /** Calls `listener` after every change until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The canonical query of the state on screen (what "Copy link" copies), whatever the URL says. */
  query(): string {
    return encodeState(this.#state).toString();
  }

  /** Writes the URL now if it is behind the state. */
  flushUrl(): void {
    if (this.#timer !== null) {
      this.#clearTimer(this.#timer);
      this.#timer = null;
    }
    const query = this.query();
    if (query !== this.#written) {
      this.#written = query;
      this.#writeUrl(query);
    }
  }

  #scheduleUrl(): void {
    if (this.#timer !== null) return;
    this.#timer = this.#setTimer(() => {
      this.#timer = null;
      this.flushUrl();
    }, this.#urlInterval);
  }

  #notify(changed: ReadonlySet<ChangeKey>): void {
    for (const listener of [...this.#listeners]) listener(changed);
  }
}

function changedKeys<T extends object>(current: T, patch: Partial<T>): Set<ChangeKey> {
  const changed = new Set<ChangeKey>();
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (!Object.is(current[key], patch[key])) changed.add(key as ChangeKey);
  }
  return changed;
}
