/**
 * Issue 6, bad input — what SWR answers. Random values and random JSON go through the parser and the renderer
 * (pure); then random and mutated bodies, statuses and content types are served by a local HTTP server to the real
 * SWR client. Whatever arrives, the outcome is a pipeline whose card is valid Block Kit within Slack's limits, or an
 * `BackendError` with a known kind whose message is valid too — never a `TypeError` or any other exception. The
 * mutated real bodies have their own pure property in swr-mutated-bodies.property.test.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerOpsClient } from '../../src/backends/containerops/client.js';
import { tryDecodeBody } from '../../src/backends/huawei/body.js';
import type { PipelineBackend } from '../../src/domain/backend.js';
import { BackendError } from '../../src/domain/backend-error.js';
import type { Locale } from '../../src/domain/locale.js';
import type { PipelineRun } from '../../src/domain/pipeline.js';
import type { CardVariant } from '../../src/render/types.js';
import { type LocalServer, type Reply, startServer } from '../backends/containerops/local-server.js';
import { pid } from '../helpers/pipeline-id.js';
import { encode, encoding, mutatedBody } from './mutate.js';
import { cardOptions, expectGoodCard, expectGoodFailure, parseOrFail } from './swr-expect.js';

describe('parse and render (pure)', () => {
  it('any JavaScript value: a pipeline with a valid card, or invalid_response (10,000 cases)', () => {
    const anything = fc.anything({
      maxDepth: 3,
      maxKeys: 4,
      depthSize: 'small',
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withObjectString: true,
    });
    // Often shaped like a pipeline, so the parser goes past the id check.
    const value = fc.oneof(
      anything,
      fc.record({ id: fc.oneof(fc.nat(), fc.string(), anything), stages: anything, status: anything }),
      fc.record({
        id: fc.nat(),
        name: anything,
        stages: fc.array(fc.dictionary(fc.constantFrom('name', 'service_name', 'params', 'id'), anything), {
          maxLength: 4,
        }),
        status: fc.record({
          status: anything,
          stage_index: anything,
          stages: fc.array(anything, { maxLength: 4 }),
          start_time: anything,
        }),
      }),
    );
    fc.assert(
      fc.property(value, cardOptions, (raw, o) => {
        const parsed = parseOrFail(raw);
        // Words in the value ("undefined" as a stage name) may be shown, escaped: they are data.
        if (!(parsed instanceof BackendError)) expectGoodCard(parsed, fc.stringify(raw), o);
      }),
      { numRuns: 10_000 },
    );
  }, 60_000);

  it('random JSON documents, decoded as the client does: the same (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), cardOptions, (text, o) => {
        const decoded = tryDecodeBody(text);
        if (decoded === undefined) return;
        const parsed = parseOrFail(decoded);
        if (!(parsed instanceof BackendError)) expectGoodCard(parsed, text, o);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('served over HTTP to the real SWR client', () => {
  let server: LocalServer;
  let client: PipelineBackend;
  let next: Reply = { body: '' };
  beforeAll(async () => {
    server = await startServer(() => next);
    client = createContainerOpsClient({
      endpoint: server.url,
      auth: { kind: 'token', token: 'fuzz-token-0123456789' },
      retries: 0,
      cacheMs: 0,
      timeoutMs: 3_000,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  /** Status, content type and a body: a mutated real one, random JSON, an error body, or random text. */
  const answer = fc.record({
    status: fc.oneof(
      { arbitrary: fc.constantFrom(200, 200, 200, 200, 200, 201, 203), weight: 8 },
      { arbitrary: fc.constantFrom(204, 301, 400, 401, 403, 404, 409, 429, 500, 502, 503), weight: 2 },
    ),
    contentType: fc.constantFrom(
      'application/json',
      'application/json;charset=utf8',
      'application/yaml',
      'text/html',
      '',
    ),
    body: fc.oneof(
      {
        arbitrary: fc
          .tuple(mutatedBody, encoding, fc.double({ min: 0, max: 1, noNaN: true }))
          .map(([m, enc, cut]) => encode(m.body, enc, cut)),
        weight: 6,
      },
      { arbitrary: fc.json({ maxDepth: 3 }), weight: 2 },
      {
        arbitrary: fc
          .jsonValue({ maxDepth: 3 })
          .map((v) => JSON.stringify([{ error_code: 'SVCSTG.SWR.4040162', error_msg: v }])),
        weight: 1,
      },
      { arbitrary: fc.string({ maxLength: 300, unit: 'binary' }), weight: 1 },
      {
        arbitrary: fc.constantFrom('', 'null', '<html>502 Bad Gateway</html>', '{"id":', 'Service Unavailable'),
        weight: 1,
      },
    ),
    locale: fc.constantFrom<Locale>('en', 'zh-CN'),
    variant: fc.constantFrom<CardVariant>('private', 'channel', 'watch'),
  });

  it('every answer is a valid card or a worded BackendError, never another exception (2,000 cases)', async () => {
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        next = { status: a.status, headers: a.contentType ? { 'content-type': a.contentType } : {}, body: a.body };
        let pipeline: PipelineRun;
        try {
          pipeline = await client.getRun(pid('29476'));
        } catch (error) {
          outcomes.add(error instanceof BackendError ? error.kind : String(error));
          expectGoodFailure(error, a.locale);
          return;
        }
        outcomes.add('pipeline');
        expectGoodCard(pipeline, a.body, { locale: a.locale, variant: a.variant, refreshed: false });
      }),
      { numRuns: 2_000 },
    );
    // The generator reached each kind of outcome.
    for (const outcome of ['pipeline', 'invalid_response', 'not_found', 'upstream', 'unauthorized']) {
      expect(outcomes).toContain(outcome);
    }
  }, 60_000);
});
