/**
 * The exact theory beside the play: the ideal line and its loss, the curvature, the critical rate 2/λmax
 * (or the optimizer's own bound), the optimal rate, and where the current rate sits between them. The
 * verdict itself sits with the rate (verdict-status.ts). Predict, then check: until the run is played or
 * stepped, the row of the current rate gives its place among the bounds but not the regime it runs in.
 */

import { bestWorstCaseMeaning } from "../../core/theory/best-worst-case.js";
import { hasRate, LOCAL_BOUND_CAVEAT, localCurvatureWords } from "../../render/local-bound-words.js";
import { formatConditionNumber, formatExact, formatRatio, formatSteps } from "../../render/numbers.js";
import { closenessWords } from "../../render/verdict-words.js";
import type { RunResult } from "../protocol.js";
import { formatNumber, formatRates, lineWords } from "../words.js";
import { cleanupAll, type Panel } from "./panel.js";

export const theoryPanel: Panel = {
  id: "theory",
  title: "Theory",
  tab: "lesson",
  area: "main",
  waitsFor: (session) => session.runPending,
  width: "half",
  mount(container, store) {
    const facts = document.createElement("dl");
    facts.className = "facts";
    facts.dataset.testid = "facts";
    container.append(facts);

    const update = () => {
      const { run, verdictShown } = store.session;
      facts.replaceChildren(...(run ? factRows(run, verdictShown) : []));
    };
    update();
    const unsubscribe = store.subscribe((changed) => {
      if (changed.has("run") || changed.has("verdictShown")) update();
    });
    return { destroy: cleanupAll([unsubscribe]) };
  },
};

/** The losses as a learner reads them (MSE and MAE are initials, Huber a name). */
const LOSS_NAMES: Readonly<Record<string, string>> = { mse: "MSE", mae: "MAE", huber: "Huber" };

function row(term: string, value: string, note = ""): HTMLElement[] {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  if (note) {
    const small = document.createElement("small");
    small.textContent = ` ${note}`;
    dd.append(small);
  }
  return [dt, dd];
}

/** The theory's rows; `outcome`: whether the row of the current rate may name the regime the run is in. */
function factRows(run: RunResult, outcome: boolean): HTMLElement[] {
  const { theory, verdict } = run;
  const rate = verdict.learningRate;
  const rows: HTMLElement[] = [];
  if (!theory) {
    rows.push(...row("theory", "exact for MSE only", `(the loss here is ${LOSS_NAMES[run.config.loss]})`));
    const local = verdict.localBound;
    // Huber: no closed form, but near the best line the curvature, and the rate it cannot settle above.
    if (local) {
      rows.push(
        ...row("best line", lineWords(local.at.w, local.at.b), `best loss ${formatNumber(verdict.bestLoss)}`),
      );
      rows.push(...row("curvature", localCurvatureWords(local)));
      if (hasRate(local)) {
        const [boundText] = formatRates([local.critical.learningRate, rate]);
        rows.push(
          ...row(
            "critical rate",
            `${boundText} = ${local.critical.formula} near the best line`,
            `rates above it jump out of the minimum (${LOCAL_BOUND_CAVEAT})`,
          ),
        );
      }
    }
    if (outcome) rows.push(...row("final loss", formatNumber(run.final.loss)));
    return rows;
  }
  rows.push(
    ...row(
      "ideal line",
      lineWords(theory.optimum.w, theory.optimum.b),
      `best loss ${formatNumber(theory.optimum.loss)}`,
    ),
  );
  rows.push(
    ...row(
      "curvature",
      `λmax ${formatNumber(theory.lambdaMax)}, λmin ${formatNumber(theory.lambdaMin)}`,
      `condition number ${Number.isFinite(theory.conditionNumber) ? formatConditionNumber(theory.conditionNumber) : "∞ (all x equal)"}`,
    ),
  );
  const critical = verdict.criticalLearningRate;
  // The rates of the rows, told apart and with the digits of the rate the verdict offers to type.
  const typed = verdict.fastest ? [verdict.fastest.learningRate] : [];
  const shown = [
    critical ?? theory.criticalLearningRate,
    verdict.overshootLearningRate ?? 1,
    verdict.fastest?.learningRate ?? 1,
    theory.optimalLearningRate,
    rate,
    verdict.peakLearningRate ?? rate,
  ];
  const [criticalText, overshootText, fastestText, optimalText, rateText, peakText] = formatRates(
    shown,
    typed,
  );
  if (critical === null) {
    rows.push(
      ...row(
        "critical rate",
        `none for ${run.config.optimizer}`,
        `it rescales each step by the gradients' size (plain gradient descent: ${criticalText})`,
      ),
    );
  } else {
    rows.push(
      ...row(
        "critical rate",
        `${criticalText} = ${verdict.criticalFormula}`,
        verdict.criticalIsExact
          ? "above it each step overshoots further"
          : "it bounds the average step; mini-batch noise can blow a run up below it",
      ),
    );
  }
  if (verdict.overshootLearningRate !== null) {
    rows.push(...row("overshoot", `above ${overshootText}`, "each step jumps across the minimum"));
  }
  if (verdict.fastest) {
    rows.push(
      ...row(
        "fastest rate",
        fastestText as string,
        `from this start: ${closenessWords(verdict)} in ${formatSteps(verdict.fastest.steps)}`,
      ),
    );
  }
  // Plain gradient descent's best worst-case rate: it does not apply to momentum or adaptive optimizers.
  if (verdict.fastest) {
    rows.push(
      ...row(
        "best worst-case",
        `${optimalText} = ${theory.optimalFormula}`,
        bestWorstCaseMeaning(theory.optimalFormula),
      ),
    );
  }
  if (verdict.momentumPair) {
    const nesterov = run.config.optimizerArgs.nesterov === true;
    rows.push(
      ...row(
        "best pair",
        `rate ${formatExact(verdict.momentumPair.learningRate)}, momentum ${formatExact(verdict.momentumPair.momentum)}`,
        nesterov ? "Nesterov's optimal tuning for this data" : "Polyak's optimal heavy ball for this data",
      ),
    );
  }
  const changing = run.config.schedule !== "constant";
  const start =
    critical !== null ? `${rateText} = ${formatRatio(rate / critical)} critical` : (rateText as string);
  const path =
    changing && critical !== null && verdict.exceededBoundAt !== null
      ? `; up to ${peakText}, above the bound from step ${verdict.exceededBoundAt}${verdict.crossedBoundAt !== null ? `, back below from step ${verdict.crossedBoundAt}` : ""}${againWords(verdict)}`
      : "";
  rows.push(
    ...row(
      changing ? "your rate, first" : "your rate",
      `${start}${path}`,
      outcome
        ? `(${changing ? "at the end: " : ""}${REGIME_WORDS[verdict.regime]}${verdict.regimeBasis === "trajectory" ? ", read from the run" : ""})`
        : "(what it does: press Play or Step)",
    ),
  );
  if (theory.degenerate)
    rows.push(...row("note", "all x are equal:", "every line through the mean point fits"));
  return rows;
}

/** The dynamics, as the regime module names them (core/regime.ts). */
const REGIME_WORDS = {
  converging: "converging: each step approaches from one side",
  oscillating: "oscillating: each step jumps across the minimum",
  diverging: "diverging: each jump is longer than the last",
} as const;

/**
 * ", above again from step 73 to the end", ", above again 2 more times, the last from step 60 to the end": a
 * schedule that rose above the bound more than once.
 */
function againWords(verdict: RunResult["verdict"]): string {
  const last = verdict.lastExcursion;
  if (verdict.boundExcursions < 2 || last === null) return "";
  // With three or more, the steps between are not listed: "the last time" says that some were skipped.
  const again =
    verdict.boundExcursions > 2
      ? `, above again ${verdict.boundExcursions - 1} more times, the last from step ${last.from}`
      : `, above again from step ${last.from}`;
  return `${again}${last.to === null ? " to the end" : `, below for good from step ${last.to}`}`;
}
