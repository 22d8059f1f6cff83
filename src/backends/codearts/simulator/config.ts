/**
 * The CodeArts simulator's own settings (`npm run simulator:codearts`); the bot's built-in CodeArts simulator reads
 * `CODEARTS_SIMULATOR_PORT` only.
 */
import { z } from 'zod';
import { configPart, positiveNumber, wholeNumber } from '../../../config/env.js';

/** `CODEARTS_SIMULATOR_PORT`: 0 picks a free one; default 8098. */
export const codeArtsSimulatorPortField = wholeNumber(0, 65_535, 8098);

export interface CodeArtsSimulatorConfig {
  host: string;
  port: number;
  /** How many times faster than real time the simulated pipelines move. */
  speed: number;
}

/** `CODEARTS_SIMULATOR_HOST`, `CODEARTS_SIMULATOR_PORT`, `CODEARTS_SIMULATOR_SPEED`. */
export const codeArtsSimulatorPart = configPart<CodeArtsSimulatorConfig>(
  z
    .object({
      CODEARTS_SIMULATOR_HOST: z.string().default('127.0.0.1'),
      CODEARTS_SIMULATOR_PORT: codeArtsSimulatorPortField,
      CODEARTS_SIMULATOR_SPEED: positiveNumber(10_000, 1),
    })
    .transform((v) => ({
      host: v.CODEARTS_SIMULATOR_HOST,
      port: v.CODEARTS_SIMULATOR_PORT,
      speed: v.CODEARTS_SIMULATOR_SPEED,
    })),
);
