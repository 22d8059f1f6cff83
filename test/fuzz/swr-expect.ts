/**
 * What the SWR body fuzz tests expect of every outcome: a parsed pipeline renders to a valid card within Slack's
 * limits; a failure is an `BackendError` of a known kind (not a JavaScript bug turned into `invalid_response`) whose
 * message is valid too.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { BACKEND_ERROR_KINDS, BackendError } from '../../src/domain/backend-error.js';
import type { Locale } from '../../src/domain/locale.js';
import type { PipelineRun } from '../../src/domain/pipeline.js';
import { renderErrorMessage } from '../../src/render/error-message.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { renderPlainText } from '../../src/render/plain-text.js';
import type { CardVariant } from '../../src/render/types.js';
import { runFromRaw } from '../helpers/containerops-run.js';
import { answerProblems } from './answer-check.js';
import { ALICE_SLACK_ID, CONFIGURED_MENTIONS } from './fuzz-bot.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const KINDS = new Set<string>(BACKEND_ERROR_KINDS);
// What a JavaScript bug says; never the detail of an BackendError (the client turns any bug into invalid_response).
const JS_BUG =
  /Cannot read|Cannot set|is not a function|is not iterable|is not defined|Maximum call stack|Invalid time/;

export interface CardOptions {
  locale: Locale;
  variant: CardVariant;
  refreshed: boolean;
}

export const cardOptions: fc.Arbitrary<CardOptions> = fc.record({
  locale: fc.constantFrom<Locale>('en', 'zh-CN'),
  variant: fc.constantFrom<CardVariant>('private', 'channel', 'watch'),
  refreshed: fc.boolean(),
});

/** A parsed pipeline's card must be valid whatever the body was; `input` is the body as text. */
export function expectGoodCard(pipeline: PipelineRun, input: string, o: CardOptions): void {
  const message = renderPipelineMessage(pipeline, {
    now: NOW,
    locale: o.locale,
    variant: o.variant,
    mentions: { alice: ALICE_SLACK_ID },
    ...(o.refreshed ? { refreshedAt: NOW } : {}),
  });
  expect(answerProblems(message as unknown as Record<string, unknown>, input, CONFIGURED_MENTIONS)).toEqual([]);
  expect(typeof renderPlainText(message)).toBe('string');
}

/** A failure must be an BackendError of a known kind, not a bug in disguise, and its message valid. */
export function expectGoodFailure(error: unknown, locale: Locale): void {
  expect(error).toBeInstanceOf(BackendError);
  const e = error as BackendError;
  expect(KINDS.has(e.kind)).toBe(true);
  expect(e.detail ?? '').not.toMatch(JS_BUG);
  const message = renderErrorMessage(e, { id: '29476', locale });
  expect(answerProblems(message as unknown as Record<string, unknown>, '')).toEqual([]);
}

/** Parses `raw` as the client does after decoding: a pipeline, or `invalid_response` saying it is none. */
export function parseOrFail(raw: unknown): PipelineRun | BackendError {
  try {
    return runFromRaw(raw, 'https://console.example.com/#/pipeline/{id}');
  } catch (error) {
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).kind).toBe('invalid_response');
    expect((error as BackendError).detail).toMatch(/^not a pipeline: /);
    return error as BackendError;
  }
}
