/**
 * Property tests explore with a fixed seed, so a run on CI and a run on a laptop check the same cases and
 * a red build is never luck. To explore new cases, run with FC_SEED=<any integer> (fast-check prints the
 * seed and path of any counterexample it finds).
 */
import fc from "fast-check";

const seed = Number(process.env.FC_SEED ?? 20_261_128);
fc.configureGlobal({ seed, numRuns: 200 });
