/**
 * Each schedule's formula in JavaScript, as the Keras class (or the paper's / PyTorch's class) computes it
 * from `optimizer.iterations`, over an object of its arguments under their Keras names. The same formulas
 * as src/core/schedules, written for a reader of the script.
 */
import type { ExportPlan } from "../../core/export/export-plan.js";
import { jsLiteral } from "./script-words.js";

const FORMULAS: Readonly<Record<ExportPlan["schedule"]["name"], string>> = {
  constant: `// A float learning_rate: the same rate at every step.
function learningRateAt(step) {
  return LEARNING_RATE;
}`,
  exponential: `// keras.optimizers.schedules.ExponentialDecay: lr = initial_learning_rate · decay_rate^p,
//   p = step / decay_steps (floor(p) with staircase)
function learningRateAt(step) {
  const { initial_learning_rate, decay_steps, decay_rate, staircase } = SCHEDULE;
  const p = step / decay_steps;
  return initial_learning_rate * decay_rate ** (staircase ? Math.floor(p) : p);
}`,
  piecewise: `// keras.optimizers.schedules.PiecewiseConstantDecay: values[i] for boundaries[i−1] < step ≤ boundaries[i]
function learningRateAt(step) {
  const { boundaries, values } = SCHEDULE;
  let i = 0;
  while (i < boundaries.length && step > boundaries[i]) i++;
  return values[i];
}`,
  polynomial: `// keras.optimizers.schedules.PolynomialDecay:
//   lr = (initial_learning_rate − end_learning_rate) · (1 − s / D)^power + end_learning_rate,
//   s = min(step, decay_steps), D = decay_steps; with cycle, s = step and D = decay_steps · ceil(step / decay_steps)
function learningRateAt(step) {
  const { initial_learning_rate, decay_steps, end_learning_rate, power, cycle } = SCHEDULE;
  const period = cycle ? decay_steps * (step === 0 ? 1 : Math.ceil(step / decay_steps)) : decay_steps;
  const s = cycle ? step : Math.min(step, decay_steps);
  return (initial_learning_rate - end_learning_rate) * (1 - s / period) ** power + end_learning_rate;
}`,
  "inverse-time": `// keras.optimizers.schedules.InverseTimeDecay: lr = initial_learning_rate / (1 + decay_rate · p),
//   p = step / decay_steps (floor(p) with staircase)
function learningRateAt(step) {
  const { initial_learning_rate, decay_steps, decay_rate, staircase } = SCHEDULE;
  const p = step / decay_steps;
  return initial_learning_rate / (1 + decay_rate * (staircase ? Math.floor(p) : p));
}`,
  cosine: `// keras.optimizers.schedules.CosineDecay:
//   decayed(s, from) = from · ((1 − alpha) · ½(1 + cos(π · s / decay_steps)) + alpha);
//   without warmup_target: decayed(min(step, decay_steps), initial_learning_rate); with it, a linear warmup
//   from initial_learning_rate to warmup_target over warmup_steps, then decayed(s − warmup_steps, warmup_target)
function learningRateAt(step) {
  const { initial_learning_rate, decay_steps, alpha, warmup_target, warmup_steps } = SCHEDULE;
  const decayed = (s, from) => from * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * s) / decay_steps)) + alpha);
  if (warmup_target === null) return decayed(Math.min(step, decay_steps), initial_learning_rate);
  const s = Math.min(step, warmup_steps + decay_steps);
  return s < warmup_steps
    ? initial_learning_rate + ((warmup_target - initial_learning_rate) * s) / warmup_steps
    : decayed(s - warmup_steps, warmup_target);
}`,
  "cosine-restarts": `// keras.optimizers.schedules.CosineDecayRestarts: f = step / first_decay_steps; restart i and progress f
//   within it (periods t_mul times longer each time); lr = initial_learning_rate ·
//   ((1 − alpha) · ½ · m_mul^i · (1 + cos(π · f)) + alpha)
function learningRateAt(step) {
  const { initial_learning_rate, first_decay_steps, t_mul, m_mul, alpha } = SCHEDULE;
  const fraction = step / first_decay_steps;
  let restart;
  let progress;
  if (t_mul === 1) {
    restart = Math.floor(fraction);
    progress = fraction - restart;
  } else {
    // Σ_{j<i} t_mul^j periods come before restart i; the while loops make i the exact floor Keras means
    // where the logarithm lands a hair below an integer.
    const periodsBefore = (i) => (1 - t_mul ** i) / (1 - t_mul);
    restart = Math.floor(Math.log(1 - fraction * (1 - t_mul)) / Math.log(t_mul));
    while (periodsBefore(restart + 1) <= fraction) restart++;
    while (restart > 0 && periodsBefore(restart) > fraction) restart--;
    progress = (fraction - periodsBefore(restart)) / t_mul ** restart;
  }
  return initial_learning_rate * ((1 - alpha) * 0.5 * m_mul ** restart * (1 + Math.cos(Math.PI * progress)) + alpha);
}`,
  step: `// PyTorch StepLR: lr = initial_learning_rate · gamma^floor(step / step_size)
function learningRateAt(step) {
  const { initial_learning_rate, step_size, gamma } = SCHEDULE;
  return initial_learning_rate * gamma ** Math.floor(step / step_size);
}`,
  cyclical: `// Smith's cyclical rate (TF Addons CyclicalLearningRate): cycle = floor(1 + step / (2·step_size)),
//   x = |step / step_size − 2·cycle + 1|, lr = initial + (maximal − initial) · max(0, 1 − x) · scale, where
//   scale is 1 (triangular), 1/2^(cycle − 1) (triangular2) or gamma^step (exp_range)
function learningRateAt(step) {
  const { initial_learning_rate, maximal_learning_rate, step_size, mode, gamma } = SCHEDULE;
  const cycle = Math.floor(1 + step / (2 * step_size));
  const x = Math.abs(step / step_size - 2 * cycle + 1);
  const scale = mode === "triangular" ? 1 : mode === "triangular2" ? 1 / 2 ** (cycle - 1) : gamma ** step;
  return initial_learning_rate + (maximal_learning_rate - initial_learning_rate) * Math.max(0, 1 - x) * scale;
}`,
  "one-cycle": `// PyTorch OneCycleLR (the rate only): from max/div_factor up to max by step pct_start·total_steps − 1,
//   then down to max/div_factor/final_div_factor at step total_steps − 1 (three_phase: down to the start
//   first); each phase anneals by cos or linearly; past the cycle the final rate holds.
function learningRateAt(step) {
  const { max_learning_rate: top, total_steps, pct_start, anneal_strategy, div_factor, final_div_factor, three_phase } =
    SCHEDULE;
  const initial = top / div_factor;
  const lowest = initial / final_div_factor;
  const phases = three_phase
    ? [
        { end: pct_start * total_steps - 1, from: initial, to: top },
        { end: 2 * pct_start * total_steps - 2, from: top, to: initial },
        { end: total_steps - 1, from: initial, to: lowest },
      ]
    : [
        { end: pct_start * total_steps - 1, from: initial, to: top },
        { end: total_steps - 1, from: top, to: lowest },
      ];
  const anneal =
    anneal_strategy === "cos"
      ? (from, to, pct) => to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (from, to, pct) => (to - from) * pct + from;
  const s = Math.min(step, total_steps - 1);
  let i = 0;
  let start = 0;
  while (i < phases.length - 1 && s > phases[i].end) {
    start = phases[i].end;
    i++;
  }
  const span = phases[i].end - start;
  return anneal(phases[i].from, phases[i].to, span === 0 ? 1 : (s - start) / span);
}`,
};

/** The schedule's arguments (Keras names) and its `learningRateAt(step)` function. */
export function jsSchedule(plan: ExportPlan): string {
  const { schedule } = plan;
  if (schedule.name === "constant") {
    return `const LEARNING_RATE = ${jsLiteral(plan.learningRate)};\n${FORMULAS.constant}`;
  }
  const entries = schedule.args.map((arg) => `  ${arg.keras}: ${jsLiteral(arg.value)},`);
  if (schedule.name === "cosine" && !schedule.args.some((arg) => arg.key === "warmupTarget")) {
    entries.push("  warmup_target: null, // Keras's None: no warmup");
  }
  return `const SCHEDULE = {\n${entries.join("\n")}\n};\n${FORMULAS[schedule.name]}`;
}
