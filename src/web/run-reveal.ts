/**
 * Whether the run on screen has been played or stepped since its settings changed: predict, then check.
 * The guide counts a task's run only once the learner has watched it, so a task never says "done" (and
 * so gives the outcome away) the moment a rate is typed.
 *
 * Any change of the data or of a run setting hides the outcome; pressing Play, or moving the step on
 * show forward (Step, the scrubber, playing), shows it. The controller's moving `at` back to the last row
 * of a shorter run is not watching it. A link that opens at a step past the start shows it at once.
 */
import { DATA_KEYS, RUN_KEYS } from "./protocol.js";
import type { Store } from "./store.js";

export class RunReveal {
  #revealed: boolean;
  #at: number;
  readonly #listeners = new Set<() => void>();

  constructor(store: Store) {
    this.#revealed = store.state.at > 0;
    this.#at = store.state.at;
    store.subscribe((changed) => {
      const settings = [...DATA_KEYS, ...RUN_KEYS].some((key) => changed.has(key));
      const forward = changed.has("at") && store.state.at > this.#at;
      this.#at = store.state.at;
      if (settings) this.#set(false);
      else if (forward || (changed.has("playing") && store.session.playing)) this.#set(true);
    });
  }

  /** The run on screen was played or stepped since its settings last changed. */
  get revealed(): boolean {
    return this.#revealed;
  }

  /** Calls `listener` whenever `revealed` changes, until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(revealed: boolean): void {
    if (revealed === this.#revealed) return;
    this.#revealed = revealed;
    for (const listener of [...this.#listeners]) listener();
  }
}
