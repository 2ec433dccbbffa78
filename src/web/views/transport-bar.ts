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

/** A transport button: its words, its test id and its tooltip. */
export function button(text: string, testid: string, title: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = text;
  element.dataset.testid = testid;
  element.title = title;
  return element;
}

/** The speed picker, "speed [60 steps/s]": its label, and the select with the usual speeds in `unit`s. */
export function speedSelect(
  id: string,
  unit: string,
): { label: HTMLLabelElement; select: HTMLSelectElement } {
  const label = document.createElement("label");
  label.className = "speed";
  label.textContent = "speed ";
  const select = document.createElement("select");
  select.id = id;
  select.dataset.testid = id;
  for (const value of SPEEDS) select.append(new Option(`${value} ${unit}/s`, String(value)));
  label.append(select);
  return { label, select };
}

/** The scrubber: a range input from 0 in whole steps, after the words for where it is. */
export function scrubber(testid: string): {
  label: HTMLLabelElement;
  text: HTMLSpanElement;
  input: HTMLInputElement;
} {
  const label = document.createElement("label");
  label.className = "scrub";
  const text = document.createElement("span");
  const input = document.createElement("input");
  input.type = "range";
  input.min = "0";
  input.step = "1";
  input.dataset.testid = testid;
  label.append(text, input);
  return { label, text, input };
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
  const { label: speedLabel, select: speed } = speedSelect(`${prefix}-speed`, unit);
  bar.append(playButton, stepButton, resetButton, speedLabel);
  const { label: scrubLabel, text: scrubText, input: scrub } = scrubber(`${prefix}-scrubber`);
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
