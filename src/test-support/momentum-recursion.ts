/**
 * Keras SGD with momentum along one eigen-direction of a quadratic, written out as a scalar recursion: the
 * oracle the regime and momentum tests check the closed forms against.
 */

export interface RecursionResult {
  /** How often the error d changed sign. */
  readonly signChanges: number;
  /** log of the state's size max(|d|, |v|) at the end; it starts at log 1 = 0. */
  readonly logSize: number;
  /** The error at the end is d · e^logScale (d and v are rescaled to stay in range). */
  readonly d: number;
  readonly logScale: number;
}

/**
 * Along a direction of curvature λ the gradient is λ·d, so Keras's update rules become
 *   v ← β·v − η·λ·d;   d ← d + v                   (momentum, heavy ball)
 *   v ← β·v − η·λ·d;   d ← d + β·v − η·λ·d          (Nesterov, with the v just updated)
 * started from d = 1, v = 0 (Keras starts the velocity at zero). The state is rescaled whenever it gets
 * very large or very small; the recursion is linear, so signs and growth are unchanged, and the scale is
 * kept in `logScale`.
 */
export function momentumRecursion(
  lambda: number,
  learningRate: number,
  momentum: number,
  nesterov: boolean,
  steps: number,
): RecursionResult {
  let d = 1;
  let v = 0;
  let logScale = 0;
  let signChanges = 0;
  let sign = 1;
  for (let k = 0; k < steps; k++) {
    const gradient = lambda * d;
    v = momentum * v - learningRate * gradient;
    d = nesterov ? d + momentum * v - learningRate * gradient : d + v;
    if (d !== 0 && Math.sign(d) !== sign) {
      signChanges++;
      sign = Math.sign(d);
    }
    const size = Math.max(Math.abs(d), Math.abs(v));
    if (size > 1e100 || (size < 1e-100 && size > 0)) {
      d /= size;
      v /= size;
      logScale += Math.log(size);
    }
  }
  const logSize = logScale + Math.log(Math.max(Math.abs(d), Math.abs(v)));
  return { signChanges, logSize, d, logScale };
}
