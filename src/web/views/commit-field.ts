/**
 * A number field that applies what was typed only when the learner commits it, with Enter or by leaving
 * the field: typing `1.5` never runs the prefix `1`, and `2000000` never runs `200000` on the way. A value
 * that does not pass keeps the last valid one in force and says why beside the field (`aria-invalid`, the
 * message in the element `aria-describedby` names); Escape puts back the value in force.
 *
 * Fields are plain text inputs (`inputmode` brings up the number keyboard): a number input would hand
 * over "" for `0,5` or `2e`, so the lab could not say what is wrong with them.
 */

export interface CommitField {
  /** Shows the value in force, unless the learner is typing in the field. */
  show(): void;
}

export interface CommitOptions {
  /** Applies the text, returning "" when it was applied, else why not (shown beside the field). */
  readonly commit: (text: string) => string;
  /** The value in force, as the field shows it. */
  readonly current: () => string;
}

/** A text input for numbers: `numeric` brings up digits only, `decimal` digits and a point. */
export function numberInput(id: string, mode: "numeric" | "decimal"): HTMLInputElement {
  const input = document.createElement("input");
  input.type = "text";
  input.id = id;
  input.inputMode = mode;
  input.autocomplete = "off";
  input.spellcheck = false;
  return input;
}

/** Marks `input` invalid with `message` in `problem`, or valid with an empty one. */
export function showProblem(input: HTMLElement, problem: HTMLElement, message: string): void {
  problem.textContent = message;
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

/** Commits `input` on Enter and on change (leaving the field); `problem` says why a value was refused. */
export function commitField(
  input: HTMLInputElement,
  problem: HTMLElement,
  options: CommitOptions,
): CommitField {
  /** The value in force when the field last showed it. */
  let inForce = "";
  const invalid = () => input.getAttribute("aria-invalid") === "true";
  const commit = () => showProblem(input, problem, options.commit(input.value));
  const show = () => {
    if (document.activeElement === input) return;
    const text = options.current();
    // A refused text stays, with its reason, until the learner fixes it or the value changes elsewhere.
    if (invalid() && text === inForce) return;
    inForce = text;
    if (input.value !== text) input.value = text;
    showProblem(input, problem, "");
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") commit();
    else if (event.key === "Escape") {
      showProblem(input, problem, "");
      input.value = options.current();
    }
  });
  input.addEventListener("change", commit);
  // Leaving a field shows the value as the lab writes it (`1e-2` becomes `0.01`).
  input.addEventListener("blur", show);
  show();
  return { show };
}
