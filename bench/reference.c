/*
 * The C reference loops of the lrlab benchmark. Built at bench time with `cc -O3 -ffp-contract=off`
 * (no fused multiply-adds, so every rounding is JavaScript's and the mini-batch results match lrlab's).
 *
 *   reference prng <seed>                        first uint32 draws of the PRNG (checks the port)
 *   reference full-batch-gd <data> <reps> <lr> <steps>
 *       the naive algorithm: every step walks all N points for the MSE gradient
 *   reference minibatch-sgd|minibatch-adam <data> <reps> <warmup> <lr> <batch> <epochs> <seed>
 *       the SAME work as lrlab's train(): its PRNG, shuffles, batch kernel, Keras update, O(1) full-data
 *       loss from centred statistics, divergence check and thinned history (src/core/train.ts)
 *   reference mlp-epoch <data> <reps> <warmup> <lr> <batch> <epochs> <seed> <hidden>
 *       a 1-<hidden>-1 tanh net (Keras Dense layers, linear output, MSE) trained with Keras SGD as lrlab's
 *       bench loop does: glorot_uniform from <seed>, the same per-epoch shuffles, per-row backpropagation
 *       in src/core/models/mlp.ts's order of operations; prints the final parameters' first and last
 *       entries as "w" and "b"
 *
 * <data> is N little-endian doubles of x followed by N of y. Prints one JSON line:
 *   {"ms": median, "times": [...], "w": ..., "b": ...}
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- src/core/random.ts: xoshiro128** seeded by splitmix32 ---- */

typedef struct {
  uint32_t s0, s1, s2, s3;
} Random;

static uint32_t rotl(uint32_t value, int bits) { return (value << bits) | (value >> (32 - bits)); }

static uint32_t splitmix32(uint32_t *mix) {
  *mix += 0x9e3779b9u;
  uint32_t z = *mix;
  z = (z ^ (z >> 16)) * 0x85ebca6bu;
  z = (z ^ (z >> 13)) * 0xc2b2ae35u;
  return z ^ (z >> 16);
}

/* JS: (Math.trunc(seed) ^ Math.trunc(seed / 2^32)) >>> 0, for non-negative integer seeds. */
static Random create_random(uint64_t seed) {
  uint32_t mix = (uint32_t)seed ^ (uint32_t)(seed >> 32);
  Random r;
  r.s0 = splitmix32(&mix);
  r.s1 = splitmix32(&mix);
  r.s2 = splitmix32(&mix);
  r.s3 = splitmix32(&mix);
  if ((r.s0 | r.s1 | r.s2 | r.s3) == 0) r.s0 = 1;
  return r;
}

static uint32_t next_uint32(Random *r) {
  uint32_t result = rotl(r->s1 * 5u, 7) * 9u;
  uint32_t t = r->s1 << 9;
  r->s2 ^= r->s0;
  r->s3 ^= r->s1;
  r->s1 ^= r->s2;
  r->s0 ^= r->s3;
  r->s2 ^= t;
  r->s3 = rotl(r->s3, 11);
  return result;
}

/* Lemire (2019), as random.ts: m = draw·n; answer m >> 32; redraw while (m mod 2^32) < (2^32 − n) mod n. */
static uint32_t random_integer(Random *r, uint64_t n) {
  for (;;) {
    uint64_t product = (uint64_t)next_uint32(r) * n;
    uint64_t low = product & 0xffffffffull;
    if (low >= n || low >= (4294967296ull - n) % n) return (uint32_t)(product >> 32);
  }
}

/* Fisher–Yates, from the end, as shuffleInPlace. */
static void shuffle_in_place(uint32_t *order, size_t length, Random *r) {
  for (size_t i = length - 1; i > 0; i--) {
    uint32_t j = random_integer(r, (uint64_t)i + 1);
    uint32_t swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
}

/* ---- src/core/stats.ts: centred sufficient statistics, three passes ---- */

typedef struct {
  double n, mean_x, mean_y, sxx, sxy, syy, w, b, loss;
} Stats;

static Stats linear_stats(const double *x, const double *y, size_t n) {
  /* As stats.ts: two interleaved partial sums per pass, the residual pass only for a nearly perfect fit. */
  Stats s;
  size_t odd = n % 2;
  double sum_x0 = 0, sum_x1 = 0, sum_y0 = 0, sum_y1 = 0;
  for (size_t i = 0; i < n - odd; i += 2) {
    sum_x0 += x[i];
    sum_x1 += x[i + 1];
    sum_y0 += y[i];
    sum_y1 += y[i + 1];
  }
  if (odd) {
    sum_x0 += x[n - 1];
    sum_y0 += y[n - 1];
  }
  s.n = (double)n;
  s.mean_x = (sum_x0 + sum_x1) / s.n;
  s.mean_y = (sum_y0 + sum_y1) / s.n;
  double sxx0 = 0, sxx1 = 0, sxy0 = 0, sxy1 = 0, syy0 = 0, syy1 = 0;
  for (size_t i = 0; i < n - odd; i += 2) {
    double dx0 = x[i] - s.mean_x, dy0 = y[i] - s.mean_y;
    double dx1 = x[i + 1] - s.mean_x, dy1 = y[i + 1] - s.mean_y;
    sxx0 += dx0 * dx0;
    sxy0 += dx0 * dy0;
    syy0 += dy0 * dy0;
    sxx1 += dx1 * dx1;
    sxy1 += dx1 * dy1;
    syy1 += dy1 * dy1;
  }
  if (odd) {
    double dx = x[n - 1] - s.mean_x, dy = y[n - 1] - s.mean_y;
    sxx0 += dx * dx;
    sxy0 += dx * dy;
    syy0 += dy * dy;
  }
  s.sxx = sxx0 + sxx1;
  s.sxy = sxy0 + sxy1;
  s.syy = syy0 + syy1;
  int degenerate = s.sxx < 2.2250738585072014e-308; /* subnormal Sxx: no usable spread, as stats.ts */
  s.w = degenerate ? (s.mean_y * s.mean_x) / (s.mean_x * s.mean_x + 1) : s.sxy / s.sxx;
  s.b = degenerate ? s.mean_y / (s.mean_x * s.mean_x + 1) : s.mean_y - s.w * s.mean_x;
  double residual_squares = s.syy - s.w * s.sxy;
  if (!(residual_squares >= 1e-3 * s.syy)) {
    residual_squares = 0;
    for (size_t i = 0; i < n; i++) {
      double residual = y[i] - s.mean_y - s.w * (x[i] - s.mean_x);
      residual_squares += residual * residual;
    }
  }
  s.loss = residual_squares / s.n;
  return s;
}

static double mse_at(const Stats *s, double w, double b) {
  double dw = w - s->w, db = b - s->b;
  double along = s->mean_x * dw + db;
  return s->loss + (s->sxx / s->n) * dw * dw + along * along;
}

static void mse_gradient_at(const Stats *s, double w, double b, double *out) {
  double dw = w - s->w, db = b - s->b;
  double along = s->mean_x * dw + db;
  out[0] = 2 * ((s->sxx / s->n) * dw + s->mean_x * along);
  out[1] = 2 * along;
}

/* ---- src/core/losses.ts: the MSE batch kernel through the index array ---- */

static double mse_batch(const double *x, const double *y, const uint32_t *order, size_t start, size_t end,
                        double w, double b, double *grad) {
  double sum_squares = 0, sum_error_x = 0, sum_error = 0;
  for (size_t k = start; k < end; k++) {
    uint32_t i = order[k];
    double xi = x[i];
    double error = w * xi + b - y[i];
    sum_squares += error * error;
    sum_error_x += error * xi;
    sum_error += error;
  }
  double size = (double)(end - start);
  grad[0] = (2 * sum_error_x) / size;
  grad[1] = (2 * sum_error) / size;
  return sum_squares / size;
}

/* ---- the optimizers (src/core/optimizers) with momentum 0 and without amsgrad ---- */

typedef struct {
  int adam;
  double iterations, m[2], v[2];
} Optimizer;

static void optimizer_apply(Optimizer *o, double *params, const double *grad, double lr) {
  if (o->adam) {
    const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7;
    /* Keras Adam: t = iterations + 1;  α = lr·√(1 − β₂ᵗ) / (1 − β₁ᵗ) */
    double t = o->iterations + 1;
    double alpha = (lr * sqrt(1 - pow(beta2, t))) / (1 - pow(beta1, t));
    for (int i = 0; i < 2; i++) {
      double g = grad[i];
      double mi = o->m[i] + (g - o->m[i]) * (1 - beta1);
      o->m[i] = mi;
      double vi = o->v[i] + (g * g - o->v[i]) * (1 - beta2);
      o->v[i] = vi;
      /* Keras Adam: w = w − α·m / (√v + ε) */
      params[i] = params[i] - (mi * alpha) / (sqrt(vi) + epsilon);
    }
  } else {
    /* Keras SGD(momentum=0): w = w − lr·g */
    for (int i = 0; i < 2; i++) params[i] = params[i] - grad[i] * lr;
  }
  o->iterations += 1;
}

/* ---- src/core/train.ts for MSE, a constant rate, no tolerance, no callback ---- */

typedef struct {
  double *step, *epoch, *learning_rate, *loss, *w, *b;
  size_t length;
} History;

static void record(History *h, double step, double epoch, double lr, double loss, double w, double b) {
  h->step[h->length] = step;
  h->epoch[h->length] = epoch;
  h->learning_rate[h->length] = lr;
  h->loss[h->length] = loss;
  h->w[h->length] = w;
  h->b[h->length] = b;
  h->length++;
}

#define MAX_HISTORY_ROWS 10000
#define DEFAULT_DIVERGE_FACTOR 1e6

static double full_grad_sink[2]; /* lrlab computes the full gradient each step too; keep it observable */

static void train(const double *x, const double *y, size_t n, int adam, double rate, size_t batch_size,
                  size_t epochs, uint64_t seed, double *w_out, double *b_out) {
  size_t steps_per_epoch = (n + batch_size - 1) / batch_size;
  size_t total_steps = epochs * steps_per_epoch;
  size_t history_every = (total_steps + MAX_HISTORY_ROWS - 1) / MAX_HISTORY_ROWS;
  if (history_every < 1) history_every = 1;

  Stats stats = linear_stats(x, y, n);
  uint32_t *order = malloc(n * sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = (uint32_t)i;
  Random random = create_random(seed);
  double params[2] = {0, 0}, grad[2];
  Optimizer optimizer = {adam, 0, {0, 0}, {0, 0}};
  size_t capacity = total_steps / history_every + 2;
  double *columns = malloc(6 * capacity * sizeof *columns);
  History history = {columns,           columns + capacity,     columns + 2 * capacity,
                     columns + 3 * capacity, columns + 4 * capacity, columns + 5 * capacity, 0};

  double divergence_threshold = INFINITY;
  for (size_t step = 0;; step++) {
    double w = params[0], b = params[1];
    size_t epoch = step / steps_per_epoch;
    int is_last = step == total_steps;
    int record_due = step % history_every == 0 || is_last;
    double learning_rate = rate;
    mse_gradient_at(&stats, w, b, full_grad_sink);
    double current_loss = mse_at(&stats, w, b);
    if (step == 0) {
      divergence_threshold = current_loss > 0 ? DEFAULT_DIVERGE_FACTOR * current_loss : INFINITY;
    }
    if (!isfinite(w) || !isfinite(b) || !(current_loss <= divergence_threshold) || !isfinite(learning_rate)) {
      record(&history, step, epoch, learning_rate, current_loss, w, b);
      break;
    }
    if (is_last) {
      record(&history, step, epoch, learning_rate, current_loss, w, b);
      break;
    }
    if (record_due) record(&history, step, epoch, learning_rate, current_loss, w, b);

    size_t index_in_epoch = step - epoch * steps_per_epoch;
    if (index_in_epoch == 0) shuffle_in_place(order, n, &random);
    size_t batch_start = index_in_epoch * batch_size;
    size_t batch_end = batch_start + batch_size < n ? batch_start + batch_size : n;
    mse_batch(x, y, order, batch_start, batch_end, w, b, grad);
    optimizer_apply(&optimizer, params, grad, learning_rate);
  }
  *w_out = history.w[history.length - 1];
  *b_out = history.b[history.length - 1];
  free(columns);
  free(order);
}

/* ---- src/core/models/mlp.ts and glorot.ts for one input, one tanh hidden layer, a linear output, MSE ---- */

/* The parameters in Keras get_weights() order: kernel₁ (1, H), bias₁ (H), kernel₂ (H, 1), bias₂ (1). */
typedef struct {
  size_t hidden;
  double *z, *a, *slope, *delta; /* per hidden unit, reused for every row */
} Mlp;

/* glorot.ts: kernels uniform in [−limit, limit), limit = √(6/(fan_in + fan_out)), row-major; zero biases. */
static void glorot_uniform(double *params, size_t hidden, uint64_t seed) {
  Random random = create_random(seed);
  size_t h = hidden;
  double limit = sqrt(6.0 / (double)(1 + h));
  for (size_t k = 0; k < h; k++) params[k] = limit * (2 * (next_uint32(&random) / 4294967296.0) - 1);
  for (size_t k = 0; k < h; k++) params[h + k] = 0;
  for (size_t k = 0; k < h; k++) params[2 * h + k] = limit * (2 * (next_uint32(&random) / 4294967296.0) - 1);
  params[3 * h] = 0;
}

/* lossAndGradient: the mean MSE over the batch rows[0..count) and its gradient, row by row. */
static double mlp_loss_and_gradient(Mlp *m, const double *params, const double *x, const double *y,
                                    const uint32_t *rows, size_t count, double *grad) {
  size_t h = m->hidden;
  const double *kernel1 = params, *bias1 = params + h, *kernel2 = params + 2 * h, *bias2 = params + 3 * h;
  double *g_kernel1 = grad, *g_bias1 = grad + h, *g_kernel2 = grad + 2 * h, *g_bias2 = grad + 3 * h;
  memset(grad, 0, (3 * h + 1) * sizeof *grad);
  double weight = 1.0 / (double)count, total = 0;
  for (size_t r = 0; r < count; r++) {
    uint32_t row = rows[r];
    double input = x[row];
    /* forward: z = bias + input·kernel, a = tanh(z), act′ = 1 − a² */
    for (size_t j = 0; j < h; j++) {
      double z = bias1[j] + input * kernel1[j];
      double t = tanh(z);
      m->a[j] = t;
      m->slope[j] = 1 - t * t;
    }
    double out = bias2[0];
    for (size_t i = 0; i < h; i++) out = out + m->a[i] * kernel2[i];
    /* MSE: L = e², ∂L/∂ŷ = 2e; the linear output passes it through */
    double error = out - y[row];
    total += error * error;
    double d = 2 * error * weight;
    /* backward: ∂kernel₂ += a·δ, δ_hidden = act′·kernel₂·δ, ∂kernel₁ += input·δ_hidden */
    for (size_t i = 0; i < h; i++) {
      g_kernel2[i] = g_kernel2[i] + m->a[i] * d;
      m->delta[i] = m->slope[i] * (kernel2[i] * d);
    }
    g_bias2[0] = g_bias2[0] + d;
    for (size_t j = 0; j < h; j++) {
      g_kernel1[j] = g_kernel1[j] + input * m->delta[j];
      g_bias1[j] = g_bias1[j] + m->delta[j];
    }
  }
  return total / (double)count;
}

/* Keras fit(shuffle=True) with SGD: a reshuffle per epoch, then one update per batch, the last one short. */
static void mlp_train(const double *x, const double *y, size_t n, size_t hidden, double rate, size_t batch_size,
                      size_t epochs, uint64_t seed, double *first_out, double *last_out) {
  size_t count = 3 * hidden + 1;
  double *params = malloc(count * sizeof *params), *grad = malloc(count * sizeof *grad);
  double *scratch = malloc(4 * hidden * sizeof *scratch);
  Mlp m = {hidden, scratch, scratch + hidden, scratch + 2 * hidden, scratch + 3 * hidden};
  glorot_uniform(params, hidden, seed);
  uint32_t *order = malloc(n * sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = (uint32_t)i;
  Random random = create_random(seed);
  for (size_t epoch = 0; epoch < epochs; epoch++) {
    shuffle_in_place(order, n, &random);
    for (size_t start = 0; start < n; start += batch_size) {
      size_t end = start + batch_size < n ? start + batch_size : n;
      mlp_loss_and_gradient(&m, params, x, y, order + start, end - start, grad);
      /* Keras SGD(momentum=0): w = w − lr·g */
      for (size_t i = 0; i < count; i++) params[i] = params[i] - grad[i] * rate;
    }
  }
  *first_out = params[0];
  *last_out = params[count - 1];
  free(order);
  free(scratch);
  free(grad);
  free(params);
}

/* ---- the naive full-batch loop: the MSE gradient over all points, every step ---- */

static void naive_full_batch(const double *x, const double *y, size_t n, double lr, size_t steps,
                             double *w_out, double *b_out) {
  double w = 0, b = 0;
  for (size_t step = 0; step < steps; step++) {
    /* Four partial sums per reduction: independent chains the CPU can overlap (and SSE2 can pair). */
    double ex[4] = {0, 0, 0, 0}, e[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      for (int lane = 0; lane < 4; lane++) {
        double error = w * x[i + lane] + b - y[i + lane];
        ex[lane] += error * x[i + lane];
        e[lane] += error;
      }
    }
    for (; i < n; i++) {
      double error = w * x[i] + b - y[i];
      ex[0] += error * x[i];
      e[0] += error;
    }
    double grad_w = 2 * ((ex[0] + ex[1]) + (ex[2] + ex[3])) / (double)n;
    double grad_b = 2 * ((e[0] + e[1]) + (e[2] + e[3])) / (double)n;
    w -= lr * grad_w;
    b -= lr * grad_b;
  }
  *w_out = w;
  *b_out = b;
}

/* ---- harness ---- */

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(const double *values, int count) {
  double *sorted = malloc(count * sizeof *sorted);
  memcpy(sorted, values, count * sizeof *sorted);
  qsort(sorted, count, sizeof *sorted, compare_doubles);
  double middle = count % 2 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
  free(sorted);
  return middle;
}

static double *read_data(const char *path, size_t *n) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    perror(path);
    exit(2);
  }
  fseek(file, 0, SEEK_END);
  long bytes = ftell(file);
  fseek(file, 0, SEEK_SET);
  *n = (size_t)bytes / (2 * sizeof(double));
  double *data = malloc((size_t)bytes);
  if (fread(data, 1, (size_t)bytes, file) != (size_t)bytes) {
    fprintf(stderr, "%s: short read\n", path);
    exit(2);
  }
  fclose(file);
  return data;
}

static void print_result(const double *times, int reps, double w, double b) {
  printf("{\"ms\":%.6f,\"times\":[", median(times, reps));
  for (int i = 0; i < reps; i++) printf("%s%.6f", i ? "," : "", times[i]);
  printf("],\"w\":%.17g,\"b\":%.17g}\n", w, b);
}

int main(int argc, char **argv) {
  /* Memory is left to glibc's defaults, so a repetition may reuse the previous one's freed blocks, as
     lrlab's repetitions do: V8 backs a new typed array with calloc, which hands back freed memory too.
     Measured on the 1e6-point epoch (minor page faults per timed run, process.resourceUsage() and
     /usr/bin/time): lrlab ~330, this loop ~220. Forcing fresh pages here (mallopt(M_MMAP_THRESHOLD)), as
     an earlier version did on the belief that V8 gives every typed array fresh pages, cost this loop
     ~1,070 faults a run: more work than lrlab does, and on a busy virtual machine, where a fault can take
     ~10 µs, most of its time. */
  if (argc == 3 && strcmp(argv[1], "prng") == 0) {
    Random r = create_random(strtoull(argv[2], NULL, 10));
    printf("{\"draws\":[");
    for (int i = 0; i < 8; i++) printf("%s%u", i ? "," : "", next_uint32(&r));
    printf("],\"integers\":[");
    for (int i = 0; i < 8; i++) printf("%s%u", i ? "," : "", random_integer(&r, 1000003));
    printf("]}\n");
    return 0;
  }
  if (argc == 6 && strcmp(argv[1], "full-batch-gd") == 0) {
    size_t n;
    double *data = read_data(argv[2], &n);
    int reps = atoi(argv[3]);
    double lr = atof(argv[4]), w = 0, b = 0;
    size_t steps = strtoull(argv[5], NULL, 10);
    double *times = malloc(reps * sizeof *times);
    for (int rep = 0; rep < reps; rep++) {
      double start = now_ms();
      naive_full_batch(data, data + n, n, lr, steps, &w, &b);
      times[rep] = now_ms() - start;
    }
    print_result(times, reps, w, b);
    return 0;
  }
  if (argc == 9 && (strcmp(argv[1], "minibatch-sgd") == 0 || strcmp(argv[1], "minibatch-adam") == 0)) {
    size_t n;
    double *data = read_data(argv[2], &n);
    int reps = atoi(argv[3]), warmup = atoi(argv[4]);
    double lr = atof(argv[5]), w = 0, b = 0;
    size_t batch = strtoull(argv[6], NULL, 10), epochs = strtoull(argv[7], NULL, 10);
    uint64_t seed = strtoull(argv[8], NULL, 10);
    int adam = strcmp(argv[1], "minibatch-adam") == 0;
    double *times = malloc(reps * sizeof *times);
    for (int rep = 0; rep < warmup; rep++) train(data, data + n, n, adam, lr, batch, epochs, seed, &w, &b);
    for (int rep = 0; rep < reps; rep++) {
      double start = now_ms();
      train(data, data + n, n, adam, lr, batch, epochs, seed, &w, &b);
      times[rep] = now_ms() - start;
    }
    print_result(times, reps, w, b);
    return 0;
  }
  if (argc == 10 && strcmp(argv[1], "mlp-epoch") == 0) {
    size_t n;
    double *data = read_data(argv[2], &n);
    int reps = atoi(argv[3]), warmup = atoi(argv[4]);
    double lr = atof(argv[5]), first = 0, last = 0;
    size_t batch = strtoull(argv[6], NULL, 10), epochs = strtoull(argv[7], NULL, 10);
    uint64_t seed = strtoull(argv[8], NULL, 10);
    size_t hidden = strtoull(argv[9], NULL, 10);
    double *times = malloc(reps * sizeof *times);
    for (int rep = 0; rep < warmup; rep++) mlp_train(data, data + n, n, hidden, lr, batch, epochs, seed, &first, &last);
    for (int rep = 0; rep < reps; rep++) {
      double start = now_ms();
      mlp_train(data, data + n, n, hidden, lr, batch, epochs, seed, &first, &last);
      times[rep] = now_ms() - start;
    }
    print_result(times, reps, first, last);
    return 0;
  }
  fprintf(stderr, "usage: see the comment at the top of bench/reference.c\n");
  return 2;
}
