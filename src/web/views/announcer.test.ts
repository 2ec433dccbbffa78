import { describe, expect, it } from "vitest";
import { settledAnnouncer, type Timers } from "./announcer.js";

/** Timers run by hand: `advance(ms)` fires what is due. */
function manualTimers(): Timers & { advance(ms: number): void } {
  let now = 0;
  let queue: { at: number; callback: () => void; id: number }[] = [];
  let next = 1;
  return {
    set: (callback, ms) => {
      queue.push({ at: now + ms, callback, id: next });
      return next++;
    },
    clear: (handle) => {
      queue = queue.filter((timer) => timer.id !== handle);
    },
    advance(ms) {
      now += ms;
      const due = queue.filter((timer) => timer.at <= now);
      queue = queue.filter((timer) => timer.at > now);
      for (const timer of due) timer.callback();
    },
  };
}

describe("a live region that speaks once the words settle", () => {
  it("announces only the last of a burst of verdicts, once it has stayed 700 ms", () => {
    const region = { textContent: "" as string | null };
    const timers = manualTimers();
    const say = settledAnnouncer(region, 700, timers);
    const heard: (string | null)[] = [];
    for (const verdict of ["Too small.", "Good.", "Oscillating.", "Diverging."]) {
      say(verdict);
      timers.advance(50); // a slider input every 50 ms
      heard.push(region.textContent);
    }
    expect(heard).toEqual(["", "", "", ""]);
    timers.advance(650);
    expect(region.textContent).toBe("Diverging.");
  });

  it("says nothing again when the settled words are the ones it said", () => {
    const writes: string[] = [];
    const region = {
      get textContent() {
        return writes.at(-1) ?? "";
      },
      set textContent(text: string) {
        writes.push(text);
      },
    };
    const timers = manualTimers();
    const say = settledAnnouncer(region, 700, timers);
    say("Good.");
    timers.advance(700);
    say("Good.");
    timers.advance(700);
    expect(writes).toEqual(["Good."]);
  });
});
