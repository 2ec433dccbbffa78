/** Small data sets with awkward Hessians: ill-conditioned, uncentred, and far from the origin. */
import type { Dataset } from "../core/data/data.js";

const of = (xs: number[], ys: number[], source: string): Dataset => ({
  x: Float64Array.from(xs),
  y: Float64Array.from(ys),
  xName: "x",
  yName: "y",
  source,
});

export function curvatureTestData(): Dataset[] {
  return [
    of([0, 0.5, 1, 2, 3, 3.5], [1.2, 1.9, 3.1, 4.8, 7.2, 8.1], "small"),
    of([100, 101, 102, 103], [1, 3, 2, 4], "uncentred"),
    of([-1, 1], [0, 2], "isotropic"),
  ];
}
