/**
 * The SWR simulator's own settings (`npm run simulator`); the bot's built-in simulator reads `SIMULATOR_PORT` only.
 * It needs no Slack or SWR variables.
 */
import { z } from 'zod';
import { configPart, positiveNumber, wholeNumber } from '../../../config/env.js';

/** The token the simulator accepts unless `SIMULATOR_TOKEN` says otherwise (a demo value; it guards nothing). */
export const DEFAULT_SIMULATOR_TOKEN = 'simulator-demo-token';

/** `SIMULATOR_PORT`: 0 picks a free one; default 8099. */
export const simulatorPortField = wholeNumber(0, 65_535, 8099);

export interface SimulatorConfig {
  host: string;
  port: number;
  /** How many times faster than real time the simulated pipelines move. */
  speed: number;
  /** The token the simulator accepts in `X-Auth-Token` (besides the ones its IAM call issues). */
  token: string;
  /** Extra always-running `load-test-NNNNN` pipelines (ids from 100000) for load tests; 0 for none. */
  bulk: number;
}

/** `SIMULATOR_HOST`, `SIMULATOR_PORT`, `SIMULATOR_SPEED`, `SIMULATOR_TOKEN`, `SIMULATOR_BULK`. */
export const simulatorPart = configPart<SimulatorConfig>(
  z
    .object({
      SIMULATOR_HOST: z.string().default('127.0.0.1'),
      SIMULATOR_PORT: simulatorPortField,
      SIMULATOR_SPEED: positiveNumber(10_000, 1),
      SIMULATOR_TOKEN: z.string().default(DEFAULT_SIMULATOR_TOKEN),
      SIMULATOR_BULK: wholeNumber(0, 100_000, 0),
    })
    .transform((v) => ({
      host: v.SIMULATOR_HOST,
      port: v.SIMULATOR_PORT,
      speed: v.SIMULATOR_SPEED,
      token: v.SIMULATOR_TOKEN,
      bulk: v.SIMULATOR_BULK,
    })),
);
