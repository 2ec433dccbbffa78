import { describe, expect, it } from "vitest";
import type { Io } from "./io.js";
import { createProgress } from "./progress.js";

function fakeIo(stderrIsTTY: boolean) {
  const errors: string[] = [];
  const io = { stderr: (text: string) => errors.push(text), stderrIsTTY } as unknown as Io;
  return { io, errors };
}

describe("createProgress", () => {
  it("says nothing about short runs", () => {
    const { io, errors } = fakeIo(false);
    const progress = createProgress(io, "fit", 1000);
    progress.update(500, 1000);
    progress.stop();
    expect(errors).toEqual([]);
  });

  it("prints a plain line per tenth of a long run when stderr is not a terminal", () => {
    const { io, errors } = fakeIo(false);
    const progress = createProgress(io, "lrlab fit", 1e9);
    for (let done = 0; done <= 1000; done += 50) progress.update(done, 1000);
    progress.stop();
    expect(errors).toHaveLength(10);
    expect(errors[0]).toBe("lrlab fit: 10% (100/1000 steps)\n");
    expect(errors[9]).toBe("lrlab fit: 100% (1000/1000 steps)\n");
  });
});
