/**
 * The lesson's transport: play / pause, step, reset, the speed, a scrubber over the recorded steps, and
 * the numbers at the step on show (step, loss, w, b). Space plays and pauses, and the period key steps,
 * anywhere outside a text field. Until the run of these settings is played or stepped (predict, then
 * check), the scrubber counts the steps asked for, not the steps the run lasted: a run that blows up at
 * step 3 says so only once it is watched.
 */
import { SPEEDS } from "../lab-defaults.js";
import { pause, reset, stepBy, togglePlay } from "../player.js";
import type { Store } from "../store.js";
import { formatCount, formatNumber } from "../words.js";
import { button, scrubber, speedSelect } from "./transport-bar.js";

function readout(name: string, testid: string): { wrapper: HTMLElement; value: HTMLOutputElement } {
  const wrapper = document.createElement("span");
  wrapper.className = "readout";
  const label = document.createElement("span");
  label.className = "readout-name";
  label.textContent = name;
  const value = document.createElement("output");
  value.dataset.testid = testid;
  value.setAttribute("aria-label", name);
  wrapper.append(label, value);
  return { wrapper, value };
}

export interface LessonTransport {
  readonly element: HTMLElement;
  destroy(): void;
}

export function lessonTransport(store: Store): LessonTransport {
  const container = document.createElement("div");
  container.className = "transport-block";
  const bar = document.createElement("div");
  bar.className = "transport";
  const playButton = button("Play", "play", "Play or pause (Space)");
  const stepButton = button("Step", "step", "One step (.)");
  const resetButton = button("Reset", "reset", "Back to the start");
  const { label: speedLabel, select: speed } = speedSelect("speed-select", "steps");
  bar.append(playButton, stepButton, resetButton, speedLabel);
  const { label: scrubLabel, text: scrubText, input: scrub } = scrubber("scrubber");

  const readouts = document.createElement("p");
  readouts.className = "readouts";
  const stepOut = readout("step", "step-value");
  const lossOut = readout("loss", "loss-value");
  const wOut = readout("w", "w-value");
  const bOut = readout("b", "b-value");
  readouts.append(stepOut.wrapper, lossOut.wrapper, wOut.wrapper, bOut.wrapper);
  container.append(bar, scrubLabel, readouts);

  playButton.addEventListener("click", () => togglePlay(store));
  stepButton.addEventListener("click", () => stepBy(store, 1));
  resetButton.addEventListener("click", () => reset(store));
  speed.addEventListener("change", () => store.set({ speed: Number(speed.value) }));
  scrub.addEventListener("input", () => {
    pause(store);
    store.set({ at: Number(scrub.value) });
  });
  scrub.addEventListener("change", () => store.flushUrl());

  const onKey = (event: KeyboardEvent) => {
    if (store.state.tab !== "lesson") return; // the other tabs' bars have their own
    const target = event.target as HTMLElement | null;
    if (target?.closest("input, select, textarea, button, [role=slider]")) return;
    if (event.key === " ") {
      event.preventDefault();
      togglePlay(store);
    } else if (event.key === ".") {
      stepBy(store, 1);
    }
  };
  document.addEventListener("keydown", onKey);

  const update = () => {
    const { run, playing, verdictShown } = store.session;
    const { at } = store.state;
    playButton.textContent = playing ? "Pause" : "Play";
    playButton.setAttribute("aria-pressed", String(playing));
    if (!speed.matches(":focus")) speed.value = String(store.state.speed);
    if (!SPEEDS.includes(store.state.speed as (typeof SPEEDS)[number])) {
      speed.append(new Option(`${store.state.speed} steps/s`, String(store.state.speed)));
      speed.value = String(store.state.speed);
    }
    const disabled = !run;
    for (const control of [playButton, stepButton, resetButton, scrub]) control.disabled = disabled;
    if (!run) return;
    const last = run.history.length - 1;
    const row = Math.min(at, last);
    scrub.max = String(last);
    scrub.value = String(row);
    const step = run.history.step[row] as number;
    const end = verdictShown ? (run.history.step[last] as number) : run.requestedSteps;
    scrubText.textContent = `step ${formatCount(step)} of ${formatCount(end)}`;
    scrub.setAttribute("aria-valuetext", `step ${step}`);
    stepOut.value.value = formatCount(step);
    lossOut.value.value = formatNumber(run.history.loss[row] as number);
    wOut.value.value = formatNumber(run.history.w[row] as number);
    bOut.value.value = formatNumber(run.history.b[row] as number);
  };
  update();
  const unsubscribe = store.subscribe((changed) => {
    for (const key of ["run", "at", "playing", "speed", "verdictShown"] as const) {
      if (changed.has(key)) {
        update();
        return;
      }
    }
  });
  return {
    element: container,
    destroy: () => {
      unsubscribe();
      document.removeEventListener("keydown", onKey);
    },
  };
}
