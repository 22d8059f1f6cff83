/** The watch poller's settings: how often running pipelines are polled, when pending reviewers are reminded. */
import { z } from 'zod';
import { configPart, wholeNumber } from '../config/env.js';

export interface WatchConfig {
  intervalSeconds: number;
  reviewReminderMinutes: number;
  fullReadSeconds: number;
}

/**
 * `WATCH_INTERVAL_SECONDS` (1–3600, default 15), `REVIEW_REMINDER_MINUTES` (1–10080, default 60) and
 * `WATCH_FULL_READ_SECONDS` (0–3600, default 60; 0 reads every run in full: ./tick-reader.ts).
 */
export const watchPart = configPart<WatchConfig>(
  z
    .object({
      WATCH_INTERVAL_SECONDS: wholeNumber(1, 3600, 15),
      REVIEW_REMINDER_MINUTES: wholeNumber(1, 10_080, 60),
      WATCH_FULL_READ_SECONDS: wholeNumber(0, 3600, 60),
    })
    .transform((v) => ({
      intervalSeconds: v.WATCH_INTERVAL_SECONDS,
      reviewReminderMinutes: v.REVIEW_REMINDER_MINUTES,
      fullReadSeconds: v.WATCH_FULL_READ_SECONDS,
    })),
);
