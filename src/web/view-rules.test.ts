import { describe, expect, it } from "vitest";
import { CHAPTER_IDS } from "../core/index.js";
import { defaultState } from "./lab-state.js";
import { CHAPTER_VIEWS, chapterView, readHidden, viewRules } from "./view-rules.js";
import { PANELS, TABS } from "./views/registry.js";

const base = defaultState();

describe("hide=", () => {
  it("reads the names it knows and reports the rest", () => {
    expect(readHidden("data, optimizer,,nope")).toEqual({ names: ["data", "optimizer"], unknown: ["nope"] });
    expect(readHidden("")).toEqual({ names: [], unknown: [] });
  });

  it("hides the named controls, and nothing for a bare lab", () => {
    expect(viewRules(base)).toBe("");
    expect(viewRules({ ...base, hide: "data,optimizer" })).toBe(
      '#panel-data,\n[data-control="optimizer"] { display: none; }',
    );
    // An unknown name (or an attempt at CSS) hides nothing and writes nothing.
    expect(viewRules({ ...base, hide: "} body { display: none" })).toBe("");
  });
});

describe("presenter mode and embedding", () => {
  it("names an existing tab and panels for every chapter, some of them on the chapter's own tab", () => {
    expect(Object.keys(CHAPTER_VIEWS)).toEqual([...CHAPTER_IDS]);
    const panels = new Map(PANELS.map((panel) => [panel.id, panel.tab]));
    for (const view of Object.values(CHAPTER_VIEWS)) {
      expect(TABS.map((tab) => tab.id)).toContain(view.tab);
      for (const id of view.panels) expect(panels.has(id), id).toBe(true);
      expect(view.panels.some((id) => panels.get(id) === view.tab)).toBe(true);
    }
    // Chapter 9's Try buttons take their rate to the Lesson tab: the run to check it is shown there.
    expect(CHAPTER_VIEWS["in-practice"].panels).toEqual(expect.arrayContaining(["range-test", "controls"]));
  });

  it("shows only the chapter's panels while presenting", () => {
    expect(viewRules({ ...base, present: 1, chapter: 1 })).toBe(
      "html.presenting section.panel:not(#panel-controls):not(#panel-scene) { display: none; }",
    );
    expect(viewRules({ ...base, present: 1, chapter: 0 })).toBe("");
    expect(chapterView(2)?.tab).toBe("guessing");
    expect(chapterView(0)).toBeNull();
  });

  it("shows one panel alone when embedded, and only a plain panel id goes into the rules", () => {
    expect(viewRules({ ...base, embed: 1, panel: "landscape" })).toBe(
      "html.embedded section.panel:not(#panel-landscape) { display: none; }",
    );
    expect(viewRules({ ...base, embed: 1, panel: "x){}*{color:red" })).toBe(
      "html.embedded section.panel:not(#panel-scene) { display: none; }",
    );
  });
});
