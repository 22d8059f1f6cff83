/**
 * Issue 6, bad input — real SWR bodies (test/fixtures/pipelines/*.json and the API reference's two examples in
 * test/swr/fixtures/) with fields deleted, replaced or retyped, written as JSON, YAML or cut off, then decoded,
 * parsed and rendered as the bot does: a valid card, or `invalid_response` — never another exception. The same
 * bodies are served over HTTP to the real client in swr-bodies.property.test.ts.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { tryDecodeBody } from '../../src/backends/huawei/body.js';
import { BackendError } from '../../src/domain/backend-error.js';
import { encode, encoding, mutatedBody } from './mutate.js';
import { cardOptions, expectGoodCard, parseOrFail } from './swr-expect.js';

describe('mutated real bodies (pure)', () => {
  it('decode → parse → render: a valid card, or invalid_response (10,000 cases)', () => {
    fc.assert(
      fc.property(mutatedBody, encoding, fc.double({ min: 0, max: 1, noNaN: true }), cardOptions, (m, enc, cut, o) => {
        const text = encode(m.body, enc, cut);
        const decoded = tryDecodeBody(text);
        if (decoded === undefined) return;
        const parsed = parseOrFail(decoded);
        if (!(parsed instanceof BackendError)) expectGoodCard(parsed, text, o);
      }),
      { numRuns: 10_000 },
    );
  }, 60_000);
});
