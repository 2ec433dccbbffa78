/**
 * Presenter mode's keys: with `present=1`, the arrow keys and PageUp/PageDown turn the guide's chapters (as
 * a slide deck's remote does) and Escape leaves presenter mode, unless the focus is in a control whose own
 * keys they are (a field, a slider, the tabs).
 */
import type { Store } from "./store.js";
import { turnTo } from "./views/guide.js";

const FORWARD = new Set(["ArrowRight", "ArrowDown", "PageDown"]);
const BACK = new Set(["ArrowLeft", "ArrowUp", "PageUp"]);

/** Controls that use these keys themselves. */
const OWN_KEYS = "input, select, textarea, [role=slider], [role=tab], [contenteditable]";

export function presenterKeys(store: Store): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (store.state.present !== 1 || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as Element | null;
    if (target?.closest?.(OWN_KEYS)) return;
    if (event.key === "Escape") {
      store.set({ present: 0 });
      return;
    }
    const step = FORWARD.has(event.key) ? 1 : BACK.has(event.key) ? -1 : 0;
    if (step === 0 || store.state.chapter === 0) return;
    event.preventDefault();
    turnTo(store, store.state.chapter + step);
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}
