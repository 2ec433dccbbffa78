/**
 * exp, log, tanh and cos for every model and schedule: the engine's own `Math` functions when they round
 * as fdlibm does, else fdlibm's port (portable-math.ts).
 *
 * Why both: the port makes the web lab and `lrlab fit` agree bit for bit (Debian's Chromium rounds about
 * one `Math.exp` in ten, one `Math.cos` in fifty and one `Math.tanh` in 100,000 differently in the last
 * bit, and a chaotic run grows such a bit into a different result). But the port runs at half the speed
 * of V8's built-ins, which are the same fdlibm compiled to machine code: an MLP epoch took twice as long
 * with it. Node's V8 is fdlibm, checked on ~250k values per function in portable-math.test.ts, so Node
 * keeps its built-ins and its speed, and gets the same bits.
 *
 * The probe: an engine whose exp, log, cos or tanh differs from the port on any of a few hundred values
 * uses the port for all four. Chromium's exp differs within the first dozen values, so a browser with a
 * different libm is caught at once; tanh's rarer differences are caught through exp, since an engine
 * ships one libm.
 */
import * as fdlibm from "./portable-math.js";

export interface Elementary {
  readonly exp: (x: number) => number;
  readonly log: (x: number) => number;
  readonly tanh: (x: number) => number;
  readonly cos: (x: number) => number;
}

const PORT: Elementary = { exp: fdlibm.exp, log: fdlibm.log, tanh: fdlibm.tanh, cos: fdlibm.cos };

const PROBES = 256;

/** A deterministic spread of arguments in (−1/2, 1/2): the fractional parts of i·φ, recentred. */
function probeArgument(i: number): number {
  const golden = 0.6180339887498949;
  return ((i * golden) % 1) - 0.5;
}

/** True when `engine` equals `port` on every probe argument (scaled into the range that matters). */
function roundsAlike(
  engine: (x: number) => number,
  port: (x: number) => number,
  argument: (u: number) => number,
): boolean {
  for (let i = 1; i <= PROBES; i++) {
    const x = argument(probeArgument(i));
    if (!Object.is(engine(x), port(x))) return false;
  }
  return true;
}

/**
 * The engine's functions when all four round as fdlibm on the probe, else the port's. `engine` is
 * `Math` in use; tests pass a fake one.
 */
export function chooseElementary(engine: Elementary): Elementary {
  const alike =
    roundsAlike(engine.exp, PORT.exp, (u) => u * 80) && // e^x from 1e-18 to 1e17
    roundsAlike(engine.log, PORT.log, (u) => PORT.exp(u * 60)) && // log over 26 decades
    roundsAlike(engine.cos, PORT.cos, (u) => u * 8) && // the schedules use [0, π]
    roundsAlike(engine.tanh, PORT.tanh, (u) => u * 12); // tanh's shoulders and tails
  return alike ? { exp: engine.exp, log: engine.log, tanh: engine.tanh, cos: engine.cos } : PORT;
}

const chosen = chooseElementary(Math);

/** True when this engine's `Math` is used (it rounds as fdlibm); false when the port is. */
export const usesEngineMath = chosen !== PORT;

export const exp = chosen.exp;
export const log = chosen.log;
export const tanh = chosen.tanh;
export const cos = chosen.cos;
