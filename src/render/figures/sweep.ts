/**
 * A learning-rate sweep: the final loss of each run against its rate (log x, log y), each point coloured
 * by the lesson's outcome (too small, good, jumps around, jumps out, …) over faint bands of the same colours, the
 * best rate and the critical rate (2/λmax, where the theory applies) as labelled vertical rules, and the
 * optimum loss as a horizontal one.
 *
 * Diverged runs end a million times above their start; as in the loss figure, their final losses go to a
 * compressed band above the chart, across a gap, so that the losses of the other runs keep the chart.
 *
 * A model's sweep (`lrlab plot sweep --model …`) colours each run by its regime instead (a network's runs
 * have no lesson outcome: its best loss is unknown), says whether the critical rate is exact or measured
 * at the start, and rings the runs that went above the measured bound without blowing up (the edge of
 * stability, as the model verdict and the command's table call it).
 */
import * as Plot from "@observablehq/plot";
import type { SweepBoundary, SweepResult } from "../../core/choosing/sweep.js";
import { OUTCOMES, type Outcome } from "../../core/judging/verdict.js";
import { REGIMES, type Regime } from "../../core/theory/regime.js";
import { type Figure, frame, type RenderEnvironment } from "../frame.js";
import { hasRate, LOCAL_BOUND_CAVEAT, localBoundLabel } from "../local-bound-words.js";
import { formatNumber } from "../numbers.js";
import { OKABE_ITO, THEME } from "../theme.js";
import { OUTCOME_WORDS } from "../verdict-words.js";
import {
  cutLine,
  describe,
  formatRate,
  type LegendEntry,
  legendPanel,
  optimumMarks,
  PANEL_STYLE,
  textColor,
  textWidth,
} from "./annotations.js";
import {
  decadesBetween,
  drawableOnLog,
  formatLogTick,
  logDomain,
  logTicks,
  niceCeiling,
  shiftDecades,
  ticksOption,
} from "./log-axis.js";
import { labelEveryLogTick } from "./log-axis-labels.js";

/** One run as the figure draws it: the line's sweep runs carry the lesson's outcome, a model's do not. */
export interface SweepFigureRun {
  readonly learningRate: number;
  readonly finalLoss: number;
  readonly regime: Regime;
  readonly outcome?: Outcome | null;
  /** Stayed above the bound at the start without blowing up (a model's sweep); ringed. */
  readonly edgeOfStability?: boolean;
}

export interface SweepFigureInput {
  /** Why the best rate is the best, for the legend, e.g. "fewest steps to the optimum (12)". */
  bestReason?: string;
  /**
   * Where no rate is best (a loss with no finite minimum): the run with the lowest final loss, ringed and
   * labelled "lowest loss", never "best", with why it is not a choice, for the legend.
   */
  lowest?: { readonly run: SweepFigureRun; readonly reason: string };
  /**
   * The sweep's result, as `sweep` returns it (or `lrlab sweep --json` prints it), or a model sweep's
   * (core model-sweep.ts), whose best loss is the least-squares optimum's where it has one.
   */
  result: {
    readonly runs: readonly SweepFigureRun[];
    readonly best: SweepFigureRun | null;
    readonly boundary: SweepBoundary;
    readonly theory: { readonly optimum: { readonly loss: number } } | null;
    readonly localBound?: SweepResult["localBound"];
  };
  /**
   * What colours the points and the bands: the lesson's outcome (the line's sweep, the default) or the
   * regime, as `lrlab sweep --model` names it in its table.
   */
  colorBy?: "outcome" | "regime";
  /** Said after the critical rate in its label, e.g. "measured at the start" or "exact". */
  criticalNote?: string;
  /** A legend entry for the critical rate's dashed rule, e.g. how it stands to the measured boundary. */
  criticalLegend?: string;
  /** The loss's name for the axis, e.g. "MSE". */
  lossName: string;
  title?: string;
  /** The numbers that matter; the figure appends where the axis breaks, if it does. */
  subtitle?: string;
  /** Width of the chart in CSS pixels. */
  width?: number;
  /** More for screen readers, after the title and subtitle in the figure's <desc> (e.g. the data used). */
  description?: string;
}

/** What a point is coloured by: the lesson's outcome, or a model run's regime. */
type ColorKey = Outcome | Regime;

/** The outcomes in the lesson's order, then the regimes in the order the rate crosses them, as the legend lists them. */
const KEY_ORDER: readonly ColorKey[] = [...OUTCOMES, ...REGIMES];

/** A regime in the colour of the outcome it is nearest to (converging in blue: it need not be good). */
const REGIME_COLORS: Readonly<Record<Regime, string>> = {
  converging: OKABE_ITO.blue,
  oscillating: THEME.outcomes["jumps-around"],
  diverging: THEME.outcomes["jumps-out"],
};

const isRegime = (key: ColorKey): key is Regime => (REGIMES as readonly string[]).includes(key);
const colorOf = (key: ColorKey): string => (isRegime(key) ? REGIME_COLORS[key] : THEME.outcomes[key]);
const wordsOf = (key: ColorKey): string => (isRegime(key) ? key : OUTCOME_WORDS[key]);

const HEIGHT = 360;
const BAND_HEIGHT = 86;
const MARGIN = { top: 30, bottom: 40, left: 58, right: 24 } as const;
const TOP_UNDER_BAND = 8;

type PanelName = "main" | "band";

interface Point {
  x: number;
  /** Where the point is drawn: its final loss, or the band's top when that was not finite. */
  y: number;
  key: ColorKey;
  offScale: boolean;
}

export function sweepFigure({ document }: RenderEnvironment, input: SweepFigureInput): Figure {
  const { runs, best, boundary, theory } = input.result;
  // The ringed run: the best, or where there is none, the lowest loss named as only that.
  const ringed = best ?? input.lowest?.run ?? null;
  const ringedAs = best ? "best" : "lowest";
  const width = input.width ?? 720;
  const byRegime = input.colorBy === "regime";
  const keyOf = (run: SweepFigureRun): ColorKey => (byRegime ? run.regime : (run.outcome ?? run.regime));
  const critical = boundary.criticalLearningRate;
  // Huber's bound near the best line: drawn like the critical rate, but it does not mark where divergence
  // begins, so the bands ignore it.
  const given = input.result.localBound ?? null;
  const local = critical === null && hasRate(given) ? given : null;
  const marked = critical ?? local?.critical?.learningRate ?? null;
  const optimumLoss = theory ? theory.optimum.loss : null;
  const rates = runs.map((run) => run.learningRate);
  const xDomain = logPadded(
    [Math.min(...rates, marked ?? Number.POSITIVE_INFINITY), Math.max(...rates, marked ?? 0)],
    0.04,
  );
  const { bottom, top, bandTop } = lossScale(input.result, optimumLoss);
  const points: Point[] = runs.map((run) => {
    const finite = drawableOnLog(run.finalLoss);
    const y = finite ? Math.max(run.finalLoss, bottom) : (bandTop ?? top);
    return { x: run.learningRate, y, key: keyOf(run), offScale: !finite };
  });
  const xRange: [number, number] = [MARGIN.left, width - MARGIN.right];
  const xScale = Plot.scale({ x: { type: "log", domain: xDomain, range: xRange } });
  const xPixel = (rate: number) => xScale.apply(rate) as number;
  const x = { type: "log" as const, domain: xDomain, range: xRange };

  // Regime bands: each run owns the stretch of log rate half way to its neighbours, except where the
  // theory's critical rate lies between a run that diverged and one that did not: the data and the
  // theory agree that divergence begins there, so the diverged band does too.
  const { regions, atCritical } = regimeRegions(runs, keyOf, xDomain, critical);
  // The runs that stayed above the bound at the start without blowing up, ringed as the table notes them.
  const edgeRuns = points.filter((_, i) => runs[i]?.edgeOfStability === true);
  const panel = (name: PanelName, domain: [number, number], height: number, marginTop: number) => {
    const here = points.filter((point) => (name === "band" ? point.y > top : point.y <= top));
    const line = cutLine(points, domain[0], domain[1], true);
    return Plot.plot(
      labelEveryLogTick({
        document,
        width,
        height,
        marginTop,
        marginBottom: name === "band" ? 6 : MARGIN.bottom,
        marginLeft: MARGIN.left,
        marginRight: MARGIN.right,
        style: PANEL_STYLE,
        x:
          name === "band"
            ? { ...x, axis: null }
            : {
                ...x,
                label: "learning rate (log scale) →",
                labelAnchor: "right",
                ...ticksOption(logTicks(xDomain, 4)),
                tickFormat: formatLogTick,
              },
        y: {
          type: "log",
          domain,
          range: [height - (name === "band" ? 6 : MARGIN.bottom), marginTop],
          label:
            name === "band" || bandTop === null
              ? `↑ final loss (${input.lossName}), log scale${bandTop === null ? "" : ` · above ${formatLogTick(top)}: compressed`}`
              : null,
          ...ticksOption(logTicks(domain, name === "band" ? 2 : 3, name === "band" ? 3 : 8)),
          tickFormat: formatLogTick,
        },
        grid: true,
        marks: [
          Plot.rect(regions, {
            x1: "x1",
            x2: "x2",
            fill: (d) => colorOf(d.key as ColorKey),
            fillOpacity: 0.13,
            className: "regime-band",
          }),
          ...(name === "main" && optimumLoss !== null && optimumLoss >= domain[0] && optimumLoss <= domain[1]
            ? // Labelled at the right, where the diverged runs have left the chart to the band.
              optimumMarks(optimumLoss, "right")
            : []),
          ...rules(name),
          Plot.line(line, {
            x: "x",
            y: "y",
            stroke: THEME.residual,
            strokeWidth: 1.25,
            className: "sweep-line",
          }),
          ...(ringed && name === (ringed.finalLoss > top ? "band" : "main")
            ? [
                Plot.dot([{ x: ringed.learningRate, y: Math.max(ringed.finalLoss, bottom) }], {
                  x: "x",
                  y: "y",
                  r: 9,
                  stroke: THEME.ink,
                  strokeWidth: 1.5,
                  className: `${ringedAs}-ring`,
                }),
              ]
            : []),
          Plot.dot(
            edgeRuns.filter((point) => here.includes(point)),
            {
              x: "x",
              y: "y",
              r: 13,
              stroke: THEME.muted,
              strokeWidth: 1.5,
              strokeDasharray: "2 2",
              fill: "none",
              className: "edge-of-stability-ring",
            },
          ),
          Plot.dot(here, {
            x: "x",
            y: "y",
            r: 4.5,
            symbol: (d: Point) => (d.offScale ? "triangle" : "circle"),
            fill: (d: Point) => colorOf(d.key),
            stroke: THEME.background,
            strokeWidth: 1,
            className: "sweep-point",
          }),
        ],
      }),
    ) as unknown as SVGElement;
  };

  // The best and critical rates: rules through every panel, labels in the chart's top margin, on
  // opposite sides of their rules so that two close rates do not collide.
  const ruleSpecs = [
    ...(ringed
      ? [
          {
            rate: ringed.learningRate,
            // The lowest loss is named by its loss and its rate: "lowest loss 2.874" read as a loss.
            text: best
              ? `best ${formatRate(ringed.learningRate)}`
              : `lowest loss ${formatNumber(ringed.finalLoss, 3)} at lr ${formatRate(ringed.learningRate)}`,
            color: THEME.ink,
            dash: "",
            className: `${ringedAs}-rule`,
          },
        ]
      : []),
    ...(critical !== null
      ? [
          {
            rate: critical,
            text: `${boundary.rule ?? "critical"} = ${formatRate(critical)}${input.criticalNote ? ` (${input.criticalNote})` : ""}`,
            color: THEME.outcomes["jumps-out"],
            dash: "5 3",
            className: "critical-rule",
          },
        ]
      : hasRate(local)
        ? [
            {
              rate: local.critical.learningRate,
              text: localBoundLabel(local, formatRate(local.critical.learningRate)),
              color: THEME.outcomes["jumps-out"],
              dash: "5 3",
              className: "critical-rule",
            },
          ]
        : []),
  ].sort((a, b) => a.rate - b.rate);
  const ruleLabels = ruleSpecs.map((spec, i) => {
    const px = xPixel(spec.rate);
    const w = textWidth(spec.text, THEME.fontSize, true);
    // The left one of two reads leftwards; a label that would leave the chart turns round.
    let side = ruleSpecs.length === 2 && i === 0 ? -1 : 1;
    if (side > 0 && px + 5 + w > width - 2) side = -1;
    if (side < 0 && px - 5 - w < MARGIN.left - 8) side = 1;
    const x0 = side > 0 ? px + 5 : px - 5 - w;
    return { ...spec, side, x0, x1: x0 + w, dy: -10 };
  });
  // Two labels that still overlap (both turned the same way): the second goes up a line.
  const [first, second] = ruleLabels;
  if (first && second && first.x0 < second.x1 && second.x0 < first.x1) second.dy = -25;
  function rules(name: PanelName) {
    return ruleLabels.flatMap((spec) => [
      Plot.ruleX([spec.rate], {
        stroke: spec.color,
        strokeWidth: 1.5,
        ...(spec.dash ? { strokeDasharray: spec.dash } : {}),
        className: spec.className,
      }),
      ...(name === (bandTop === null ? "main" : "band")
        ? [
            Plot.text([spec.rate], {
              x: (d) => d,
              frameAnchor: "top",
              dy: spec.dy,
              dx: spec.side * 5,
              textAnchor: spec.side > 0 ? "start" : "end",
              text: () => spec.text,
              fill: textColor(spec.color),
              fontWeight: 600,
              className: `${spec.className}-label`,
            }),
          ]
        : []),
    ]);
  }

  const present = KEY_ORDER.filter((key) => points.some((point) => point.key === key));
  const legend: LegendEntry[] = present.map((key) => ({
    label: wordsOf(key),
    color: colorOf(key),
    symbol: "dot",
  }));
  if (points.some((point) => point.offScale)) {
    legend.push({
      label: "final loss not finite (drawn at the top)",
      color: THEME.outcomes["jumps-out"],
      symbol: "triangle",
    });
  }
  if (best) {
    const why = input.bestReason ? `: ${input.bestReason}` : "";
    legend.push({ label: `best rate (ringed)${why}`, color: THEME.ink, symbol: "line" });
  } else if (input.lowest) {
    legend.push({
      label: `lowest loss (ringed), not a best rate: ${input.lowest.reason}`,
      color: THEME.ink,
      symbol: "line",
    });
  }
  if (input.criticalLegend !== undefined && critical !== null) {
    legend.push({ label: input.criticalLegend, color: THEME.outcomes["jumps-out"], symbol: "dashed" });
  }
  if (edgeRuns.length > 0) {
    legend.push({
      // As the model verdict judges it: above the bound from the sharpness measured at the start, at the
      // end or at a tracked step, without blowing up.
      label: `edge of stability (dotted ring): above ${boundary.rule ?? "the bound"} as measured during the run, did not blow up`,
      color: THEME.muted,
      symbol: "ring",
    });
  }
  if (hasRate(local))
    legend.push({
      label: `near the best line, rates above it jump out of the minimum (${LOCAL_BOUND_CAVEAT})`,
      color: THEME.outcomes["jumps-out"],
      symbol: "dashed",
    });
  if (present.length > 1) {
    legend.push({
      // The bands are coloured by outcome, and a rate just above the bound jumps out without blowing up
      // within the budget: "jumps out", not "diverged".
      label: `shading: each rate's ${byRegime ? "regime" : "outcome"}, to half way (log) to the next${atCritical ? `; ${byRegime ? "diverging" : "jumps out"} from ${boundary.rule ?? "the critical rate"}` : ""}`,
      color: THEME.muted,
      symbol: "band",
    });
  }
  const panels: SVGElement[] = [legendPanel(document, legend, width, MARGIN.left)];
  if (bandTop !== null) panels.push(panel("band", [top, bandTop], BAND_HEIGHT, MARGIN.top));
  panels.push(panel("main", [bottom, top], HEIGHT, bandTop === null ? MARGIN.top : TOP_UNDER_BAND));

  const title =
    input.title ?? `Final loss against learning rate, ${runs.length} rate${runs.length === 1 ? "" : "s"}`;
  const breakNote =
    bandTop !== null ? `final losses above ${formatLogTick(top)} in the compressed top band` : "";
  const withNote = [input.subtitle, breakNote].filter(Boolean).join(" · ");
  // The y axis's label says where it breaks too: the note goes where it fits on the subtitle's one line.
  const subtitle =
    input.subtitle && textWidth(withNote, THEME.subtitleSize) > width ? input.subtitle : withNote;
  return frame({
    title,
    subtitle,
    panels,
    columns: 1,
    ...(input.description === undefined ? {} : { description: describe(title, subtitle, input.description) }),
  });
}

/** A log domain widened by `fraction` of its decades on each side (half a decade when it is one rate). */
function logPadded([low, high]: [number, number], fraction: number): [number, number] {
  return logDomain(low, high, (decades) => (decades > 0 ? Math.max(fraction * decades, 0.02) : 0.5));
}

/**
 * The chart spans the final losses of the runs that did not diverge, up to a round number a little
 * above; the final losses of diverged runs above that go to the band.
 */
function lossScale(
  { runs }: { readonly runs: readonly SweepFigureRun[] },
  optimumLoss: number | null,
): { bottom: number; top: number; bandTop: number | null } {
  let calmTop = 0;
  let highest = 0;
  let lowest = optimumLoss !== null && optimumLoss > 0 ? optimumLoss : Number.POSITIVE_INFINITY;
  let anyInfinite = false;
  for (const run of runs) {
    if (run.regime !== "diverging" && drawableOnLog(run.finalLoss)) {
      calmTop = Math.max(calmTop, run.finalLoss);
    }
    if (drawableOnLog(run.finalLoss)) {
      highest = Math.max(highest, run.finalLoss);
      lowest = Math.min(lowest, run.finalLoss);
    } else anyInfinite = true;
  }
  if (!(calmTop > 0)) calmTop = highest > 0 ? highest : 1;
  if (!Number.isFinite(lowest)) lowest = calmTop / 10;
  // In decades, not ratios, which overflow for losses far apart.
  lowest = Math.max(lowest, shiftDecades(calmTop, -12));
  const decades = Math.max(decadesBetween(lowest, calmTop), 0.1);
  const bottom = shiftDecades(lowest, -0.1 * decades);
  const top = niceCeiling(shiftDecades(calmTop, 0.1 * decades));
  const bandTop =
    highest > top
      ? shiftDecades(highest, 0.15 * decadesBetween(top, highest))
      : anyInfinite
        ? shiftDecades(top, 1)
        : null;
  return { bottom, top, bandTop };
}

/**
 * Contiguous runs of one regime, each spanning half way (in log rate) to its neighbours; where a run
 * that did not diverge is followed by one that did and `critical` lies strictly between their rates, the
 * edge between them is `critical` (`atCritical` says whether one was).
 */
function regimeRegions(
  runs: readonly SweepFigureRun[],
  keyOf: (run: SweepFigureRun) => ColorKey,
  [low, high]: [number, number],
  critical: number | null,
): { regions: { x1: number; x2: number; key: ColorKey }[]; atCritical: boolean } {
  const sorted = [...runs].sort((a, b) => a.learningRate - b.learningRate);
  let atCritical = false;
  const edge = (a: (typeof sorted)[number], b: (typeof sorted)[number]) => {
    const divergenceBegins = (a.regime === "diverging") !== (b.regime === "diverging");
    if (divergenceBegins && critical !== null && critical > a.learningRate && critical < b.learningRate) {
      atCritical = true;
      return critical;
    }
    // The geometric mean, through logs: √(a·b) overflows for rates near 1e300.
    return 10 ** ((Math.log10(a.learningRate) + Math.log10(b.learningRate)) / 2);
  };
  const regions: { x1: number; x2: number; key: ColorKey }[] = [];
  sorted.forEach((run, i) => {
    const previous = sorted[i - 1];
    const next = sorted[i + 1];
    const x1 = previous ? edge(previous, run) : low;
    const x2 = next ? edge(run, next) : high;
    const last = regions[regions.length - 1];
    if (last && last.key === keyOf(run)) last.x2 = x2;
    else regions.push({ x1, x2, key: keyOf(run) });
  });
  return { regions, atCritical };
}
