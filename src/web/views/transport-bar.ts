/**
 * Play / pause, step, reset, a speed and a scrubber for something that plays (a {@link Track}): the race
 * and random guessing each have one. Space plays and pauses, and the period key steps, while the bar's tab
 * is on show and the focus is not in a field. (The lesson's own transport, transport.ts, adds its
 * readouts and keeps the test ids issue 6 fixed.)
 */
import { SPEEDS } from "../lab-defaults.js";
import type { LabState } from "../lab-state.js";
import { lastRow, pause, reset, stepBy, type Track, togglePlay } from "../player.js";
import type { Store } from "../store.js";
import { formatCount } from "../words.js";

export interface TransportBarOptions {
  /** The tab the bar is on: its keys work only there. */
  readonly tab: string;
  /** Prefixes the test ids and element ids: `${prefix}-play`, … */
  readonly prefix: string;
  /** The setting that holds the speed, and what it counts ("steps", "guesses"). */
  readonly speedKey: "speed" | "guessSpeed";
  readonly unit: string;
  /** The scrubber's words for a position, e.g. "step 12 of 100". */
  readonly positionWords: (at: number, last: number) => string;
}

export interface TransportBar {
  readonly element: HTMLElement;
  /** Shows the store's position, playing flag and speed. */
  update(): void;
  destroy(): void;
}

function button(text: string, testid: string, title: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = text;
  element.dataset.testid = testid;
  element.title = title;
  return element;
}

export function transportBar(store: Store, track: Track, options: TransportBarOptions): TransportBar {
  const { prefix, speedKey, unit } = options;
  const element = document.createElement("div");
  element.className = "transport-block";
  const bar = document.createElement("div");
  bar.className = "transport";
  const playButton = button("Play", `${prefix}-play`, "Play or pause (Space)");
  playButton.classList.add("play");
  const stepButton = button("Step", `${prefix}-step`, "One on (.)");
  const resetButton = button("Reset", `${prefix}-reset`, "Back to the start");
  const speedLabel = document.createElement("label");
  speedLabel.className = "speed";
  speedLabel.textContent = "speed ";
  const speed = document.createElement("select");
  speed.id = `${prefix}-speed`;
  speed.dataset.testid = `${prefix}-speed`;
  for (const value of SPEEDS) speed.append(new Option(`${value} ${unit}/s`, String(value)));
  speedLabel.append(speed);
  bar.append(playButton, stepButton, resetButton, speedLabel);

  const scrubLabel = document.createElement("label");
  scrubLabel.className = "scrub";
  const scrubText = document.createElement("span");
  const scrub = document.createElement("input");
  scrub.type = "range";
  scrub.min = "0";
  scrub.step = "1";
  scrub.dataset.testid = `${prefix}-scrubber`;
  scrubLabel.append(scrubText, scrub);
  element.append(bar, scrubLabel);

  const setAt = (at: number) => store.set({ [track.at]: at } as Partial<LabState>);
  playButton.addEventListener("click", () => togglePlay(store, track));
  stepButton.addEventListener("click", () => stepBy(store, 1, track));
  resetButton.addEventListener("click", () => reset(store, track));
  speed.addEventListener("change", () => store.set({ [speedKey]: Number(speed.value) } as Partial<LabState>));
  scrub.addEventListener("input", () => {
    pause(store, track);
    setAt(Number(scrub.value));
  });
  scrub.addEventListener("change", () => store.flushUrl());

  const onKey = (event: KeyboardEvent) => {
    if (store.state.tab !== options.tab) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest("input, select, textarea, button, [role=slider]")) return;
    if (event.key === " ") {
      event.preventDefault();
      togglePlay(store, track);
    } else if (event.key === ".") {
      stepBy(store, 1, track);
    }
  };
  document.addEventListener("keydown", onKey);

  const update = () => {
    const playing = store.session[track.playing];
    playButton.textContent = playing ? "Pause" : "Play";
    playButton.setAttribute("aria-pressed", String(playing));
    const value = store.state[speedKey];
    if (![...speed.options].some((option) => option.value === String(value))) {
      speed.append(new Option(`${formatCount(value)} ${unit}/s`, String(value)));
    }
    if (!speed.matches(":focus")) speed.value = String(value);
    const rows = track.rows(store);
    for (const control of [playButton, stepButton, resetButton, scrub]) control.disabled = rows === 0;
    const last = lastRow(store, track);
    const at = Math.min(store.state[track.at], last);
    scrub.max = String(last);
    scrub.value = String(at);
    scrubText.textContent = rows === 0 ? "" : options.positionWords(at, last);
    scrub.setAttribute("aria-valuetext", scrubText.textContent);
  };
  update();
  return { element, update, destroy: () => document.removeEventListener("keydown", onKey) };
}
