/**
 * The schedule of a Keras script: a `keras.optimizers.schedules` class where Keras has one (its own
 * argument names, checked against keras.io/api/optimizers/learning_rate_schedules), otherwise a small
 * `LearningRateSchedule` subclass with the formula in `keras.ops`, so that it traces inside `model.fit`.
 */
import type { ExportPlan } from "../../core/export/export-plan.js";
import { pyLiteral, pythonArguments } from "./script-words.js";

/** lrlab's schedules that Keras lacks, as LearningRateSchedule subclasses (Python source). */
const CUSTOM_CLASSES: Readonly<Record<string, string>> = {
  step: `class StepLR(keras.optimizers.schedules.LearningRateSchedule):
    """PyTorch's StepLR as a Keras schedule: lr = initial_learning_rate · gamma^floor(step / step_size)."""

    def __init__(self, initial_learning_rate, step_size, gamma=0.1):
        self.initial_learning_rate = initial_learning_rate
        self.step_size = step_size
        self.gamma = gamma

    def __call__(self, step):
        step = ops.cast(step, "float64")
        return self.initial_learning_rate * ops.power(self.gamma, ops.floor(step / self.step_size))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "step_size": self.step_size, "gamma": self.gamma}`,
  cyclical: `class CyclicalLearningRate(keras.optimizers.schedules.LearningRateSchedule):
    """Smith's cyclical rate (TF Addons' CyclicalLearningRate): cycle = floor(1 + step / (2·step_size)),
    x = |step / step_size − 2·cycle + 1|, lr = initial + (maximal − initial) · max(0, 1 − x) · scale, where
    scale is 1 (triangular), 1/2^(cycle − 1) (triangular2) or gamma^step (exp_range)."""

    def __init__(self, initial_learning_rate, maximal_learning_rate, step_size, mode="triangular", gamma=1.0):
        self.initial_learning_rate = initial_learning_rate
        self.maximal_learning_rate = maximal_learning_rate
        self.step_size = step_size
        self.mode = mode
        self.gamma = gamma

    def __call__(self, step):
        step = ops.cast(step, "float64")
        cycle = ops.floor(1 + step / (2 * self.step_size))
        x = ops.abs(step / self.step_size - 2 * cycle + 1)
        if self.mode == "triangular":
            scale = 1.0
        elif self.mode == "triangular2":
            scale = 1 / ops.power(2.0, cycle - 1)
        else:
            scale = ops.power(self.gamma, step)
        span = self.maximal_learning_rate - self.initial_learning_rate
        return self.initial_learning_rate + span * ops.maximum(0.0, 1 - x) * scale

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "maximal_learning_rate": self.maximal_learning_rate,
            "step_size": self.step_size,
            "mode": self.mode,
            "gamma": self.gamma,
        }`,
  "one-cycle": `class OneCycleLR(keras.optimizers.schedules.LearningRateSchedule):
    """PyTorch's OneCycleLR (the rate only) as a Keras schedule: from max/div_factor up to max by step
    pct_start·total_steps − 1, then down to max/div_factor/final_div_factor at step total_steps − 1
    (three_phase: back down to the start first); cos or linear annealing; past the cycle the final rate holds."""

    def __init__(self, max_learning_rate, total_steps, pct_start=0.3, anneal_strategy="cos",
                 div_factor=25.0, final_div_factor=1e4, three_phase=False):
        self.max_learning_rate = max_learning_rate
        self.total_steps = total_steps
        self.pct_start = pct_start
        self.anneal_strategy = anneal_strategy
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor
        self.three_phase = three_phase

    def phases(self):
        top = self.max_learning_rate
        initial = top / self.div_factor
        lowest = initial / self.final_div_factor
        end = self.pct_start * self.total_steps - 1
        if self.three_phase:
            return [(end, initial, top), (2 * self.pct_start * self.total_steps - 2, top, initial),
                    (self.total_steps - 1, initial, lowest)]
        return [(end, initial, top), (self.total_steps - 1, top, lowest)]

    def anneal(self, start, end, pct):
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2 * (ops.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def __call__(self, step):
        s = ops.minimum(ops.cast(step, "float64"), self.total_steps - 1)
        phases = self.phases()
        # The first phase whose end step s has not passed (the last phase otherwise), built from the last.
        rate = None
        for i in reversed(range(len(phases))):
            begin = phases[i - 1][0] if i > 0 else 0.0
            end, start_rate, end_rate = phases[i]
            span = end - begin
            # A phase of zero length gives its end rate (PyTorch divides by zero there).
            pct = 1.0 if span == 0 else (s - begin) / span
            phase_rate = self.anneal(start_rate, end_rate, pct)
            rate = phase_rate if rate is None else ops.where(s <= end, phase_rate, rate)
        return rate

    def get_config(self):
        return {
            "max_learning_rate": self.max_learning_rate,
            "total_steps": self.total_steps,
            "pct_start": self.pct_start,
            "anneal_strategy": self.anneal_strategy,
            "div_factor": self.div_factor,
            "final_div_factor": self.final_div_factor,
            "three_phase": self.three_phase,
        }`,
};

/** The Python that defines (if need be) and builds the learning rate: a float or a schedule object. */
export function pythonSchedule(plan: ExportPlan): { definitions: string; value: string } {
  const { schedule } = plan;
  if (schedule.name === "constant") return { definitions: "", value: pyLiteral(plan.learningRate) };
  const args = pythonArguments(schedule.args);
  if (schedule.inKeras) {
    return { definitions: "", value: `keras.optimizers.schedules.${schedule.className}(${args})` };
  }
  const definition = CUSTOM_CLASSES[schedule.name];
  if (definition === undefined) throw new Error(`no Keras schedule class for ${schedule.name}`);
  return { definitions: `\n${definition}\n\n\n`, value: `${schedule.className}(${args})` };
}
