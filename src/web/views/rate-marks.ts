/**
 * The theory's two rates marked beside a rate slider: the good rate (the verdict's suggestion) as a green
 * dot above the track with its label to the left, "good 0.24 ●", and the critical rate as a red triangle
 * below it with its label to the right, "▲ critical 0.3069". Shape, colour, side and words tell them
 * apart at a glance; on different rows, marks a hair apart (ill-conditioned data) never cover each other.
 * A label that would run past an end of the slider turns to the other side of its mark.
 */
import { observeWidth } from "./chart.js";

/** A mark to place: its value on the slider's scale (0 at the left end, 1 at the right), and its words. */
export interface MarkPlace {
  readonly fraction: number | null;
  readonly label: string;
}

export interface RateMarks {
  /** The row above the slider (the good rate) and the row below it (the critical rate). */
  readonly above: HTMLElement;
  readonly below: HTMLElement;
  /** Places both marks; a null fraction, or one off the slider, hides the mark. */
  place(good: MarkPlace, critical: MarkPlace): void;
  destroy(): void;
}

function markElement(
  kind: "good" | "critical",
  withLabel: boolean,
  testidPrefix: string,
): { mark: HTMLElement; label: HTMLElement } {
  const mark = document.createElement("span");
  mark.className = `mark mark-${kind}`;
  mark.dataset.testid = `${testidPrefix}mark-${kind}`;
  const label = document.createElement("span");
  label.className = "mark-label";
  if (withLabel) mark.append(label);
  return { mark, label };
}

/**
 * Marks for a slider; `labels: false` draws the shapes alone (the fine slider's, under the coarse one's
 * words). Test ids: `${testidPrefix}mark-good`, `${testidPrefix}mark-critical`.
 */
export function rateMarks({
  labels,
  testidPrefix = "",
}: {
  readonly labels: boolean;
  readonly testidPrefix?: string;
}): RateMarks {
  const above = document.createElement("div");
  above.className = "mark-row mark-row-above";
  above.setAttribute("aria-hidden", "true");
  const below = document.createElement("div");
  below.className = "mark-row mark-row-below";
  below.setAttribute("aria-hidden", "true");
  const good = markElement("good", labels, testidPrefix);
  const critical = markElement("critical", labels, testidPrefix);
  above.append(good.mark);
  below.append(critical.mark);

  // The good label reads leftwards from its dot, the critical one rightwards from its triangle, unless
  // that side has no room.
  const turnLabels = () => {
    const width = above.clientWidth;
    if (!labels || width === 0) return;
    for (const [{ mark, label }, leftwards] of [
      [good, true],
      [critical, false],
    ] as const) {
      if (mark.hidden) continue;
      const x = (Number.parseFloat(mark.style.left) / 100) * width;
      const room = leftwards ? x : width - x;
      const flip = label.offsetWidth + 10 > room;
      label.classList.toggle("to-left", leftwards !== flip);
    }
  };
  const stop = observeWidth(above, turnLabels);

  const show = (target: { mark: HTMLElement; label: HTMLElement }, place: MarkPlace) => {
    const { fraction } = place;
    const off = fraction === null || !(fraction >= 0 && fraction <= 1);
    target.mark.hidden = off;
    if (off) return;
    target.mark.style.left = `${(fraction * 100).toFixed(3)}%`;
    target.label.textContent = place.label;
  };

  return {
    above,
    below,
    place(goodPlace, criticalPlace) {
      show(good, goodPlace);
      show(critical, criticalPlace);
      turnLabels();
    },
    destroy: stop,
  };
}
