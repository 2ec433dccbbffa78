/**
 * The web lab's browser benchmark: `npm run bench:web` (skipped in `npm test`). In headless Chromium on
 * the built app it measures what issue 6 promises:
 * - frames per second while playing full-batch steps on 100,000 points (target 60);
 * - main-thread long tasks (> 50 ms) while loading and playing 1,000,000 points (target: the page never
 *   freezes);
 * - the time from moving the learning-rate slider to the new run on screen: the status naming its rate
 *   (its verdict waits for Play or Step), the loss curve and the path on the landscape (target 50 ms);
 * - frames per second while the race (four lanes) and random guessing play on 100,000 points.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailability, serveLab } from "./harness.js";

const run = process.env.LRLAB_BENCH === "1";
const { executable, skip } = run ? browserAvailability() : { executable: null, skip: true };

interface FrameStats {
  frames: number;
  seconds: number;
  fps: number;
  p50: number;
  p95: number;
  worst: number;
  stepsShown: number;
}

/** What to press to play, and where to read how far it has got (a scrubber's value). */
interface Transport {
  readonly play: string;
  readonly scrubber: string;
}

const LESSON: Transport = { play: "play", scrubber: "scrubber" };

/** Records every animation frame for `seconds` while the lab plays; frame times in ms. */
async function measureFrames(
  page: Page,
  seconds: number,
  transport: Transport = LESSON,
): Promise<FrameStats> {
  return page.evaluate(
    async ([duration, play, scrubber]) => {
      const position = () =>
        Number((document.querySelector(`[data-testid=${scrubber}]`) as HTMLInputElement).value);
      const button = () => document.querySelector(`[data-testid=${play}]`) as HTMLButtonElement;
      const startPosition = position();
      button().click();
      const times: number[] = [];
      await new Promise<void>((done) => {
        const tick = (time: number) => {
          times.push(time);
          if (time - (times[0] as number) < duration * 1000) requestAnimationFrame(tick);
          else done();
        };
        requestAnimationFrame(tick);
      });
      button().click();
      const gaps = times.slice(1).map((time, i) => time - (times[i] as number));
      const sorted = [...gaps].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
      const elapsed = ((times.at(-1) as number) - (times[0] as number)) / 1000;
      return {
        frames: gaps.length,
        seconds: elapsed,
        fps: gaps.length / elapsed,
        p50: at(0.5),
        p95: at(0.95),
        worst: sorted.at(-1) as number,
        stepsShown: position() - startPosition,
      };
    },
    [seconds, transport.play, transport.scrubber] as const,
  );
}

/**
 * Moves the slider `count` times; for each, the ms until the run for the new rate is shown (the verdict,
 * the loss curve and the path on the landscape are all redrawn in that same task) and until the next frame.
 */
async function measureSlider(page: Page, count: number) {
  return page.evaluate(async (moves) => {
    const slider = document.querySelector("[data-testid=lr-slider]") as HTMLInputElement;
    const status = document.querySelector("[data-testid=status]") as HTMLElement;
    const toVerdict: number[] = [];
    const toFrame: number[] = [];
    const low = Number(slider.min);
    const high = Number(slider.max);
    for (let i = 0; i < moves; i++) {
      const position = low + (high - low) * (0.2 + (0.6 * ((i * 7) % moves)) / moves);
      // The rate the slider sets: three significant digits (settings.ts).
      const rate = String(Number((10 ** position).toPrecision(3)));
      if (status.dataset.learningRate === rate) continue;
      const shown = new Promise<number>((done) => {
        const observer = new MutationObserver(() => {
          if (status.dataset.learningRate === rate) {
            observer.disconnect();
            done(performance.now());
          }
        });
        observer.observe(status, { attributes: true });
        setTimeout(() => {
          observer.disconnect();
          done(Number.NaN);
        }, 2000);
      });
      const start = performance.now();
      slider.value = String(position);
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      toVerdict.push((await shown) - start);
      await new Promise((done) => requestAnimationFrame(done));
      toFrame.push(performance.now() - start);
      await new Promise((done) => setTimeout(done, 30));
    }
    const summary = (values: number[]) => {
      const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
      return {
        moves: values.length,
        median: sorted[Math.floor(sorted.length / 2)] as number,
        p95: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] as number,
        worst: sorted.at(-1) as number,
        missed: values.length - sorted.length,
      };
    };
    return { toVerdict: summary(toVerdict), toFrame: summary(toFrame) };
  }, count);
}

const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
`;

const longTasks = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks,
  );

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

describe.skipIf(skip)("web lab benchmark", () => {
  const lab = serveLab(executable as string, 60_000);

  /** A page on the lab, once `ready` (a test id) shows text: the verdict, a lane's status, a counter. */
  async function open(query: string, ready = "status"): Promise<Page> {
    const page = await lab.browser.context.newPage();
    await page.addInitScript(LONG_TASKS);
    await page.goto(`${lab.preview.url}${query}`);
    await expect
      .poll(() => page.getByTestId(ready).textContent(), { timeout: 60_000 })
      .toMatch(ready === "status" ? /\w+\./ : /\w/);
    await page.waitForTimeout(500);
    return page;
  }

  it("measures frames, long tasks and slider latency", async () => {
    const results: Record<string, unknown> = {};

    // 1. Playing full-batch steps on 100,000 points at 60 steps per second.
    const hundredK = await open("?data=noisy&points=100000&lr=0.001&steps=10000&speed=60");
    results["play, 1e5 points, full batch"] = await measureFrames(hundredK, 5);
    results["slider → verdict, loss curve and landscape path, 1e5 points"] = await measureSlider(
      hundredK,
      40,
    );
    await hundredK.close();

    // 2. A million points: loading (in the worker) and playing must not block the page.
    const loadStart = Date.now();
    const million = await open("?data=noisy&points=1000000&lr=0.001&steps=10000&speed=60");
    const loadSeconds = (Date.now() - loadStart) / 1000;
    const loadTasks = await longTasks(million);
    const frames = await measureFrames(million, 5);
    const slider = await measureSlider(million, 20);
    const allTasks = await longTasks(million);
    results["1e6 points"] = {
      loadToFirstVerdictSeconds: round(loadSeconds, 2),
      longTasksWhileLoading: loadTasks.length,
      longestTaskWhileLoadingMs: round(Math.max(0, ...loadTasks.map((task) => task.duration))),
      play: frames,
      slider,
      longTasksAfterLoading: allTasks.length - loadTasks.length,
      longestTaskAfterLoadingMs: round(
        Math.max(0, ...allTasks.slice(loadTasks.length).map((task) => task.duration)),
      ),
    };
    await million.close();

    // 3. Mini-batch (32) on a million points: each run walks real batches in the worker.
    const miniBatch = await open("?data=noisy&points=1000000&lr=0.01&batch-size=32&steps=2000&speed=60");
    results["1e6 points, batch 32"] = {
      play: await measureFrames(miniBatch, 3),
      slider: await measureSlider(miniBatch, 20),
    };
    await miniBatch.close();

    // 4. The race (four lanes) and random guessing, each playing on 100,000 points.
    const race = await open("?data=noisy&points=100000&tab=race&steps=10000&speed=60", "race-status-1");
    results["race, 4 lanes, 1e5 points"] = await measureFrames(race, 5, {
      play: "race-play",
      scrubber: "race-scrubber",
    });
    await race.close();
    const guessing = await open(
      "?data=noisy&points=100000&tab=guessing&trials=10000&guess-speed=60",
      "guess-count",
    );
    results["random guessing, 1e5 points"] = await measureFrames(guessing, 5, {
      play: "guess-play",
      scrubber: "guess-scrubber",
    });
    await guessing.close();

    const version = lab.browser.context.browser()?.version() ?? "chromium";
    console.log(`\nlrlab web lab benchmark (headless ${version}, ${new Date().toISOString()})`);
    console.log(
      JSON.stringify(results, (_key, value) => (typeof value === "number" ? round(value, 2) : value), 2),
    );
  }, 300_000);
});
