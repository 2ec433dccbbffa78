/**
 * Keras learning-rate schedules (and the papers' cyclical and one-cycle), one family per file.
 *
 * - arguments: The argument checks every schedule factory shares: its table through `resolveParams`, plus the errors for rules that span two arguments (piecewise lengths, ordered boundaries).
 * - common-params: The argument specs that several schedule tables share.
 * - cosine-decay-restarts: Keras `keras.optimizers.schedules.CosineDecayRestarts` (keras/src/optimizers/schedules/learning_rate_schedule.py);
 * - cosine-decay: Keras 3 `keras.optimizers.schedules.CosineDecay`, with its optional linear warmup (keras/src/optimizers/schedules/learning_rate_schedule.py).
 * - cyclical-learning-rate: Cyclical learning rates, beyond Keras core: Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017 (arXiv:1506.01186), as implemented by TensorFlow Addons `tfa.optimizers.CyclicalLearningRate` and its Triangular, Triangular2 and ExponentialCyclical subclasses (tensorflow_addons/optimizers/cyclical_learning_rate.py).
 * - exponential-decay: Keras `keras.optimizers.schedules.ExponentialDecay` (keras/src/optimizers/schedules/learning_rate_schedule.py).
 * - inverse-time-decay: Keras `keras.optimizers.schedules.InverseTimeDecay` (keras/src/optimizers/schedules/learning_rate_schedule.py).
 * - one-cycle: The 1cycle policy, beyond Keras: Smith & Topin, "Super-Convergence" (arXiv:1708.07120), as implemented by PyTorch `torch.optim.lr_scheduler.OneCycleLR` (torch/optim/lr_scheduler.py), whose phases, defaults and annealing functions this follows exactly, with PyTorch's `last_epoch` read as our step.
 * - piecewise-constant-decay: Keras `keras.optimizers.schedules.PiecewiseConstantDecay` (keras/src/optimizers/schedules/learning_rate_schedule.py).
 * - polynomial-decay: Keras `keras.optimizers.schedules.PolynomialDecay` (keras/src/optimizers/schedules/learning_rate_schedule.py).
 * - registry: One table of every learning-rate policy the CLI and the web lab can name, keyed by its CLI name.
 * - schedule: A learning-rate schedule is a plain function from the optimizer's update counter to a rate.
 * - step-decay: Step decay, beyond Keras: PyTorch `torch.optim.lr_scheduler.StepLR` (torch/optim/lr_scheduler.py, its closed form `base_lr · gamma ** (last_epoch // step_size)`), with PyTorch's `last_epoch` read as our step.
 */

export * from "./arguments.js";
export * from "./common-params.js";
export * from "./cosine-decay.js";
export * from "./cosine-decay-restarts.js";
export * from "./cyclical-learning-rate.js";
export * from "./exponential-decay.js";
export * from "./inverse-time-decay.js";
export * from "./one-cycle.js";
export * from "./piecewise-constant-decay.js";
export * from "./polynomial-decay.js";
export * from "./registry.js";
export * from "./schedule.js";
export * from "./step-decay.js";
