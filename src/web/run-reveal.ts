/**
 * Whether the run on screen has been played or stepped since its settings changed: predict, then check.
 * The guide counts a task's run only once the learner has watched it, so a task never says "done" (and
 * so gives the outcome away) the moment a rate is typed.
 *
 * The store alone decides it (`Session.verdictShown`, store.ts), for the verdict and the guide alike: one
 * rule, so a task cannot be done while the verdict still waits for Play. This is the guide's view of it.
 */
import type { Store } from "./store.js";

export class RunReveal {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The run on screen was played or stepped since its settings last changed. */
  get revealed(): boolean {
    return this.#store.session.verdictShown;
  }

  /** Calls `listener` whenever `revealed` changes, until the returned function is called. */
  subscribe(listener: () => void): () => void {
    return this.#store.subscribe((changed) => {
      if (changed.has("verdictShown")) listener();
    });
  }
}
