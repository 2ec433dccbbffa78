/**
 * `lrlab plot schedule`: the learning rate against step for a schedule (`--schedule cosine` with its Keras
 * flags), or several families side by side (`--compare exponential,cosine,one-cycle`).
 *
 * A schedule is a function of the step, drawn exactly. ReduceLROnPlateau (`plateau`) is not: it lowers
 * the rate when the loss stops improving, so it is drawn from a run on the data (all the fit flags apply).
 *
 * With `--compare`, each family is drawn from `--lr` (η, default the optimizer's) over `--steps` (N,
 * default 100) with arguments derived from them (see {@link COMPARE_ARGUMENTS}); to set a family's
 * arguments, plot it alone with `--schedule`.
 */
import { reduceLROnPlateau } from "../../core/callbacks/reduce-lr-on-plateau.js";
import { LrlabError } from "../../core/errors.js";
import type { ParamValue } from "../../core/params.js";
import {
  SCHEDULE_NAMES,
  SCHEDULES,
  type ScheduleName,
  scheduleEntry,
} from "../../core/schedules/registry.js";
import type { Schedule } from "../../core/schedules/schedule.js";
import { DEFAULT_STEPS, type TrainOptions, train } from "../../core/training/train.js";
import type { ScheduleCurve } from "../../render/figures/schedule.js";
import { SERIES } from "../../render/theme.js";
import { SCHEDULE_ARGUMENT_FLAGS } from "../commands/find-lr.js";
import { formatCount, formatNumber } from "../format.js";
import { kerasArguments } from "../keras-words.js";
import { addRunOptions, flagName, type RunSetup, runSetupFrom } from "../run-options.js";
import { dataDescription } from "./loss-plot.js";
import { addRefusedModelOptions, refuseAnyModel } from "./model-refusals.js";
import type { PlotKind } from "./plot-kind.js";

/** Above this many steps the schedule is drawn from this many evenly spaced steps (sub-pixel apart). */
const MAX_POINTS = 4000;

/**
 * The arguments each family gets under `--compare`, from the rate η and the steps N, so that every
 * family starts (or peaks) at η and plays out over the N steps:
 * - constant: η;
 * - exponential: decay_steps N/4, decay_rate 0.5 (halves every quarter: η/16 at the end);
 * - piecewise: boundaries N/3 and 2N/3, values η, η/10, η/100;
 * - polynomial: decay_steps N, down to Keras's end_learning_rate 1e-4 (η/100 if η ≤ 1e-4), linear;
 * - inverse-time: decay_steps N/10, decay_rate 1 (η/11 at the end);
 * - cosine: decay_steps N, down to 0;
 * - cosine-restarts: first_decay_steps N/7, so its periods N/7, 2N/7, 4N/7 (t_mul 2) fill the N steps;
 * - step: step_size N/4, gamma 0.1 (η/1000 at the end);
 * - cyclical: from η/10 up to η, step_size N/4 (two triangular cycles);
 * - one-cycle: max_lr η, total_steps N (PyTorch's other defaults);
 * - plateau: Keras's defaults (factor 0.1, patience 10), on a run on the data.
 * Step counts are rounded to whole steps, at least 1.
 */
export const COMPARE_ARGUMENTS: Readonly<
  Record<ScheduleName, (rate: number, steps: number) => { rate: number; args: Record<string, ParamValue> }>
> = {
  constant: (rate) => ({ rate, args: {} }),
  exponential: (rate, steps) => ({ rate, args: { decaySteps: whole(steps / 4), decayRate: 0.5 } }),
  piecewise: (rate, steps) => ({
    rate,
    args: {
      boundaries: [whole(steps / 3), Math.max(whole(steps / 3) + 1, whole((2 * steps) / 3))],
      values: [rate, rate / 10, rate / 100],
    },
  }),
  polynomial: (rate, steps) => ({
    rate,
    args: { decaySteps: whole(steps), ...(rate > 1e-4 ? {} : { endLearningRate: rate / 100 }) },
  }),
  "inverse-time": (rate, steps) => ({ rate, args: { decaySteps: whole(steps / 10), decayRate: 1 } }),
  cosine: (rate, steps) => ({ rate, args: { decaySteps: whole(steps) } }),
  "cosine-restarts": (rate, steps) => ({ rate, args: { firstDecaySteps: whole(steps / 7) } }),
  step: (rate, steps) => ({ rate, args: { stepSize: whole(steps / 4) } }),
  cyclical: (rate, steps) => ({
    rate: rate / 10,
    args: { maximalLearningRate: rate, stepSize: whole(steps / 4) },
  }),
  "one-cycle": (rate, steps) => ({ rate, args: { totalSteps: whole(steps) } }),
  plateau: (rate) => ({ rate, args: {} }),
};

export const schedulePlot: PlotKind = {
  name: "schedule",
  description:
    "learning rate against step for a schedule (--schedule NAME and its Keras flags) or several to compare (--compare a,b,c)",
  configure(command) {
    addRunOptions(command);
    command
      .option(
        "--compare <names>",
        `schedules to draw side by side, e.g. exponential,cosine,one-cycle; each from --lr over --steps (default ${DEFAULT_STEPS}) with arguments derived from them (exponential halves every N/4 steps, piecewise drops ×0.1 at N/3 and 2N/3, cosine decays over N, one-cycle peaks at --lr, cyclical runs from lr/10 to lr in two cycles, …)`,
      )
      .option("--log", "a log scale for the rate");
    const steps = command.options.find((option) => option.long === "--steps");
    if (steps) {
      steps.description = `steps to draw (default: the schedule's whole length: one-cycle's total_steps, cosine's decay_steps and warmup, three restarts, four decay periods, …; ${DEFAULT_STEPS} with --compare)`;
    }
    addRefusedModelOptions(command);
  },
  async build(options, io, environment) {
    refuseAnyModel(
      options,
      (flag) =>
        `plot schedule draws the learning rate against step, the same for every model (ReduceLROnPlateau's from a run of the line): drop ${flag}`,
    );
    const compare = typeof options.compare === "string" ? compareNames(options.compare) : null;
    if (compare) refuseWithCompare(options);
    const { compare: _compare, log: _log, ...runFlags } = options;
    const setup = await runSetupFrom(runFlags, io);
    const n = setup.data.x.length;
    const given = setup.trainOptions.steps ?? stepsOfEpochs(setup);
    const log = options.log === true;
    const usesData = compare ? compare.includes("plateau") : setup.plateau !== null;
    let curves: ScheduleCurve[];
    let steps: number;
    let subtitle: string[];
    if (compare) {
      steps = given ?? DEFAULT_STEPS;
      curves = compare.map((name) => {
        const { rate, args } = COMPARE_ARGUMENTS[name](setup.learningRate, steps);
        return {
          label: name,
          description: kerasCall(name, rate, args),
          ...(name === "plateau"
            ? plateauRates(setup, rate, steps, args)
            : sampled(
                SCHEDULES[name].kind === "schedule" ? createFamily(name, args, rate) : () => rate,
                steps,
              )),
        };
      });
      subtitle = [
        `each from rate ${formatNumber(setup.learningRate)} over ${formatCount(steps)} steps, its arguments derived from them (key below)`,
      ];
    } else {
      const { name, args } = setup.schedule;
      const natural = naturalLength(name as ScheduleName, args);
      steps = given ?? (natural === undefined ? DEFAULT_STEPS : roundUp(natural));
      const rate = setup.learningRate;
      const rest = withoutRate(name as ScheduleName, args);
      const curve =
        setup.plateau !== null
          ? plateauRates(setup, rate, steps, rest)
          : sampled(
              typeof setup.trainOptions.learningRate === "function"
                ? setup.trainOptions.learningRate
                : () => rate,
              steps,
            );
      const call = kerasCall(name as ScheduleName, rate, rest);
      curves = [{ label: name, description: call, ...curve }];
      const final = curve.rates[curve.rates.length - 1] as number;
      // The title names the class; the subtitle gives its arguments, as in the call.
      subtitle =
        name === "constant"
          ? [`rate ${formatNumber(rate)} at every step`]
          : [call.slice(call.indexOf("(") + 1, -1), `final rate ${formatNumber(final)}`];
      if (setup.plateau !== null) {
        subtitle.push(
          `from a run on the data (${n === Math.min(setup.trainOptions.batchSize ?? n, n) ? "full batch" : "mini-batches"})`,
        );
      }
    }
    const { scheduleFigure } = await import("../../render/figures/schedule.js");
    const figure = scheduleFigure(environment, {
      curves,
      totalSteps: steps,
      log,
      ...(compare
        ? {}
        : {
            title: `Learning rate against step: ${setup.schedule.name === "constant" ? "a constant rate" : setup.schedule.className}`,
          }),
      subtitle: subtitle.join(" · "),
      // Only ReduceLROnPlateau looks at the data.
      ...(usesData ? { description: dataDescription(setup) } : {}),
    });
    return { figure, inputs: setup.inputs };
  },
};

/** A step count rounded up to two significant digits, for a round end to the axis: 242 → 250. */
function roundUp(steps: number): number {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(steps)) - 1);
  return Math.ceil(steps / unit) * unit;
}

/** Rounds up, forgiving the last bit of a product: 200 × 1.1 is 220, not 221. */
function ceil(value: number): number {
  return Math.ceil(value - 1e-9 * Math.abs(value));
}

function whole(value: number): number {
  return Math.max(1, Math.round(value));
}

/** The names in `--compare`, each a known schedule, in the order given, without repeats. */
function compareNames(text: string): ScheduleName[] {
  const names = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (names.length === 0) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--compare: expected schedule names separated by commas, e.g. exponential,cosine; one of ${SCHEDULE_NAMES.join(", ")}`,
    );
  }
  for (const name of names) scheduleEntry(name);
  const unique = [...new Set(names)] as ScheduleName[];
  if (unique.length > SERIES.length) {
    throw new LrlabError(
      "E_BAD_ARGUMENT",
      `--compare: at most ${SERIES.length} schedules fit in one figure (one colour each), got ${unique.length}`,
    );
  }
  return unique;
}

/** Under `--compare` the arguments are derived; a schedule or its arguments given by hand would be ignored. */
function refuseWithCompare(options: Readonly<Record<string, unknown>>): void {
  if (options.schedule !== undefined) {
    throw new LrlabError("E_USAGE", "--compare and --schedule: give one or the other, not both");
  }
  for (const flag of SCHEDULE_ARGUMENT_FLAGS) {
    const attribute = flag.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    if (options[attribute] !== undefined) {
      throw new LrlabError(
        "E_USAGE",
        `--${flag} does not apply to --compare, which derives each family's arguments from --lr and --steps; plot one schedule with --schedule to set them`,
      );
    }
  }
}

function stepsOfEpochs(setup: RunSetup): number | undefined {
  const { epochs, batchSize } = setup.trainOptions;
  if (epochs === undefined) return undefined;
  const n = setup.data.x.length;
  return epochs * Math.ceil(n / Math.min(batchSize ?? n, n));
}

/**
 * How many steps show a schedule whole, when `--steps` is not given: one-cycle's cycle, cosine's decay
 * (and warmup), three periods of restarts, two cycles of cyclical, four decay periods of the stepwise
 * decays, ten of inverse-time, and past the last boundary of piecewise.
 */
function naturalLength(name: ScheduleName, args: Readonly<Record<string, ParamValue>>): number | undefined {
  const number = (key: string) => (typeof args[key] === "number" ? (args[key] as number) : undefined);
  const times = (key: string, factor: number) => {
    const value = number(key);
    return value === undefined ? undefined : ceil(value * factor);
  };
  switch (name) {
    case "one-cycle":
      return number("totalSteps");
    case "cosine":
      return times("decaySteps", 1.1) === undefined
        ? undefined
        : ceil(((number("decaySteps") as number) + (number("warmupSteps") ?? 0)) * 1.1);
    case "polynomial":
      return times("decaySteps", args.cycle === true ? 3 : 1.2);
    case "cosine-restarts": {
      const first = number("firstDecaySteps");
      const tMul = number("tMul") ?? 2;
      return first === undefined ? undefined : ceil(first * (1 + tMul + tMul * tMul));
    }
    case "cyclical":
      return times("stepSize", 4);
    case "exponential":
      return times("decaySteps", 4);
    case "step":
      return times("stepSize", 4);
    case "inverse-time":
      return times("decaySteps", 10);
    case "piecewise": {
      const boundaries = args.boundaries;
      return Array.isArray(boundaries) && boundaries.length > 0
        ? ceil((boundaries.at(-1) as number) * 1.5)
        : undefined;
    }
    default:
      return undefined;
  }
}

/** The setup's schedule arguments without the rate argument `--lr` filled (it is passed apart). */
function withoutRate(
  name: ScheduleName,
  args: Readonly<Record<string, ParamValue>>,
): Record<string, ParamValue> {
  const entry = SCHEDULES[name];
  const rateKey = entry.kind === "schedule" && name !== "constant" ? entry.rateKey : "learningRate";
  const rest: Record<string, ParamValue> = { ...args };
  if (rateKey !== undefined) delete rest[rateKey];
  return rest;
}

function createFamily(
  name: ScheduleName,
  args: Readonly<Record<string, ParamValue>>,
  rate: number,
): Schedule {
  const entry = SCHEDULES[name];
  if (entry.kind !== "schedule") throw new Error(`${name} is not a per-step schedule`);
  return entry.create(args, rate, flagName);
}

/**
 * The rates of the N updates, steps 0 … N − 1 (or MAX_POINTS of them, evenly spaced, when N is larger),
 * and the last one again at step N, where it stops being used: the rate at N itself drives no update.
 */
function sampled(schedule: Schedule, steps: number): { steps: Float64Array; rates: Float64Array } {
  const count = Math.max(1, Math.min(steps, MAX_POINTS));
  const at = new Float64Array(count + 1);
  const rates = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) {
    const step = count === steps ? i : Math.round((i * (steps - 1)) / (count - 1));
    at[i] = step;
    rates[i] = schedule(step);
  }
  at[count] = steps;
  rates[count] = rates[count - 1] as number;
  return { steps: at, rates };
}

/** ReduceLROnPlateau's rates, as they happen in a run on the data with the setup's other options. */
function plateauRates(
  setup: RunSetup,
  rate: number,
  steps: number,
  args: Readonly<Record<string, ParamValue>>,
): { steps: Float64Array; rates: Float64Array } {
  const options: TrainOptions = {
    ...setup.trainOptions,
    learningRate: rate,
    rateCallback: setup.plateau ?? reduceLROnPlateau(args),
    steps,
    historyEvery: Math.max(1, Math.ceil(steps / MAX_POINTS)),
  };
  delete options.epochs;
  const run = train(setup.data, options, flagName);
  return { steps: run.history.step, rates: run.history.learningRate };
}

/** A Keras-style call with the arguments as used: the rate argument first, then the rest. */
function kerasCall(name: ScheduleName, rate: number, args: Readonly<Record<string, ParamValue>>): string {
  const entry = SCHEDULES[name];
  if (name === "constant") return `constant rate ${formatNumber(rate)}`;
  const parts: string[] = [];
  if (entry.kind === "callback") parts.push(`initial rate ${formatNumber(rate)}`);
  else if (entry.rateKey !== undefined) {
    parts.push(
      `${entry.rateKey === "maxLearningRate" ? "max_lr" : "initial_learning_rate"}=${formatNumber(rate)}`,
    );
  }
  parts.push(...kerasArguments(entry.params, args, { format: formatValue }));
  return `${entry.className}(${parts.join(", ")})`;
}

function formatValue(value: ParamValue): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value)) return `[${value.map((item) => formatNumber(item)).join(", ")}]`;
  return JSON.stringify(value);
}
