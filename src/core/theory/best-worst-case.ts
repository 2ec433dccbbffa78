/**
 * The best worst-case constant rate of full-batch gradient descent on a quadratic, and its formula: the one
 * fact every face writes (the line's theory, the linear family's, and every text and view beside them).
 *
 * Along an eigen-direction of curvature λ the error is multiplied by 1 − ηλ each step; the worst direction
 * shrinks fastest when the sharpest and the flattest moving ones shrink equally, at 2/(λmin + λmax). A
 * direction with λ = 0 (a constant column, collinear columns) never moves whatever the rate, so it sets no
 * limit: the smallest positive eigenvalue λ₊min takes its place, and when λmax is the only positive one the
 * answer is 1/λmax, which removes the sharp direction in one step (2/(0 + λmax) would be the critical rate
 * itself, where it bounces forever).
 */

/** The formula of the best worst-case rate, by how many eigenvalues are positive. */
export type BestWorstCaseFormula = "2/(λmin + λmax)" | "2/(λ₊min + λmax)" | "1/λmax";

/** The best worst-case rate and its formula from eigenvalues sorted largest first, zeros already exact 0. */
export function bestWorstCaseRate(eigenvalues: ArrayLike<number>): {
  learningRate: number;
  formula: BestWorstCaseFormula;
} {
  const lambdaMax = eigenvalues[0] as number;
  let positive = 0;
  for (let i = 0; i < eigenvalues.length; i++) if ((eigenvalues[i] as number) > 0) positive++;
  const smallestPositive = eigenvalues[positive - 1] as number;
  if (positive <= 1) return { learningRate: 1 / lambdaMax, formula: "1/λmax" };
  return {
    learningRate: 2 / (smallestPositive + lambdaMax),
    formula: positive === eigenvalues.length ? "2/(λmin + λmax)" : "2/(λ₊min + λmax)",
  };
}

/**
 * What the rate does, in the words every face writes after its formula: "shrinks the slowest direction
 * fastest, …", or, for 1/λmax, why one step settles the sharp direction.
 */
export function bestWorstCaseMeaning(formula: BestWorstCaseFormula): string {
  switch (formula) {
    case "1/λmax":
      return "removes the sharp direction in one step (the flat one adds nothing to the loss)";
    case "2/(λ₊min + λmax)":
      return "shrinks the slowest direction that moves fastest, whatever the start (the flat ones add nothing to the loss)";
    default:
      return "shrinks the slowest direction fastest, whatever the start";
  }
}
