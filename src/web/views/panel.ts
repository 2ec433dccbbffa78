/**
 * The contract every panel of the lab keeps. A panel is a file in views/ exporting one {@link Panel};
 * adding it to PANELS in registry.ts (and, for a new tab, one line in TABS) is all it takes to appear.
 *
 * A panel:
 * - builds its DOM inside `container` (the page gives it a titled <section> with an id of `panel-<id>`);
 * - reads `store.state` (the settings, which the URL holds) and `store.session` (data and run from the
 *   worker, playing, errors), and subscribes to the keys it draws;
 * - changes settings only through `store.set(...)` (the store is the only writer of the URL) and asks for
 *   computations only through `lab` (the controller of the worker; `lab.client.request(...)` for any
 *   message of protocol.ts, e.g. a range test). No math on the page: the worker runs src/core.
 * - returns a {@link PanelInstance}: `figure()` makes the page add "SVG" and "PNG" export buttons;
 *   `destroy()` undoes subscriptions when a tab is torn down.
 */
import type { LabController } from "../controller.js";
import type { ChangeKey, Session, Store } from "../store.js";

/** A picture to export: the panel's chart SVG, and the canvas drawn under it when there is one. */
export interface ExportFigure {
  readonly svg: SVGSVGElement;
  readonly underlay?: HTMLCanvasElement | null;
  /** The file name without extension, e.g. "lrlab-scene". */
  readonly name: string;
}

export interface PanelInstance {
  /** The panel's figure as it is drawn now, for SVG/PNG export; null while there is none. */
  readonly figure?: () => ExportFigure | null;
  readonly destroy?: () => void;
}

export interface Panel {
  /** Stable: used in the DOM (`panel-<id>`) and in exported file names. */
  readonly id: string;
  /** The panel's heading. */
  readonly title: string;
  /** The tab it belongs to (an id of TABS). */
  readonly tab: string;
  /** `side`: the settings column; `main`: the pictures. On a narrow screen, main panels come first. */
  readonly area: "side" | "main";
  /** `half`: shares a row with the next half panel on a wide screen; default `full`. */
  readonly width?: "full" | "half";
  /**
   * Whether what the panel shows is behind the settings (e.g. `runPending`): the page then marks it busy
   * (see {@link setBusy}). A panel with requests of its own calls `setBusy` itself.
   */
  readonly waitsFor?: (session: Session) => boolean;
  /**
   * Whether the panel shows a run's results: dimmed, under a line saying so, while a field of its tab
   * holds a refused value (stale-results.ts).
   */
  readonly showsResults?: boolean;
  /** Builds the panel inside `container`. */
  mount(container: HTMLElement, store: Store, lab: LabController): PanelInstance;
}

export interface Tab {
  readonly id: string;
  readonly title: string;
}

/** Unsubscribes every function in `cleanups`: a helper for `destroy`. */
export function cleanupAll(cleanups: readonly (() => void)[]): () => void {
  return () => {
    for (const cleanup of cleanups) cleanup();
  };
}

const busyReasons = new WeakMap<Element, Set<string>>();

/**
 * Marks the panel around `container` busy for `reason`, or no longer: while any reason holds, its section
 * has `aria-busy="true"` (assistive technology waits for it to settle), and after a moment (styles.css)
 * the header says "computing…" and the picture dims, so no panel silently shows the previous settings'
 * answer. Answers quicker than that moment never flicker.
 */
export function setBusy(container: HTMLElement, reason: string, busy: boolean): void {
  const section = container.closest("section.panel");
  if (!section) return;
  const reasons = busyReasons.get(section) ?? new Set<string>();
  busyReasons.set(section, reasons);
  if (busy) reasons.add(reason);
  else reasons.delete(reason);
  if (reasons.size > 0) section.setAttribute("aria-busy", "true");
  else section.removeAttribute("aria-busy");
}

/**
 * Wraps an asynchronous task (a request to the worker) so that at most one runs at a time: a call while
 * one is in flight marks it stale, and it runs once more when that one ends, with the latest settings.
 */
export function oneAtATime(task: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    void task().finally(() => {
      running = false;
      if (again) run();
    });
  };
  return run;
}

/** What a tab asks the worker for, and how its panel shows the asking. */
export interface TabRequest<T> {
  /** The tab whose answer it is: it asks only while the tab is on show. */
  readonly tab: string;
  /** Keys besides the data that change the answer. */
  readonly inputs: readonly ChangeKey[];
  /** Asks the worker, with the latest settings. */
  readonly ask: () => Promise<T>;
  /** Takes an answer for the data on show. */
  readonly accept: (answer: T) => void;
  /** What could not be done, before the worker's message: "The race cannot run". */
  readonly failure: string;
  /** The panel's inline error: the failure's words, or nothing once an answer comes. */
  readonly error: HTMLElement;
  /** Says `busy` while the worker works; emptied on a failure. */
  readonly status: HTMLElement;
  readonly busy: string;
  /** The session flag that says the tab's answer is behind its settings (its other panels wait on it). */
  readonly pending: "racePending" | "guessesPending";
}

/**
 * Keeps a tab's answer in step with its inputs: asks when the data or an input changes while the tab is
 * on show, or when the tab comes on show after they changed (at most one request in flight); an answer
 * for data since replaced is dropped and asked for again. Returns the unsubscribe.
 */
export function tabRequests<T extends { readonly dataVersion: number }>(
  store: Store,
  request: TabRequest<T>,
): () => void {
  const { tab, inputs, error, status, pending } = request;
  let stale = true;
  const ask = oneAtATime(async () => {
    if (store.state.tab !== tab || !store.session.dataInfo) return;
    stale = false;
    status.textContent = request.busy;
    store.setSession({ [pending]: true });
    try {
      const answer = await request.ask();
      if (answer.dataVersion !== store.session.dataInfo?.version) {
        stale = true;
        return;
      }
      error.textContent = "";
      request.accept(answer);
    } catch (failure) {
      error.textContent = `${request.failure}: ${(failure as Error).message}`;
      status.textContent = "";
    } finally {
      // Still pending when newer settings are waiting to be asked (the wrapper asks again at once).
      if (!stale) store.setSession({ [pending]: false });
    }
  });
  const unsubscribe = store.subscribe((changed) => {
    const changedInputs = changed.has("dataInfo") || inputs.some((key) => changed.has(key));
    if (changedInputs) stale = true;
    if (stale && (changedInputs || changed.has("tab"))) ask();
  });
  ask();
  return unsubscribe;
}
