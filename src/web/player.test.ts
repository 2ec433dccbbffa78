import { describe, expect, it } from "vitest";
import { defaultState } from "./lab-state.js";
import { GUESS_TRACK, Player, play, RACE_TRACK, reset, stepBy } from "./player.js";
import type { GuessResult, RaceResult, RunResult } from "./protocol.js";
import { Store } from "./store.js";

/** A store holding a run of `rows` recorded steps, and a player whose frames the test fires. */
function playerForTest(rows: number, speed: number, reducedMotion = false) {
  const store = new Store(
    { ...defaultState(), speed },
    { writeUrl: () => {}, setTimer: () => 0, clearTimer: () => {} },
  );
  store.setSession({ run: { history: { length: rows }, historyEvery: 1 } as unknown as RunResult });
  const frames: ((time: number) => void)[] = [];
  new Player(store, {
    requestFrame: (callback) => frames.push(callback),
    cancelFrame: () => frames.splice(0),
    reducedMotion: () => reducedMotion,
  });
  const frameAt = (time: number) => frames.shift()?.(time);
  return { store, frameAt, frames };
}

describe("Player", () => {
  it("moves the step on show at the chosen speed, one frame at a time", () => {
    const { store, frameAt } = playerForTest(101, 60);
    play(store);
    frameAt(1000); // the first frame only starts the clock
    frameAt(1017); // 17 ms at 60 steps/s: one step
    expect(store.state.at).toBe(1);
    frameAt(1184); // 167 ms more: ten more
    expect(store.state.at).toBe(11);
  });

  it("stops at the end of the run, and starts again from the beginning", () => {
    const { store, frameAt, frames } = playerForTest(11, 1000);
    play(store);
    frameAt(0);
    frameAt(100);
    expect(store.state.at).toBe(10);
    expect(store.session.playing).toBe(false);
    expect(frames).toHaveLength(0);
    play(store);
    expect(store.state.at).toBe(0);
  });

  it("with reduced motion, changes the picture at most four times a second", () => {
    const { store, frameAt } = playerForTest(1001, 60, true);
    play(store);
    const seen = new Set<number>();
    for (let frame = 0; frame <= 60; frame++) {
      frameAt((frame * 1000) / 60);
      seen.add(store.state.at);
    }
    expect(seen.size).toBeLessThanOrEqual(5); // 0 and at most four updates in one second
    expect(store.state.at).toBeGreaterThanOrEqual(45); // still about 60 steps in that second
  });

  it("steps and resets, pausing first and staying within the run", () => {
    const { store } = playerForTest(3, 10);
    play(store);
    stepBy(store, 1);
    expect(store.session.playing).toBe(false);
    expect(store.state.at).toBe(1);
    stepBy(store, 5);
    expect(store.state.at).toBe(2);
    reset(store);
    expect(store.state.at).toBe(0);
  });

  it("plays the race and the guesses on their own tracks, leaving the lesson's step alone", () => {
    const store = new Store(
      { ...defaultState(), speed: 60, guessSpeed: 20, at: 7 },
      { writeUrl: () => {}, setTimer: () => 0, clearTimer: () => {} },
    );
    const lane = (rows: number) => ({ run: { history: { length: rows }, historyEvery: 1 } });
    store.setSession({
      race: { lanes: [lane(101), lane(37)] } as unknown as RaceResult,
      guesses: { trials: 1000 } as unknown as GuessResult,
    });
    const frames: ((time: number) => void)[] = [];
    for (const track of [RACE_TRACK, GUESS_TRACK]) {
      new Player(store, { track, requestFrame: (callback) => frames.push(callback), cancelFrame: () => {} });
    }
    play(store, RACE_TRACK);
    play(store, GUESS_TRACK);
    expect(store.session.playing).toBe(false);
    const tick = (time: number) => {
      for (const frame of frames.splice(0)) frame(time);
    };
    tick(0);
    tick(250);
    tick(500); // half a second: 30 race steps at 60 steps/s, 10 guesses at 20 a second
    expect(store.state.raceAt).toBe(30);
    expect(store.state.guessAt).toBe(10);
    expect(store.state.at).toBe(7);
    stepBy(store, 1000, RACE_TRACK); // as far as the longest lane
    expect(store.state.raceAt).toBe(100);
    expect(store.session.racePlaying).toBe(false);
    reset(store, GUESS_TRACK);
    expect(store.state.guessAt).toBe(0);
    expect(store.session.guessPlaying).toBe(false);
  });
});
