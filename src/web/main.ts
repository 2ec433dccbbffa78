/**
 * Starts the lab: reads the state from the URL, starts the worker, and mounts the panels of the registry
 * into the page's tabs. Everything else lives in the modules it wires together.
 */
import interRegular from "@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf?url";
import interSemiBold from "@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf?url";
import "./styles.css";
import { LabController } from "./controller.js";
import { download, figurePngBlob, figureSvgText } from "./figure-export.js";
import { echo } from "./param-text.js";
import { GUESS_TRACK, LESSON_TRACK, Player, RACE_TRACK } from "./player.js";
import { presenterKeys } from "./presenter.js";
import { RunReveal } from "./run-reveal.js";
import { Store } from "./store.js";
import { rememberUpload, restoreUpload } from "./upload-memory.js";
import { decodeState } from "./url-state.js";
import { chapterView, HIDEABLE, readHidden, viewRules } from "./view-rules.js";
import { element } from "./views/dom.js";
import { mountGuide } from "./views/guide.js";
import { type Panel, type PanelInstance, setBusy } from "./views/panel.js";
import { PANELS, TABS } from "./views/registry.js";
import { watchStaleResults } from "./views/stale-results.js";
import { WorkerClient } from "./worker-client.js";

/** Inter, bundled (no font service): the figures' typeface. */
/** Inter, the figures' font (render/theme.ts): also embedded in an exported PNG. */
const INTER_FACES = [
  { url: interRegular, weight: "400" },
  { url: interSemiBold, weight: "600" },
] as const;

function loadFonts(): void {
  for (const { url, weight } of INTER_FACES) {
    const face = new FontFace("Inter", `url(${url})`, { weight });
    document.fonts.add(face);
    void face.load().catch(() => {});
  }
}

/** localStorage, or null where the browser refuses it (some private modes throw on access). */
function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function writeUrl(query: string): void {
  const url = `${location.pathname}${query ? `?${query}` : ""}${location.hash}`;
  history.replaceState(history.state, "", url);
}

/** A panel in its titled section, with SVG and PNG export buttons when it has a figure. */
function mountPanel(panel: Panel, host: HTMLElement, store: Store, lab: LabController): PanelInstance {
  const section = element(
    "section",
    `panel panel-${panel.area}${panel.width === "half" ? " panel-half" : ""}`,
  );
  section.id = `panel-${panel.id}`;
  if (panel.showsResults) section.dataset.results = "true";
  section.setAttribute("aria-labelledby", `panel-${panel.id}-title`);
  const header = element("header", "panel-header");
  const title = element("h2", "", panel.title);
  title.id = `panel-${panel.id}-title`;
  // Shown (styles.css) while the section is aria-busy: see setBusy in views/panel.ts.
  const busy = element("span", "busy", "computing…");
  busy.dataset.testid = `busy-${panel.id}`;
  header.append(title, busy);
  const body = element("div", "panel-body");
  section.append(header, body);
  host.append(section);
  const instance = panel.mount(body, store, lab);
  const waitsFor = panel.waitsFor;
  if (waitsFor) {
    const follow = () => setBusy(body, "answer", waitsFor(store.session));
    follow();
    store.subscribe(follow);
  }
  const figureOf = instance.figure;
  if (figureOf) {
    const tools = element("div", "panel-tools");
    for (const format of ["svg", "png"] as const) {
      const save = element("button", "save", format.toUpperCase());
      save.type = "button";
      save.setAttribute("aria-label", `Save "${panel.title}" as ${format.toUpperCase()}`);
      save.dataset.testid = `save-${panel.id}-${format}`;
      save.addEventListener("click", async () => {
        const figure = figureOf();
        if (!figure) return;
        const blob =
          format === "svg"
            ? new Blob([figureSvgText(figure)], { type: "image/svg+xml" })
            : await figurePngBlob(figure, 2, INTER_FACES);
        download(blob, `${figure.name}.${format}`);
      });
      tools.append(save);
    }
    header.append(tools);
    // Nothing drawn (no run yet, a model with no slice): nothing to save, so the buttons say so by being off.
    const saves = [...tools.querySelectorAll("button")];
    const follow = () => {
      const empty = figureOf() === null;
      for (const save of saves) {
        save.disabled = empty;
        save.title = empty ? "Nothing is drawn here to save" : "";
      }
    };
    follow();
    // Checked a moment after the panel redraws, not at every change (some figure() calls clone charts).
    let pending = 0;
    new MutationObserver(() => {
      clearTimeout(pending);
      pending = window.setTimeout(follow, 100);
    }).observe(body, { childList: true, subtree: true });
  }
  return instance;
}

function start(): void {
  loadFonts();
  const decoded = decodeState(new URLSearchParams(location.search));
  const notices = [...decoded.problems];
  let state = decoded.state;
  if (!TABS.some((tab) => tab.id === state.tab)) {
    notices.push(`tab=${state.tab}: no such tab; showing ${TABS[0]?.title}`);
    state = { ...state, tab: TABS[0]?.id ?? "lesson" };
  }
  const unknownHidden = readHidden(state.hide).unknown;
  if (unknownHidden.length > 0) {
    notices.push(
      `hide=${echo(state.hide)}: ${unknownHidden.map((name) => `"${echo(name)}"`).join(", ")} names no control (${Object.keys(HIDEABLE).join(", ")}); ignored`,
    );
  }
  if (state.embed === 1) {
    // An embedded lab shows one panel alone, on its own tab.
    const embedded = PANELS.find((panel) => panel.id === state.panel);
    if (!embedded) notices.push(`panel=${echo(state.panel)}: no such panel; showing scene`);
    state = { ...state, panel: embedded?.id ?? "scene", tab: embedded?.tab ?? "lesson" };
  }
  // Presenting a chapter: its view's tab, as turning to it would show (chapters 2 and 9 are not the lesson's).
  const presented = state.present === 1 ? chapterView(state.chapter) : null;
  if (presented && presented.tab !== state.tab) state = { ...state, tab: presented.tab };
  const store = new Store(state, { writeUrl, notices, openedWith: location.search.slice(1) });
  // Before the first run: the guide's tasks count a run only once it has been watched.
  const reveal = new RunReveal(store);
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "lrlab-lab" });
  const client = new WorkerClient(worker);
  const lab = new LabController(store, client, {
    restoredUpload: restoreUpload(),
    rememberUpload: (file) => void rememberUpload(file),
    startLongWorker: () =>
      new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "lrlab-long" }),
  });
  const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");
  for (const track of [LESSON_TRACK, RACE_TRACK, GUESS_TRACK]) {
    new Player(store, { track, reducedMotion: () => reducedMotion.matches });
  }

  // Notices: link settings that were ignored, and why.
  const noticeBox = document.getElementById("notices") as HTMLElement;
  const showNotices = () => {
    const list = store.session.notices;
    noticeBox.hidden = list.length === 0;
    noticeBox.replaceChildren();
    if (list.length === 0) return;
    const intro = element("p", "", "Some settings in the link were changed or ignored:");
    const items = element("ul");
    for (const notice of list) items.append(element("li", "", notice));
    const dismiss = element("button", "", "Dismiss");
    dismiss.type = "button";
    dismiss.addEventListener("click", () => store.setSession({ notices: [] }));
    noticeBox.append(intro, items, dismiss);
  };
  showNotices();
  store.subscribe((changed) => {
    if (changed.has("notices")) showNotices();
  });

  // Tabs: each mounts its panels the first time it is shown.
  const tabList = document.getElementById("tabs") as HTMLElement;
  const app = document.getElementById("app") as HTMLElement;
  const mounted = new Map<string, HTMLElement>();
  const buttons = new Map<string, HTMLButtonElement>();
  tabList.hidden = TABS.length < 2;
  const show = (tabId: string) => {
    for (const [id, pane] of mounted) pane.hidden = id !== tabId;
    for (const [id, button] of buttons) {
      button.setAttribute("aria-selected", String(id === tabId));
      button.tabIndex = id === tabId ? 0 : -1;
    }
    // On a phone the tabs scroll sideways in one row: the tab on show must be in sight.
    const selected = buttons.get(tabId);
    if (selected && tabList.scrollWidth > tabList.clientWidth) {
      const list = tabList.getBoundingClientRect();
      const rect = selected.getBoundingClientRect();
      if (rect.right > list.right) tabList.scrollLeft += rect.right - list.right;
      else if (rect.left < list.left) tabList.scrollLeft -= list.left - rect.left;
    }
    if (!mounted.has(tabId)) {
      const pane = element("div", "tab-pane");
      pane.id = `tab-${tabId}`;
      pane.setAttribute("role", "tabpanel");
      pane.setAttribute("aria-labelledby", `tab-button-${tabId}`);
      const main = element("div", "area-main");
      const side = element("div", "area-side");
      pane.append(main, side);
      app.append(pane);
      mounted.set(tabId, pane);
      const panels = PANELS.filter((candidate) => candidate.tab === tabId);
      if (!panels.some((panel) => panel.area === "side")) pane.classList.add("no-side");
      for (const panel of panels) mountPanel(panel, panel.area === "side" ? side : main, store, lab);
      watchStaleResults(pane);
    }
  };
  for (const tab of TABS) {
    const button = element("button", "tab", tab.title);
    button.type = "button";
    button.id = `tab-button-${tab.id}`;
    button.setAttribute("role", "tab");
    button.setAttribute("aria-controls", `tab-${tab.id}`);
    button.dataset.testid = `tab-${tab.id}`;
    button.addEventListener("click", () => store.set({ tab: tab.id }));
    buttons.set(tab.id, button);
    tabList.append(button);
  }
  // The WAI-ARIA tabs pattern: arrows move to the next or previous tab (wrapping), Home and End to the
  // first and the last; the tab moved to is shown at once (automatic activation).
  tabList.addEventListener("keydown", (event) => {
    const index = TABS.findIndex((tab) => tab.id === store.state.tab);
    const target: Record<string, number> = {
      ArrowRight: (index + 1) % TABS.length,
      ArrowLeft: (index - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    };
    const next = TABS[target[event.key] ?? -1];
    if (!next) return;
    event.preventDefault();
    store.set({ tab: next.id });
    buttons.get(next.id)?.focus();
  });
  show(store.state.tab);
  store.subscribe((changed) => {
    if (changed.has("tab")) show(store.state.tab);
  });

  // The guided lesson beside the lab, and the page's looks for a projector or an iframe.
  mountGuide(
    document.getElementById("guide-host") as HTMLElement,
    document.getElementById("guide-open-host") as HTMLElement,
    {
      store,
      lab,
      reveal,
      storage: localStorageOrNull(),
    },
  );
  presenterKeys(store);
  const rules = element("style");
  rules.id = "view-rules";
  document.head.append(rules);
  const applyView = () => {
    rules.textContent = viewRules(store.state);
    // On <html>, so that presenter mode's larger type scales every rem on the page.
    document.documentElement.classList.toggle(
      "presenting",
      store.state.present === 1 && store.state.embed !== 1,
    );
    document.documentElement.classList.toggle("embedded", store.state.embed === 1);
  };
  applyView();
  store.subscribe((changed) => {
    if (["present", "hide", "embed", "panel", "chapter"].some((key) => changed.has(key as "present")))
      applyView();
  });

  addEventListener("pagehide", () => store.flushUrl());
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) store.flushUrl();
  });
  void lab.start();
}

start();
