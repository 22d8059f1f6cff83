import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRef, encodeRef, MAX_REF_LENGTH } from '../../../src/backends/codearts/refs.js';
import { CONTROLS, MARKUP, PINGS, UNICODE } from '../../fuzz/hostile.js';

const RUN = 'a10cf7d6db0c66a7f3de105c665c6354';
const JOB = '2ec2864fed15c005d5b0094ac5885855';
const STEP = '459f0c584a6618ee50c65953538c9254';
const SLACK_BUTTON_VALUE_MAX = 2_000;

describe('review and log refs', () => {
  it('round-trips a step address, per kind, and fits a Slack button value', () => {
    const ref = encodeRef('review', { runId: RUN, jobRunId: JOB, stepRunId: STEP });
    expect(ref).toBe(`ca1.r.${RUN}.${JOB}.${STEP}`);
    expect(decodeRef('review', ref)).toEqual({ runId: RUN, jobRunId: JOB, stepRunId: STEP });
    expect(decodeRef('log', ref)).toBeNull();
    const log = encodeRef('log', { runId: RUN, jobRunId: JOB, stepRunId: STEP });
    expect(decodeRef('log', log)).toEqual({ runId: RUN, jobRunId: JOB, stepRunId: STEP });
    expect(decodeRef('review', log)).toBeNull();
    const longest = encodeRef('review', { runId: 'a'.repeat(64), jobRunId: 'b'.repeat(64), stepRunId: 'c'.repeat(64) });
    expect(longest?.length).toBe(MAX_REF_LENGTH);
    expect(MAX_REF_LENGTH).toBeLessThan(SLACK_BUTTON_VALUE_MAX);
  });

  it('refuses to encode missing or unsafe ids', () => {
    for (const bad of [null, undefined, '', '../x', 'a/b', 'a.b', 'a%2Fb', 'a b', 'é', 'a'.repeat(65), 'a\nb']) {
      expect(encodeRef('review', { runId: RUN, jobRunId: bad, stepRunId: STEP }), String(bad)).toBeNull();
    }
  });

  it('decodes hostile values to null, never throwing', () => {
    const hostile: unknown[] = [
      undefined,
      null,
      42,
      {},
      ['ca1.r.a.b.c'],
      '',
      'ca1',
      'ca1.r.a.b',
      'ca1.r.a.b.c.d',
      'ca2.r.a.b.c',
      'CA1.r.a.b.c',
      'ca1.x.a.b.c',
      'ca1.r..b.c',
      'ca1.r.a/../b.b.c',
      'ca1.r.a%2F..%2F.b.c',
      'ca1.r.a.b.c\n',
      ' ca1.r.a.b.c',
      'ca1.r.a.b.c\u0000',
      'ca1.r.__proto__.b.c',
      `ca1.r.${'a'.repeat(65)}.b.c`,
      `ca1.r.${'a'.repeat(100_000)}`,
      'ca1.r.a.b.ｃ',
      '{"runId":"a"}',
    ];
    for (const value of hostile) {
      expect(() => decodeRef('review', value)).not.toThrow();
      expect(decodeRef('review', value), String(value).slice(0, 40)).toBeNull();
    }
    // `__proto__` is just letters: a valid id segment, carried as data, never used as a key.
    expect(decodeRef('review', 'ca1.r.proto.b.c')).toEqual({ runId: 'proto', jobRunId: 'b', stepRunId: 'c' });
  });

  it('property: any string decodes to null or to three alphanumeric segments that encode back to it', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom(...PINGS, ...MARKUP, ...UNICODE, ...CONTROLS),
      fc
        .tuple(fc.constantFrom('r', 'l', 'x', ''), fc.array(fc.string({ maxLength: 70 }), { maxLength: 5 }))
        .map(([kind, parts]) => ['ca1', kind, ...parts].join('.')),
    );
    fc.assert(
      fc.property(text, fc.constantFrom('review' as const, 'log' as const), (value, kind) => {
        const decoded = decodeRef(kind, value);
        if (decoded === null) return;
        for (const part of Object.values(decoded)) expect(part).toMatch(/^[A-Za-z0-9]{1,64}$/);
        expect(encodeRef(kind, decoded)).toBe(value);
      }),
    );
  });

  it('property: every safe address round-trips', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9]{1,64}$/);
    fc.assert(
      fc.property(id, id, id, (runId, jobRunId, stepRunId) => {
        const ref = encodeRef('review', { runId, jobRunId, stepRunId });
        expect(ref?.length).toBeLessThanOrEqual(MAX_REF_LENGTH);
        expect(decodeRef('review', ref)).toEqual({ runId, jobRunId, stepRunId });
      }),
    );
  });
});
