/**
 * Results that no longer match the settings on show: while a field of a tab holds a value it refused
 * (`aria-invalid`, commit-field.ts), the run in force is still the last valid settings' one, so the tab's
 * result panels (those with `data-results`, see Panel.showsResults) dim and a line above them says so,
 * naming the field, until the field is fixed (and its run shown) or put back.
 */

/** The words above the dimmed results, naming the refused field by its label. */
export function staleWords(fieldLabel: string): string {
  return `These results are for the last valid settings: “${fieldLabel}” holds a value that was refused; fix it to run again.`;
}

/** The label of the first field of `pane` that holds a refused value, or null when none does. */
export function refusedFieldLabel(pane: ParentNode): string | null {
  const invalid = pane.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!invalid) return null;
  const label = pane.querySelector(`label[for="${CSS.escape(invalid.id)}"]`);
  return label?.textContent?.trim() || "a field";
}

/** Watches `pane` (a tab's) for refused fields; returns the function that stops watching. */
export function watchStaleResults(pane: HTMLElement): () => void {
  const note = document.createElement("p");
  note.className = "stale-note";
  note.dataset.testid = "stale-note";
  note.setAttribute("role", "status");
  note.hidden = true;
  const update = () => {
    const invalid = refusedFieldLabel(pane);
    const first = pane.querySelector("section.panel[data-results]");
    if (!first) return;
    if (note.nextElementSibling !== first) first.before(note);
    pane.toggleAttribute("data-stale", invalid !== null);
    note.hidden = invalid === null;
    note.textContent = invalid === null ? "" : staleWords(invalid);
  };
  const observer = new MutationObserver(update);
  observer.observe(pane, { subtree: true, attributes: true, attributeFilter: ["aria-invalid"] });
  update();
  return () => observer.disconnect();
}
