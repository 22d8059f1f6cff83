/** What one client or one person may ask of the bot: the body size of a request, the pace of pipeline lookups. */
import { z } from 'zod';
import { configPart, positiveNumber, wholeNumber } from '../config/env.js';

export interface RequestLimitsConfig {
  /** Requests to the events path with a larger body get 413 unread (src/slack/http-limits.ts says why 1 MiB). */
  maxBodyBytes: number;
  /** Each person's pipeline lookups: refilled at this rate… */
  lookupsPerSecond: number;
  /** …up to this many in a burst. */
  lookupBurst: number;
}

/** `SLACK_MAX_BODY_KB` (16–65536, default 1024), `USER_LOOKUPS_PER_SECOND` (default 3), `USER_LOOKUP_BURST` (default 10). */
export const requestLimitsPart = configPart<RequestLimitsConfig>(
  z
    .object({
      SLACK_MAX_BODY_KB: wholeNumber(16, 65_536, 1024),
      USER_LOOKUPS_PER_SECOND: positiveNumber(1_000_000, 3),
      USER_LOOKUP_BURST: wholeNumber(1, 1_000_000, 10),
    })
    .transform((v) => ({
      maxBodyBytes: v.SLACK_MAX_BODY_KB * 1024,
      lookupsPerSecond: v.USER_LOOKUPS_PER_SECOND,
      lookupBurst: v.USER_LOOKUP_BURST,
    })),
);
