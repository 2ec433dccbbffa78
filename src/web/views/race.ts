/**
 * The race tab: up to four lanes, each an optimizer at a rate, on the lesson's data from the lesson's
 * start, started together and played with one transport. By default the lanes are plain gradient descent
 * at the lesson's four rates (too small, good, jumps around, jumps out). Each lane says how it is doing
 * at the step on show, and its verdict once it has run to its end.
 *
 * The race runs in the worker (lab-race.ts) when the tab is shown and whenever the data or a setting it
 * depends on changes; `session.race` holds the answer, which the landscape and loss charts of
 * race-charts.ts draw too.
 */

import type { LessonRateName } from "../../core/index.js";
import { seriesColor } from "../../render/theme.js";
import { OUTCOME_WORDS } from "../../render/verdict-words.js";
import { RACE_TRACK } from "../player.js";
import { RUN_KEYS, runConfigOf } from "../protocol.js";
import { raceLanesOf } from "../race-lanes.js";
import { formatCount, formatNumber, laneOutcome, verdictLabel } from "../words.js";
import { cleanupAll, type Panel, tabRequests } from "./panel.js";
import { transportBar } from "./transport-bar.js";

/** Settings besides the run's that change the race. */
const RACE_INPUTS = ["raceArgs", ...RUN_KEYS] as const;

/** "too small · sgd · lr 0.01": what a lane runs. */
export function laneTitle(lane: {
  name: LessonRateName | null;
  optimizer: string;
  learningRate: number;
}): string {
  return [
    lane.name ? OUTCOME_WORDS[lane.name] : null,
    lane.optimizer,
    `lr ${formatNumber(lane.learningRate)}`,
  ]
    .filter(Boolean)
    .join(" · ");
}

export const racePanel: Panel = {
  id: "race",
  title: "Race: several rates at once",
  tab: "race",
  waitsFor: (session) => session.racePending,
  area: "main",
  mount(container, store, lab) {
    const intro = document.createElement("p");
    intro.className = "hint";
    intro.textContent =
      "Every lane starts from the lesson's start on the same data, at the same time, and takes one step per step of the race.";
    const error = document.createElement("p");
    error.className = "inline-error";
    error.setAttribute("role", "alert");
    const bar = transportBar(store, RACE_TRACK, {
      tab: "race",
      prefix: "race",
      speedKey: "speed",
      unit: "steps",
      positionWords: (at, last) => {
        const steps = store.session.race?.lanes.find((lane) => lane.run.history.length > last)?.run.history
          .step;
        return `step ${formatCount(steps?.[at] ?? at)} of ${formatCount(steps?.[last] ?? last)}`;
      },
    });
    const list = document.createElement("ol");
    list.className = "race-lanes";
    const theory = document.createElement("p");
    theory.className = "legend";
    container.append(intro, bar.element, list, theory, error);

    let rows: { title: HTMLElement; live: HTMLOutputElement; status: HTMLElement }[] = [];
    const build = () => {
      const race = store.session.race;
      list.replaceChildren();
      rows = [];
      for (const [index, lane] of (race?.lanes ?? []).entries()) {
        const item = document.createElement("li");
        item.dataset.testid = `race-lane-${index + 1}`;
        const swatch = document.createElement("span");
        swatch.className = "lane-swatch";
        swatch.style.background = seriesColor(index);
        swatch.setAttribute("aria-hidden", "true");
        const title = document.createElement("strong");
        title.textContent = laneTitle(lane);
        const live = document.createElement("output");
        live.className = "lane-live";
        live.dataset.testid = `race-live-${index + 1}`;
        const status = document.createElement("span");
        status.className = "lane-status";
        status.dataset.testid = `race-status-${index + 1}`;
        item.append(swatch, title, live, status);
        list.append(item);
        rows.push({ title, live, status });
      }
      const first = race?.lanes[0]?.run;
      theory.textContent = first?.theory
        ? `Each lane is judged as the lesson judges its rate, against its own optimizer's bound (plain gradient descent: 2/λmax = ${formatNumber(first.theory.criticalLearningRate)}; with momentum β, 2(1 + β)/λmax; Adam and the like have none).`
        : "";
      update();
    };

    const update = () => {
      bar.update();
      const race = store.session.race;
      if (!race) return;
      race.lanes.forEach((lane, index) => {
        const row = rows[index];
        if (!row) return;
        const { history } = lane.run;
        const last = history.length - 1;
        const at = Math.min(store.state.raceAt, last);
        row.live.value = `step ${formatCount(history.step[at] as number)} · loss ${formatNumber(history.loss[at] as number)}`;
        const ended = store.state.raceAt >= last && (store.state.raceAt > 0 || last === 0);
        const label = verdictLabel(lane.run);
        row.status.dataset.verdict = ended ? lane.run.verdict.outcome : "running";
        row.status.textContent = ended
          ? `${label[0]?.toUpperCase()}${label.slice(1)}: ${laneOutcome(lane.run)}.`
          : store.state.raceAt === 0
            ? "Ready."
            : "Running…";
      });
    };

    const stopRunner = tabRequests(store, {
      tab: "race",
      inputs: RACE_INPUTS,
      ask: async () => {
        const { result } = await lab.client.request({
          type: "race",
          config: runConfigOf(store.state),
          lanes: raceLanesOf(store.state.raceArgs),
        });
        return result;
      },
      accept: (result) => {
        store.setSession({ race: result });
        const last = Math.max(0, ...result.lanes.map((lane) => lane.run.history.length - 1));
        if (store.state.raceAt > last) store.set({ raceAt: last });
      },
      failure: "The race cannot run",
      error,
      status: theory,
      busy: "Running the race…",
      pending: "racePending",
    });
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("race")) build();
      else if (changed.has("raceAt") || changed.has("racePlaying") || changed.has("speed")) update();
    });
    build();
    return { destroy: cleanupAll([stopRunner, unsubscribe, bar.destroy]) };
  },
};
