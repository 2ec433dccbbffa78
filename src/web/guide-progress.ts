/**
 * The guided lesson's progress across reloads: which chapters' tasks were done, in localStorage (the
 * learner's, never the link's: a link shared with a class must not mark anyone's chapters done). A
 * storage that refuses (private mode, a full quota) only loses the memory, never the lab.
 */
import { GUIDE_CHAPTERS } from "./lab-state.js";

/** The key in localStorage. */
export const PROGRESS_KEY = "lrlab-guide-progress";

/** What the progress needs of localStorage (a Map in tests). */
export interface ProgressStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Chapter numbers done, read from storage: anything unreadable counts as nothing done. */
export function readProgress(storage: ProgressStorage | null): Set<number> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(PROGRESS_KEY) ?? "null");
    const done = (parsed as { done?: unknown } | null)?.done;
    if (!Array.isArray(done)) return new Set();
    return new Set(
      done.filter(
        (value): value is number => Number.isInteger(value) && value >= 1 && value <= GUIDE_CHAPTERS,
      ),
    );
  } catch {
    return new Set();
  }
}

/** Remembers the chapters done; false when the storage refused. */
export function writeProgress(storage: ProgressStorage | null, done: ReadonlySet<number>): boolean {
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify({ done: [...done].sort((a, b) => a - b) }));
    return storage !== null;
  } catch {
    return false;
  }
}
