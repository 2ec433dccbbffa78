/**
 * A live region that speaks only once the words settle. The verdict changes with every `input` event of
 * the rate slider; a polite live region updated each time would queue a stream of announcements while the
 * learner drags. The page shows every change at once; the region gets the words only after they have
 * stayed the same for a moment, and says nothing it has just said. Timers are injectable for tests.
 */

export interface Timers {
  readonly set: (callback: () => void, ms: number) => unknown;
  readonly clear: (handle: unknown) => void;
}

const BROWSER_TIMERS: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Milliseconds the words must stay the same before they are announced. */
export const SETTLE_MS = 700;

/** Returns `say(text)`: `region` gets `text` once no other text has come for `delay` ms. */
export function settledAnnouncer(
  region: { textContent: string | null },
  delay = SETTLE_MS,
  timers: Timers = BROWSER_TIMERS,
): (text: string) => void {
  let pending: unknown = null;
  return (text) => {
    if (pending !== null) timers.clear(pending);
    pending = timers.set(() => {
      pending = null;
      if (region.textContent !== text) region.textContent = text;
    }, delay);
  };
}
