import { describe, expect, it } from "vitest";
import { chooseElementary, cos, exp, log, tanh, usesEngineMath } from "./elementary.js";
import * as fdlibm from "./portable-math.js";

/** An engine equal to fdlibm except that `name` rounds one argument's result up by one ulp. */
function engineOffByOneBitAt(name: "exp" | "log" | "tanh" | "cos", where: (x: number) => boolean) {
  const port = { exp: fdlibm.exp, log: fdlibm.log, tanh: fdlibm.tanh, cos: fdlibm.cos };
  const f = port[name];
  const nudged = (x: number) => {
    const y = f(x);
    return where(x) ? y + Math.abs(y) * Number.EPSILON : y;
  };
  return { ...port, [name]: nudged };
}

describe("elementary functions", () => {
  it("keep Node's built-ins, which round as fdlibm (so the CLI and the bench run at V8's speed)", () => {
    expect(usesEngineMath).toBe(true);
    expect(exp).toBe(Math.exp);
    expect(log).toBe(Math.log);
    expect(tanh).toBe(Math.tanh);
    expect(cos).toBe(Math.cos);
  });

  it("take the port for all four when the engine's exp differs in the last bit on some arguments", () => {
    // Chromium's pattern: about one exp in ten rounds the other way.
    const engine = engineOffByOneBitAt("exp", (x) => Math.abs(x * 1e6) % 10 < 1);
    const chosen = chooseElementary(engine);
    expect(chosen.exp).toBe(fdlibm.exp);
    expect(chosen.log).toBe(fdlibm.log);
    expect(chosen.tanh).toBe(fdlibm.tanh);
    expect(chosen.cos).toBe(fdlibm.cos);
  });

  it("take the port when only cos or only tanh differs on the probe", () => {
    for (const name of ["cos", "tanh", "log"] as const) {
      const engine = engineOffByOneBitAt(name, (x) => x > 0.3 && x < 0.4);
      expect(chooseElementary(engine).exp).toBe(fdlibm.exp);
    }
  });

  it("keep an engine equal to fdlibm everywhere", () => {
    const engine = { exp: (x: number) => fdlibm.exp(x), log: fdlibm.log, tanh: fdlibm.tanh, cos: fdlibm.cos };
    expect(chooseElementary(engine).exp).toBe(engine.exp);
  });
});
