/**
 * Progress for long runs on stderr: a bar on a terminal (cli-progress), a few plain lines otherwise.
 * Short runs show nothing; stdout is never touched, so `--json` output stays one document.
 */
import cliProgress from "cli-progress";
import type { Io } from "./io.js";

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/**
 * A progress reporter when `work` (point-gradient evaluations, roughly) is large enough to wait for;
 * `unit` names what `update` counts ("steps", "rates", "rows", "parts").
 */
export function createProgress(
  io: Io,
  label: string,
  work: number,
  threshold = 2e8,
  unit = "steps",
): Progress {
  if (work < threshold) return silent;
  if (io.stderrIsTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% · {value}/{total} ${unit} · eta {eta_formatted}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let nextTenth = 1;
  return {
    update(done, total) {
      while (total > 0 && done >= (nextTenth * total) / 10 && nextTenth <= 10) {
        io.stderr(`${label}: ${nextTenth * 10}% (${done}/${total} ${unit})\n`);
        nextTenth++;
      }
    },
    stop() {},
  };
}
