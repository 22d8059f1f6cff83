/** The access settings: the policy file, and whether guests may use the bot. */
import { z } from 'zod';
import { configPart, oneOf, optionalText } from '../config/env.js';

export interface AccessConfig {
  /** `ACCESS_POLICY_FILE`: the policy's path; `null`: none (everyone sees everything; a start-up warning says so). */
  policyFile: string | null;
  /** `ALLOW_GUESTS`: single- and multi-channel guests may use the bot (refused by default). */
  allowGuests: boolean;
}

/** `ACCESS_POLICY_FILE` (a YAML file) and `ALLOW_GUESTS` (`true` | `false`, default `false`). */
export const accessPart = configPart<AccessConfig>(
  z
    .object({
      ACCESS_POLICY_FILE: optionalText(),
      ALLOW_GUESTS: oneOf(['true', 'false'] as const, 'false'),
    })
    .transform((v) => ({ policyFile: v.ACCESS_POLICY_FILE, allowGuests: v.ALLOW_GUESTS === 'true' })),
);
