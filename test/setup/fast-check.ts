/**
 * Property tests explore with a fresh random seed on every local run (fast-check prints the seed of a failure, so
 * any counterexample replays). In CI (`CI` set) they use one fixed seed, `FAST_CHECK_SEED` or the default below,
 * so that a landing is judged on the same cases every time; set `FAST_CHECK_SEED` to explore there too.
 */
import fc from 'fast-check';

const DEFAULT_CI_SEED = 20_261_128;

const chosen = process.env.FAST_CHECK_SEED ?? (process.env.CI ? String(DEFAULT_CI_SEED) : undefined);
if (chosen !== undefined) fc.configureGlobal({ seed: Number(chosen) });
