/**
 * The TF.js script's fixed pieces, words only: the CSV reader, lrlab's seeded shuffle, each loss, each
 * optimizer's Keras update rule in tf ops, and each schedule's formula. tfjs.ts puts them together with
 * the plan's numbers. Every piece is plain JavaScript that runs under `node` as written.
 */
import type { ExportPlan } from "../../core/export/export-plan.js";
import { jsLiteral, optimizerArgument } from "./script-words.js";

/** A small CSV reader: quoted fields, doubled quotes, CRLF; the delimiter is the header's commonest of , ; tab
 * outside quotes (a comma on a tie), as lrlab sniffs it. */
export const JS_CSV_READER = `function readCsv(path) {
  const text = readFileSync(path, "utf8").replace(/^\\uFEFF/, "");
  // The header is the first line with content; quoted parts ("dose, mg") do not count.
  const headerLine = (text.split(/\\r?\\n/).find((line) => line.trim() !== "") ?? "").replace(/"[^"]*"/g, "");
  const delimiter = [",", ";", "\\t"].reduce((best, candidate) =>
    headerLine.split(candidate).length > headerLine.split(best).length ? candidate : best,
  );
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\\n" || c === "\\r") {
      if (c === "\\r" && text[i + 1] === "\\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  const [header, ...body] = rows.filter((cells) => cells.some((cell) => cell.trim() !== ""));
  // A decimal comma ("1,5") is a number only where the delimiter is not the comma, as lrlab reads it.
  const toNumber = (cell) =>
    Number(delimiter !== "," && /^\\s*[+-]?\\d*,\\d+/.test(cell) ? cell.replace(",", ".") : cell);
  const column = (name) => {
    let j = header.indexOf(name);
    if (j < 0) j = header.findIndex((cell) => cell.trim() === name);
    if (j < 0) throw new Error(\`\${path}: no column \${JSON.stringify(name)}\`);
    return body.map((cells) => toNumber(cells[j]));
  };
  return column;
}`;

/**
 * lrlab's generator and shuffle (src/core/random.ts), the same draws: splitmix32 seeding, xoshiro128**,
 * Fisher–Yates with Lemire's unbiased integers.
 */
export const JS_SHUFFLE = `// splitmix32 turns the seed into the four words of xoshiro128**'s state.
function createRandom(seed) {
  let mix = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
  const splitmix32 = () => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [splitmix32(), splitmix32(), splitmix32(), splitmix32()];
  if (s.every((word) => word === 0)) s[0] = 1;
  const rotl = (value, bits) => (value << bits) | (value >>> (32 - bits));
  // xoshiro128**: one step of the state, returning rotl(s1 · 5, 7) · 9 as an unsigned 32-bit integer.
  return function nextUint32() {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
}

// A uniform integer in [0, n), Lemire's method: with m = draw · n, the answer is floor(m / 2^32), and the
// draw is redrawn while m mod 2^32 < (2^32 − n) mod n. m can pass 2^53, so it is formed in two halves,
// draw = dh·2^16 + dl, each partial product below 2^48 and exact in a double: any n up to 2^32.
function integerBelow(nextUint32, n) {
  for (;;) {
    const draw = nextUint32();
    const upper = (draw >>> 16) * n;
    const upperHigh = Math.floor(upper / 2 ** 16);
    const rest = (upper - upperHigh * 2 ** 16) * 2 ** 16 + (draw & 0xffff) * n;
    const carry = Math.floor(rest / 2 ** 32);
    const high = upperHigh + carry;
    const low = rest - carry * 2 ** 32;
    if (low >= n || low >= (2 ** 32 - n) % n) return high;
  }
}

// Fisher–Yates, from the last position down: every permutation equally likely.
function shuffle(order, nextUint32) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = integerBelow(nextUint32, i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
}`;

/** The loss function in tf ops, as Keras defines it (mean over the batch). */
export function jsLoss(plan: ExportPlan): string {
  switch (plan.loss.name) {
    case "mse":
      return `// keras.losses.MeanSquaredError: mean (ŷ − y)²
const lossOf = (y, yHat) => tf.mean(tf.square(tf.sub(yHat, y)));`;
    case "mae":
      return `// keras.losses.MeanAbsoluteError: mean |ŷ − y|  (TF's gradient of |e| at 0 is 0)
const lossOf = (y, yHat) => tf.mean(tf.abs(tf.sub(yHat, y)));`;
    case "huber":
      return `// keras.losses.Huber(delta=${plan.loss.delta}): mean of ½e² where |e| ≤ δ, else δ·|e| − ½δ²; written as
//   Keras writes it, with q = min(|e|, δ): ½q² + δ·(|e| − q)
const HUBER_DELTA = ${jsLiteral(plan.loss.delta)};
const lossOf = (y, yHat) => {
  const error = tf.abs(tf.sub(yHat, y));
  const quadratic = tf.minimum(error, HUBER_DELTA);
  return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(HUBER_DELTA, tf.sub(error, quadratic))));
};`;
    case "bce":
      return `// keras.losses.BinaryCrossentropy (from_logits=False): p = clip(ŷ, ε, 1 − ε), ε = 1e-7;
//   mean −(y·log p + (1 − y)·log(1 − p)); the clip passes no gradient outside [ε, 1 − ε]
const CLIP_EPSILON = 1e-7;
const lossOf = (y, yHat) => {
  const p = tf.clipByValue(yHat, CLIP_EPSILON, 1 - CLIP_EPSILON);
  return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))));
};`;
  }
}

/**
 * The optimizer as Keras's update rule in tf ops. TF.js's own optimizers differ from Keras exactly where a
 * schedule or a small ε shows it (tf.train.momentum accumulates v = m·v + g and steps −lr·v; tf.train.adam
 * adds ε after the bias correction; tf.train.adagrad's ε is fixed), so the rule is written out.
 */
export function jsOptimizer(plan: ExportPlan): string {
  const arg = (key: string) => jsLiteral(optimizerArgument(plan, key));
  const slots = `// One slot per weight, as Keras's optimizer variables.
const slot = (value = 0) => weights.map((w) => tf.variable(tf.fill(w.shape, value)));`;
  switch (plan.optimizer.name) {
    case "sgd": {
      const momentum = optimizerArgument(plan, "momentum") as number;
      if (momentum === 0) {
        return `// keras.optimizers.SGD(momentum=0): w = w − lr·g
function applyUpdate(grads, learningRate) {
  weights.forEach((w, i) => w.assign(tf.sub(w, tf.mul(grads[i], learningRate))));
}`;
      }
      const nesterov = optimizerArgument(plan, "nesterov") === true;
      return `${slots}
// keras.optimizers.SGD(momentum=${momentum}, nesterov=${nesterov ? "True" : "False"}):
//   v = m·v − lr·g;  ${nesterov ? "w = w + m·v − lr·g" : "w = w + v"}
// (the rate multiplies each gradient as it arrives, unlike tf.train.momentum, which scales all past ones
// by today's rate)
const MOMENTUM = ${arg("momentum")};
const velocity = slot();
function applyUpdate(grads, learningRate) {
  weights.forEach((w, i) => {
    const step = tf.mul(grads[i], learningRate);
    const v = tf.sub(tf.mul(velocity[i], MOMENTUM), step);
    velocity[i].assign(v);
    w.assign(tf.add(w, ${nesterov ? "tf.sub(tf.mul(v, MOMENTUM), step)" : "v"}));
  });
}`;
    }
    case "adam": {
      const amsgrad = optimizerArgument(plan, "amsgrad") === true;
      return `${slots}
// keras.optimizers.Adam: t = iterations + 1;  α = lr·√(1 − β₂ᵗ) / (1 − β₁ᵗ);
//   m = m + (g − m)·(1 − β₁);  v = v + (g² − v)·(1 − β₂);${amsgrad ? "  v̂ = max(v̂, v);" : ""}  w = w − α·m / (√${amsgrad ? "v̂" : "v"} + ε)
// (Keras adds ε to the uncorrected √v; tf.train.adam adds it after the bias correction)
const BETA_1 = ${arg("beta1")};
const BETA_2 = ${arg("beta2")};
const EPSILON = ${arg("epsilon")};
const m = slot();
const v = slot();${amsgrad ? "\nconst vHat = slot();" : ""}
function applyUpdate(grads, learningRate, iterations) {
  const t = iterations + 1;
  const alpha = (learningRate * Math.sqrt(1 - BETA_2 ** t)) / (1 - BETA_1 ** t);
  weights.forEach((w, i) => {
    const g = grads[i];
    m[i].assign(tf.add(m[i], tf.mul(tf.sub(g, m[i]), 1 - BETA_1)));
    v[i].assign(tf.add(v[i], tf.mul(tf.sub(tf.square(g), v[i]), 1 - BETA_2)));${amsgrad ? "\n    vHat[i].assign(tf.maximum(vHat[i], v[i]));" : ""}
    w.assign(tf.sub(w, tf.div(tf.mul(m[i], alpha), tf.add(tf.sqrt(${amsgrad ? "vHat[i]" : "v[i]"}), EPSILON))));
  });
}`;
    }
    case "rmsprop": {
      const momentum = optimizerArgument(plan, "momentum") as number;
      const centered = optimizerArgument(plan, "centered") === true;
      return `${slots}
// keras.optimizers.RMSprop: velocity = ρ·velocity + (1 − ρ)·g²;${centered ? "\n//   average = ρ·average + (1 − ρ)·g;  denominator = velocity − average² + ε (centered)" : "  denominator = velocity + ε"}
//   increment = lr·g / √denominator  (ε inside the square root);  ${momentum > 0 ? "μ = μ·momentum + increment;  w = w − μ" : "w = w − increment"}
const RHO = ${arg("rho")};
const EPSILON = ${arg("epsilon")};
const velocity = slot();${centered ? "\nconst average = slot();" : ""}${momentum > 0 ? `\nconst MOMENTUM = ${arg("momentum")};\nconst momentum = slot();` : ""}
function applyUpdate(grads, learningRate) {
  weights.forEach((w, i) => {
    const g = grads[i];
    velocity[i].assign(tf.add(tf.mul(velocity[i], RHO), tf.mul(tf.square(g), 1 - RHO)));${
      centered
        ? `
    average[i].assign(tf.add(tf.mul(average[i], RHO), tf.mul(g, 1 - RHO)));
    const denominator = tf.add(tf.sub(velocity[i], tf.square(average[i])), EPSILON);`
        : `
    const denominator = tf.add(velocity[i], EPSILON);`
    }
    const increment = tf.div(tf.mul(g, learningRate), tf.sqrt(denominator));${
      momentum > 0
        ? `
    momentum[i].assign(tf.add(tf.mul(momentum[i], MOMENTUM), increment));
    w.assign(tf.sub(w, momentum[i]));`
        : `
    w.assign(tf.sub(w, increment));`
    }
  });
}`;
    }
    case "adagrad":
      return `${slots}
// keras.optimizers.Adagrad: accumulator = accumulator + g²;  w = w − lr·g / √(accumulator + ε)
// (the accumulator starts at initial_accumulator_value; tf.train.adagrad's ε cannot be set)
const EPSILON = ${arg("epsilon")};
const accumulator = slot(${arg("initialAccumulatorValue")});
function applyUpdate(grads, learningRate) {
  weights.forEach((w, i) => {
    const g = grads[i];
    accumulator[i].assign(tf.add(accumulator[i], tf.square(g)));
    w.assign(tf.sub(w, tf.div(tf.mul(g, learningRate), tf.sqrt(tf.add(accumulator[i], EPSILON)))));
  });
}`;
  }
}
