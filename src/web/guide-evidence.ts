/**
 * What a guide task is checked against (core guide-check.ts `TaskEvidence`), read from the lab as it is on
 * screen: the run (only once it answers the current settings on the current data), the step on show,
 * whether the run was watched (run-reveal.ts), and the best random guess shown so far.
 */
import type { TaskEvidence } from "../core/index.js";
import type { LabState } from "./lab-state.js";
import type { Session } from "./store.js";

/** The evidence for the data of version `dataVersion` (the guide's facts are for it). */
export function taskEvidence(
  state: LabState,
  session: Session,
  revealed: boolean,
  dataVersion: number,
): TaskEvidence {
  const { run, guesses } = session;
  const current = run !== null && !session.runPending && run.dataVersion === dataVersion ? run : null;
  let bestGuessLoss: number | null = null;
  if (guesses !== null && !session.guessesPending && guesses.dataVersion === dataVersion) {
    // The improvements come in order: the last one among the guesses shown is the best shown.
    for (const entry of guesses.progress) {
      if (entry.evaluations > state.guessAt) break;
      bestGuessLoss = entry.loss;
    }
  }
  return { run: current, at: state.at, revealed, bestGuessLoss };
}
