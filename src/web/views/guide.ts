/**
 * The guided lesson beside the live lab (`data-testid="guide"`): nine chapters in the story's order, each
 * with this data's numbers (the worker's `guide` answer, core guide.ts, worded by render/guide-words.ts), a
 * one-click set-up, and a task checked against the run on screen (guide-task.ts). Opening a chapter only
 * changes `chapter` (in the URL); the lab changes when the set-up is clicked. Progress (the chapters done)
 * is kept in localStorage (guide-progress.ts); the close button leaves the lab as it is without the guide.
 *
 * The guide belongs to the page, not to a tab: a chapter's set-up may show another tab (random guessing,
 * the range test) with the guide still beside it.
 */
import { CHAPTER_IDS, type ChapterFacts, type GuideFacts, type Prediction } from "../../core/index.js";
import { CHAPTER_TITLES, chapterWords, guessingTable } from "../../render/guide-words.js";
import type { LabController } from "../controller.js";
import { taskEvidence } from "../guide-evidence.js";
import { type ProgressStorage, readProgress, writeProgress } from "../guide-progress.js";
import { setupPatch } from "../guide-setup.js";
import { GUIDE_CHAPTERS } from "../lab-state.js";
import { GUESS_TRACK, LESSON_TRACK, pause, RACE_TRACK } from "../player.js";
import type { RunReveal } from "../run-reveal.js";
import type { Store } from "../store.js";
import { chapterView } from "../view-rules.js";
import { element } from "./dom.js";
import { taskSection } from "./guide-task.js";
import { oneAtATime } from "./panel.js";

export interface GuideOptions {
  readonly store: Store;
  readonly lab: LabController;
  readonly reveal: RunReveal;
  /** localStorage, or null where it cannot be used. */
  readonly storage: ProgressStorage | null;
}

function button(text: string, testid: string, label = text): HTMLButtonElement {
  const created = element("button", "", text);
  created.type = "button";
  created.dataset.testid = testid;
  if (label !== text) created.setAttribute("aria-label", label);
  return created;
}

/**
 * Opens chapter `chapter` (1–9). In presenter mode the chapter's tab comes with it, so that its panels are
 * on show; otherwise nothing in the lab changes.
 */
export function turnTo(store: Store, chapter: number): void {
  const next = Math.min(GUIDE_CHAPTERS, Math.max(1, chapter));
  const view = store.state.present === 1 ? chapterView(next) : null;
  store.set(view ? { chapter: next, tab: view.tab } : { chapter: next });
}

/** Builds the guide into `host` and the button that reopens it into `openHost`. */
export function mountGuide(host: HTMLElement, openHost: HTMLElement, options: GuideOptions): () => void {
  const { store, lab, reveal, storage } = options;
  const done = readProgress(storage);
  const predicted = new Map<number, Prediction>();
  let facts: GuideFacts | null = null;
  let factsVersion = -1;

  const aside = element("aside", "guide");
  aside.dataset.testid = "guide";
  aside.setAttribute("aria-label", "Guided lesson");

  const bar = element("div", "guide-bar");
  const name = element("span", "guide-name", "Guided lesson");
  const present = button(
    "Present",
    "guide-present",
    "Presenter mode: large type, this chapter's panels only",
  );
  const close = button("×", "guide-close", "Close the guide");
  bar.append(name, present, close);

  const chapters = element("details", "guide-chapters");
  const chaptersSummary = element("summary");
  const list = element("ol");
  chapters.append(chaptersSummary, list);
  const links = CHAPTER_IDS.map((id, index) => {
    const item = element("li");
    const link = button(`${index + 1}. ${CHAPTER_TITLES[id]}`, `chapter-link-${index + 1}`);
    link.addEventListener("click", () => turnTo(store, index + 1));
    item.append(link);
    list.append(item);
    return link;
  });

  const title = element("h2", "chapter-title");
  title.dataset.testid = "chapter-title";
  title.id = "guide-chapter-title";
  title.tabIndex = -1;
  const body = element("div", "guide-text");
  const setup = button("Set up the lab for this chapter", "chapter-setup");
  setup.className = "guide-setup";
  const setupWords = element("small", "hint");
  const task = taskSection(predicted, () => check());
  const nav = element("nav", "guide-nav");
  nav.setAttribute("aria-label", "Chapters");
  const prev = button("← Previous", "guide-prev", "Previous chapter");
  const position = element("span", "guide-position");
  const next = button("Next →", "guide-next", "Next chapter");
  nav.append(prev, position, next);
  aside.append(bar, chapters, title, body, setup, setupWords, task.element, nav);
  host.append(aside);

  const openButton = button("Guided lesson", "guide-open", "Open the guided lesson");
  openButton.className = "guide-open";
  openHost.append(openButton);

  const chapterFacts = (): ChapterFacts | null => facts?.chapters[store.state.chapter - 1] ?? null;

  /** The chapter's words and set-up: when the chapter or the data's facts change. */
  const render = () => {
    const number = store.state.chapter;
    const isOpen = number >= 1;
    host.hidden = !isOpen;
    openButton.hidden = isOpen;
    document.documentElement.classList.toggle("with-guide", isOpen);
    if (!isOpen) return;
    const id = CHAPTER_IDS[number - 1] ?? "line";
    position.textContent = `${number} / ${GUIDE_CHAPTERS}`;
    prev.disabled = number <= 1;
    next.disabled = number >= GUIDE_CHAPTERS;
    present.setAttribute("aria-pressed", String(store.state.present === 1));
    present.textContent = store.state.present === 1 ? "Exit presenter" : "Present";
    title.textContent = `${number}. ${CHAPTER_TITLES[id]}`;
    links.forEach((link, index) => {
      const chapter = index + 1;
      if (chapter === number) link.setAttribute("aria-current", "step");
      else link.removeAttribute("aria-current");
      link.dataset.done = String(done.has(chapter));
      link.textContent = `${done.has(chapter) ? "✓" : `${chapter}.`} ${CHAPTER_TITLES[CHAPTER_IDS[index] ?? "line"]}`;
      link.setAttribute(
        "aria-label",
        `${chapter}. ${CHAPTER_TITLES[CHAPTER_IDS[index] ?? "line"]}${done.has(chapter) ? " (done)" : ""}`,
      );
    });
    chaptersSummary.textContent = `Chapters · ${done.size} of ${GUIDE_CHAPTERS} done`;
    const chapter = chapterFacts();
    const current = facts !== null && factsVersion === store.session.dataInfo?.version;
    setup.disabled = chapter === null || !current;
    if (!chapter || !facts) {
      body.replaceChildren(element("p", "hint", "Working out this data's numbers…"));
      setupWords.textContent = "";
      task.element.hidden = true;
      return;
    }
    const words = chapterWords(chapter, facts);
    body.replaceChildren(...words.text.map((paragraph) => element("p", "", paragraph)));
    if (chapter.id === "guessing") body.append(...guessTable(facts));
    setupWords.textContent = words.setup;
    task.element.hidden = false;
    task.show(chapter, words);
    check();
  };

  /** The task against what is on screen: marks the chapter done the first time it is. */
  const check = () => {
    const chapter = chapterFacts();
    const info = store.session.dataInfo;
    if (!chapter || !facts || !info || factsVersion !== info.version) return;
    const evidence = taskEvidence(store.state, store.session, reveal.revealed, info.version);
    if (task.check(chapter, facts, evidence) && !done.has(chapter.number)) {
      done.add(chapter.number);
      writeProgress(storage, done);
      render();
    }
  };

  const ask = oneAtATime(async () => {
    const info = store.session.dataInfo;
    if (!info || store.state.chapter === 0 || factsVersion === info.version) return;
    try {
      const { result } = await lab.client.request({ type: "guide" });
      if (result.dataVersion !== store.session.dataInfo?.version) return;
      facts = result.facts;
      factsVersion = result.dataVersion;
    } catch {
      facts = null;
    }
    render();
  });

  setup.addEventListener("click", () => {
    const chapter = chapterFacts();
    if (!chapter || !facts) return;
    for (const track of [LESSON_TRACK, RACE_TRACK, GUESS_TRACK]) pause(store, track);
    store.set(setupPatch(chapter.setup, facts));
    store.flushUrl();
  });
  prev.addEventListener("click", () => turnTo(store, store.state.chapter - 1));
  next.addEventListener("click", () => turnTo(store, store.state.chapter + 1));
  // Closed and opened again, the guide comes back at the chapter it was closed on (this page's session).
  let closedAt = 1;
  close.addEventListener("click", () => {
    closedAt = Math.max(1, store.state.chapter);
    store.set({ chapter: 0, present: 0 });
  });
  openButton.addEventListener("click", () => turnTo(store, closedAt));
  present.addEventListener("click", () => {
    const presenting = store.state.present === 1;
    const view = chapterView(store.state.chapter);
    store.set(presenting || !view ? { present: presenting ? 0 : 1 } : { present: 1, tab: view.tab });
  });

  render();
  ask();
  const unsubscribe = store.subscribe((changed) => {
    // After the controller has asked for the new data's run (it does so right after saying the data
    // loaded): the first verdict never waits for the guide's numbers.
    if (changed.has("dataInfo")) queueMicrotask(ask);
    if (changed.has("chapter")) {
      ask();
      render();
      // A chapter turned from the keyboard (presenter mode) moves the reading position to its title.
      if (store.state.chapter >= 1 && aside.contains(document.activeElement)) title.focus();
      return;
    }
    if (changed.has("present") || changed.has("dataInfo")) render();
    else check();
  });
  const unfollow = reveal.subscribe(check);
  return () => {
    unsubscribe();
    unfollow();
  };
}

/** The guessing chapter's table: guesses against gradient descent's evaluations, per tolerance. */
function guessTable(facts: GuideFacts): HTMLElement[] {
  const table = guessingTable(facts);
  if (!table) return [];
  const caption = element("caption", "", "Loss evaluations needed, on average");
  const head = element("thead");
  const headRow = element("tr");
  for (const cell of table.head) headRow.append(element("th", "", cell));
  head.append(headRow);
  const rows = element("tbody");
  for (const row of table.rows) {
    const tr = element("tr");
    row.forEach((cell, index) => {
      const node = element(index === 0 ? "th" : "td", "", cell);
      if (index === 0) node.setAttribute("scope", "row");
      tr.append(node);
    });
    rows.append(tr);
  }
  const wrapper = element("div", "guess-table-wrap");
  const tableElement = element("table", "guess-table");
  tableElement.dataset.testid = "guess-table";
  tableElement.append(caption, head, rows);
  wrapper.append(tableElement);
  return [wrapper];
}
