/**
 * The race's settings as a ParamSpec table, so that they go into the URL, the defaults and the checks the
 * way every optimizer argument does (lab-state.ts has one `args` row for them): how many lanes, and per
 * lane an optimizer and a rate, where rate 0 means "the theory's rate for this lane" (too small, good,
 * jumps around, jumps out: see lab-race.ts).
 */
import { OPTIMIZER_NAMES, type OptimizerCliName, type ParamSpec, type ParamValue } from "../core/index.js";

/** At most this many lanes race. */
export const MAX_LANES = 4;

/** What one lane runs: an optimizer at a rate (0: the theory's rate for the lane). */
export interface RaceLaneSetting {
  readonly optimizer: OptimizerCliName;
  readonly learningRate: number;
}

const laneNumbers = Array.from({ length: MAX_LANES }, (_, i) => i + 1);

/** lanes, then lane1-optimizer, lane1-lr, lane2-optimizer, … (URL parameters are the flags). */
export const raceLaneParams: readonly ParamSpec[] = [
  {
    key: "lanes",
    keras: "lanes",
    flag: "lanes",
    kind: "integer",
    default: MAX_LANES,
    min: 1,
    max: MAX_LANES,
    description: "how many lanes race",
  },
  ...laneNumbers.flatMap((lane): ParamSpec[] => [
    {
      key: `optimizer${lane}`,
      keras: `lane ${lane} optimizer`,
      flag: `lane${lane}-optimizer`,
      kind: "choice",
      choices: OPTIMIZER_NAMES,
      default: "sgd",
      description: `lane ${lane}'s optimizer`,
    },
    {
      key: `lr${lane}`,
      keras: `lane ${lane} rate`,
      flag: `lane${lane}-lr`,
      kind: "number",
      default: 0,
      min: 0,
      max: 1e6,
      description: `lane ${lane}'s learning rate (0: the theory's)`,
    },
  ]),
];

/** The lanes that race, in order, from the race's arguments (defaults filled in by the URL codec). */
export function raceLanesOf(args: Readonly<Record<string, ParamValue>>): RaceLaneSetting[] {
  const count = Math.min(MAX_LANES, Math.max(1, Number(args.lanes ?? MAX_LANES)));
  return laneNumbers.slice(0, count).map((lane) => ({
    optimizer: (args[`optimizer${lane}`] ?? "sgd") as OptimizerCliName,
    learningRate: Number(args[`lr${lane}`] ?? 0),
  }));
}
