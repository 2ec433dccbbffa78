/**
 * The landscape of a model with more than two parameters: the loss on a plane through the weights its run
 * ended at, along two seeded random filter-normalized directions for a network (Li et al. 2018) or the top
 * two Hessian eigenvectors for the linear family, with the run's path projected onto it. The worker
 * computes the slice with the run (lab-model-landscape.ts); the figure is the one `lrlab plot landscape
 * --model …` draws (render/figures/landscape.ts), built with the page's document: one picture in both.
 */
import { ZERO_HESSIAN_REASON } from "../../core/landscape/model-landscape.js";
import { landscapeFigure } from "../../render/figures/landscape.js";
import { PANEL_GAP } from "../../render/frame.js";
import {
  MODEL_LANDSCAPE_TITLES,
  offSliceWords,
  PLANE_MARKS,
  pathReadingWords,
  planeAxisLabels,
} from "../../render/model-landscape-words.js";
import { textWidth } from "../../render/text.js";
import { THEME } from "../../render/theme.js";
import { MODELS_TAB } from "../model-requests.js";
import type { ModelLandscapeResult, ModelRunResult } from "../protocol.js";
import type { ChangeKey } from "../store.js";
import { formatNumber } from "../words.js";
import { observeWidth } from "./chart.js";
import { cleanupAll, type Panel } from "./panel.js";

/** Below this width the legend goes under the map rather than beside it. */
const SIDE_LEGEND_WIDTH = 640;

/** The legend's width beside the map (render/figures/landscape.ts). */
const SIDE_LEGEND = 240;

/**
 * The figure's title and subtitle in `room` pixels (the width of the figure's panels): the CLI's title when
 * it fits, else the plane alone with the directions in the subtitle, else (on a phone, where the panel's
 * heading says the rest) the directions alone. Measured with Inter's widths, bold, generously.
 */
export function landscapeHeadings(
  landscape: ModelLandscapeResult,
  room: number,
): { title: string; subtitle: string } {
  const directions =
    landscape.kind === "random"
      ? `random filter-normalized directions, seed ${landscape.seed}`
      : "the Hessian's top two eigenvectors";
  const off = offSliceWords(landscape.off, landscape.kind);
  const fits = (text: string, size: number, bold: boolean) => textWidth(text, size, bold) <= room;
  const subtitle = fits(`${directions} · ${off}`, THEME.subtitleSize, false) ? `${directions} · ${off}` : off;
  for (const title of [
    MODEL_LANDSCAPE_TITLES[landscape.kind],
    "The loss on a plane through the final weights",
  ]) {
    if (fits(title, THEME.titleSize, true)) return { title, subtitle };
  }
  return {
    title:
      landscape.kind === "random" ? `Random directions, seed ${landscape.seed}` : "The Hessian's directions",
    subtitle: off,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The caption under the figure: how to read it. */
export function landscapeCaption(run: ModelRunResult, landscape: ModelLandscapeResult): string {
  const parts = [
    run.parameterCount === 2
      ? `${run.title} has 2 parameters, so this plane through the final weights (the star, α = β = 0) is its whole landscape, seen along two directions rather than over its own weights: ${formatNumber(landscape.alpha.length)} × ${formatNumber(landscape.beta.length)} points.`
      : `${run.title} has ${run.parameterCount} parameters, too many to draw its loss over all of them: this is the loss on a plane through the final weights (the star, α = β = 0), ${formatNumber(landscape.alpha.length)} × ${formatNumber(landscape.beta.length)} points.`,
    ...(landscape.zeroHessian
      ? [`${capitalize(ZERO_HESSIAN_REASON)}: these are random directions instead.`]
      : []),
    landscape.kind === "random"
      ? "Each direction is drawn at random (the run's seed) and scaled unit by unit to the size of that unit's weights (Li et al. 2018), so a step of 1 moves every unit as far as its own size."
      : "The directions are the Hessian's two sharpest at the final weights: the bowl's own axes, as `lrlab landscape` takes for this model.",
    pathReadingWords(landscape.off),
  ];
  if (!landscape.pathInside) parts.push("Part of the path lies outside the map.");
  return parts.join(" ");
}

export const modelLandscapePanel: Panel = {
  id: "model-landscape",
  title: "The loss landscape through the final weights",
  tab: MODELS_TAB,
  showsResults: true,
  area: "main",
  waitsFor: (session) => session.modelPending,
  mount(container, store) {
    const host = document.createElement("div");
    host.className = "chart-host model-landscape";
    const caption = document.createElement("p");
    caption.className = "legend";
    caption.dataset.testid = "model-landscape-caption";
    container.append(host, caption);
    let width = 0;
    let svg: SVGSVGElement | null = null;

    const render = () => {
      const run = store.session.modelRun;
      if (width === 0) return;
      const landscape = run?.landscape ?? null;
      if (!run || !landscape) {
        host.replaceChildren();
        svg = null;
        caption.textContent = run
          ? (run.landscapeNote ?? "")
          : store.session.modelError
            ? "No run to draw."
            : "";
        return;
      }
      const side = width >= SIDE_LEGEND_WIDTH;
      const mapWidth = side ? Math.min(520, width - 320) : Math.max(220, width - 90);
      // render/frame.ts makes a figure at least 320 px wide inside its padding.
      const room = Math.max(320, side ? mapWidth + PANEL_GAP + SIDE_LEGEND : mapWidth);
      const headings = landscapeHeadings(landscape, room);
      const figure = landscapeFigure(
        { document },
        {
          surface: { w: landscape.alpha, b: landscape.beta, values: landscape.values },
          optimum: { w: 0, b: 0, loss: landscape.centreLoss },
          directions: null,
          series: [{ label: PLANE_MARKS.path, w: landscape.path.alpha, b: landscape.path.beta }],
          lossName: run.lossName === "huber" ? "Huber" : run.lossName.toUpperCase(),
          // The legend beside the map on a wide screen; under it on a narrow one.
          layout: "overlay",
          legendBelow: !side,
          mapWidth,
          ...headings,
          axisLabels: planeAxisLabels(landscape.eigenvalues),
          centreLabel: PLANE_MARKS.centre,
          startLabel: PLANE_MARKS.start,
        },
      );
      // The figure is render's SVG text, every string in it escaped there; parsed, not evaluated as HTML.
      const parsed = new DOMParser().parseFromString(figure.svg, "image/svg+xml").documentElement;
      const element = document.importNode(parsed, true) as unknown as SVGSVGElement;
      element.dataset.testid = "model-landscape-chart";
      element.setAttribute("aria-label", `${figure.title}: ${headings.subtitle}`);
      host.replaceChildren(element);
      svg = element;
      caption.textContent = landscapeCaption(run, landscape);
    };

    const stopWidth = observeWidth(host, (next) => {
      width = next;
      render();
    });
    const keys: readonly ChangeKey[] = ["modelRun", "modelError"];
    const unsubscribe = store.subscribe((changed) => {
      if (keys.some((key) => changed.has(key))) render();
    });
    return {
      figure: () => (svg ? { svg, name: "lrlab-model-landscape" } : null),
      destroy: cleanupAll([stopWidth, unsubscribe]),
    };
  },
};
