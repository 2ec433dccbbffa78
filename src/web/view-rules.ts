/**
 * How the page is laid out for a class or a course page, from the settings: presenter mode (`present=1`:
 * the current chapter's panels only), hidden controls (`hide=data,optimizer`, as TensorFlow Playground's
 * `_hide` flags) and an embedded panel (`embed=1&panel=scene`: one panel alone for an iframe). Pure: the
 * page puts the returned rules in a <style> element, so panels mounted later (a tab shown for the first
 * time) follow them too.
 */
import { CHAPTER_IDS, type ChapterId } from "../core/index.js";
import type { LabState } from "./lab-state.js";

/** What `hide=` can hide, by name, and where it is on the page. */
export const HIDEABLE = {
  data: "#panel-data",
  rate: '[data-control="rate"]',
  presets: '[data-control="presets"]',
  optimizer: '[data-control="optimizer"]',
  schedule: '[data-control="schedule"]',
  run: '[data-control="run"]',
  share: "#panel-share",
  tabs: "#tabs",
  guide: "#guide-host",
} as const;

export type Hideable = keyof typeof HIDEABLE;

/** The names in a `hide=` value, and the words that name nothing hideable. */
export function readHidden(text: string): { names: Hideable[]; unknown: string[] } {
  const names: Hideable[] = [];
  const unknown: string[] = [];
  for (const word of text.split(",")) {
    const name = word.trim();
    if (name === "") continue;
    if (Object.hasOwn(HIDEABLE, name)) names.push(name as Hideable);
    else unknown.push(name);
  }
  return { names, unknown };
}

/** Each chapter's view: its tab and the panels a projector shows for it (the lesson's run is on the Lesson tab). */
export const CHAPTER_VIEWS: Readonly<
  Record<ChapterId, { readonly tab: string; readonly panels: readonly string[] }>
> = {
  line: { tab: "lesson", panels: ["controls", "scene"] },
  guessing: { tab: "guessing", panels: ["guessing", "guess-evaluations", "guess-landscape"] },
  gradient: { tab: "lesson", panels: ["controls", "scene", "slices", "landscape"] },
  "too-small": { tab: "lesson", panels: ["controls", "scene", "theory", "loss"] },
  "jumps-around": { tab: "lesson", panels: ["controls", "landscape", "theory", "slices"] },
  "jumps-out": { tab: "lesson", panels: ["controls", "scene", "theory", "loss"] },
  decay: { tab: "lesson", panels: ["controls", "theory", "loss", "rate", "settings"] },
  "your-data": { tab: "lesson", panels: ["data", "controls", "scene", "theory"] },
  // The range test, and, once a Try button has taken its rate to the Lesson tab, the run to check it with.
  "in-practice": { tab: "range-test", panels: ["range-test", "controls", "scene"] },
};

/** The chapter's view, for a chapter number 1–9 (null for 0, the guide closed). */
export function chapterView(chapter: number): (typeof CHAPTER_VIEWS)[ChapterId] | null {
  const id = CHAPTER_IDS[chapter - 1];
  return id ? CHAPTER_VIEWS[id] : null;
}

/** Every panel but these: `section.panel:not(#panel-a):not(#panel-b)`. */
function otherPanels(scope: string, keep: readonly string[]): string {
  return `${scope} section.panel${keep.map((id) => `:not(#panel-${id})`).join("")}`;
}

/** The CSS that hides what the settings hide (empty when nothing is). */
export function viewRules(state: Pick<LabState, "present" | "hide" | "embed" | "panel" | "chapter">): string {
  const rules: string[] = [];
  const hidden = readHidden(state.hide).names.map((name) => HIDEABLE[name]);
  if (hidden.length > 0) rules.push(`${hidden.join(",\n")} { display: none; }`);
  // The guide hidden: its column goes with it, so the lab takes the page's width.
  if (readHidden(state.hide).names.includes("guide"))
    rules.push("html.with-guide .page { grid-template-columns: minmax(0, 1fr); }");
  if (state.embed === 1) {
    // The panel's name comes from a link: only a plain id goes into CSS (the page checks it is a panel).
    const panel = /^[a-z][a-z-]*$/.test(state.panel) ? state.panel : "scene";
    rules.push(`${otherPanels("html.embedded", [panel])} { display: none; }`);
  } else if (state.present === 1) {
    const view = chapterView(state.chapter);
    if (view) rules.push(`${otherPanels("html.presenting", view.panels)} { display: none; }`);
  }
  return rules.join("\n");
}
