import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODEARTS_ID_EXAMPLE, codeArtsIds, MAX_SCAN } from '../../../src/backends/codearts/ids.js';
import { CONTROLS, MARKUP, PINGS, UNICODE } from '../../fuzz/hostile.js';

const A = 'c87ae95a4b96141590b1cc0707da4e77';
const B = '6cefae121ada7282aded99838c42ebb7';
const PROJECT = 'ae6f6d51e009d404a1858bdd0a7dee31';
const RUN = 'a10cf7d6db0c66a7f3de105c665c6354';

describe('CodeArts id syntax: parse', () => {
  it('takes 32 hex digits in any case, normalised to lower case; the example is one', () => {
    expect(codeArtsIds.parse(A)).toBe(A);
    expect(codeArtsIds.parse(A.toUpperCase())).toBe(A);
    expect(codeArtsIds.parse(`  ${A}\n`)).toBe(A);
    expect(codeArtsIds.parse(CODEARTS_ID_EXAMPLE)).toBe(CODEARTS_ID_EXAMPLE);
  });

  it('refuses anything else', () => {
    for (const token of [
      '',
      A.slice(1),
      `${A}0`,
      `${A.slice(0, 31)}g`,
      '29476',
      `${A.slice(0, 8)}-${A.slice(8, 12)}-${A.slice(12, 16)}-${A.slice(16, 20)}-${A.slice(20)}`,
      `#${A}`,
      `pipeline ${A}`,
      'x'.repeat(5_000),
    ]) {
      expect(codeArtsIds.parse(token), token).toBeNull();
    }
  });

  it('takes a pasted console link, plain or as Slack sends it', () => {
    const link = `https://devcloud.cn-north-4.huaweicloud.com/cicd/project/${PROJECT}/pipeline/detail/${A}/${RUN}?v=1`;
    expect(codeArtsIds.parse(link)).toBe(A);
    expect(codeArtsIds.parse(`<${link}|the run>`)).toBe(A);
    expect(codeArtsIds.parse('https://devcloud.cn-north-4.huaweicloud.com/cicd/home')).toBeNull();
  });
});

describe('CodeArts id syntax: find', () => {
  it('finds console links (detail, history, modify), never the project id or the run id', () => {
    const text = [
      `see https://devcloud.cn-north-4.huaweicloud.com/cicd/project/${PROJECT}/pipeline/detail/${A}/${RUN}?v=1`,
      `and <https://devcloud.ap-southeast-3.huaweicloud.com/cicd/project/${PROJECT}/pipeline/history/${B}?from=in-project&amp;v=1|history>`,
      `and again …/pipeline/modify/${A.toUpperCase()}?from=project&v=1`,
    ].join('\n');
    expect(codeArtsIds.find(text)).toEqual([A, B]);
  });

  it('finds API paths, pipelineId= parameters and phrases, in order', () => {
    expect(codeArtsIds.find(`GET /v5/${PROJECT}/api/pipelines/${B}/pipeline-runs/detail`)).toEqual([B]);
    expect(codeArtsIds.find(`https://x.example/?a=1&amp;pipelineId=${A}`)).toEqual([A]);
    expect(codeArtsIds.find(`#pipeline_id=${B} then pipeline ${A}`)).toEqual([B, A]);
    expect(codeArtsIds.find(`Pipeline ID: ${A}`)).toEqual([A]);
    expect(codeArtsIds.find(`pipeline *${A}* failed, pipeline \`${B}\` too`)).toEqual([A, B]);
    expect(codeArtsIds.find(`流水线：${A}`)).toEqual([A]);
    expect(codeArtsIds.find(`pipeline_${B}`)).toEqual([B]);
  });

  it('never takes a bare id, a longer hex string, a prefixed word or a far-away id', () => {
    const sha = `${A}deadbeef`;
    for (const text of [
      A,
      `run ${A}`,
      `pipeline ${sha}`,
      `mypipeline ${A}`,
      `pipeline${A}`,
      `pipeline        ${A}`,
      `project/${PROJECT}`,
      `md5 ${A}`,
    ]) {
      expect(codeArtsIds.find(text), text).toEqual([]);
    }
  });

  it('reads only the first MAX_SCAN characters', () => {
    expect(codeArtsIds.find(`${' '.repeat(MAX_SCAN)}pipeline ${A}`)).toEqual([]);
    expect(codeArtsIds.find(`${' '.repeat(MAX_SCAN - 60)}pipeline ${A}`)).toEqual([A]);
  });

  // What the scan costs is measured in `npm run bench` (the id-scan benchmark); here, that it reads such input right.
  it('reads hostile near-miss input without finding an id', () => {
    const hostile = [
      `pipeline${' '.repeat(40_000)}`,
      'pipeline '.repeat(5_000),
      `/pipeline/${'a/'.repeat(20_000)}`,
      `${'/pipelines/detail/'.repeat(2_500)}`,
      `pipeline id${':'.repeat(40_000)}`,
      `?pipelineId=${'a'.repeat(40_000)}`,
      `pipeline ${'0'.repeat(40_000)}`,
      '流水线'.repeat(13_000),
    ];
    for (const text of hostile) expect(codeArtsIds.find(text), text.slice(0, 30)).toEqual([]);
  });
});

const hex32 = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 32, maxLength: 32 });
const noise = fc.oneof(
  fc.constantFrom(...PINGS, ...MARKUP, ...UNICODE, ...CONTROLS, ' ', '\n', 'pipeline', 'Pipeline ID', '/pipeline/'),
  fc.string({ maxLength: 12 }),
);
const hostileText = fc.array(noise, { maxLength: 40 }).map((parts) => parts.join(''));
const HEX_RUN = /[0-9a-f]{32}/i;

describe('CodeArts id syntax: properties', () => {
  it('every id found is in the text, parses to itself, and is found once', () => {
    fc.assert(
      fc.property(hostileText, fc.array(hex32, { maxLength: 3 }), (text, ids) => {
        const full = ids.reduce(
          (acc, id, i) => `${acc} ${i % 2 ? 'pipeline' : '/pipeline/detail/'}${i % 2 ? ' ' : ''}${id} ${text}`,
          text,
        );
        const found = codeArtsIds.find(full);
        expect(new Set(found).size).toBe(found.length);
        for (const id of found) {
          expect(codeArtsIds.parse(id)).toBe(id);
          expect(full.toLowerCase()).toContain(id);
        }
      }),
    );
  });

  it('an id said to be a pipeline is found, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        hostileText,
        hex32,
        hostileText,
        fc.constantFrom('pipeline ', 'pipeline: ', '/pipeline/detail/', '?pipelineId='),
        (before, id, after, lead) => {
          const text = `${before} ${lead}${id} ${after}`;
          if (text.length > 30_000) return;
          expect(codeArtsIds.find(text)).toContain(id.toLowerCase());
        },
      ),
    );
  });

  it('text without a 32-hex run yields nothing; parse never throws and only returns valid ids', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        if (!HEX_RUN.test(text)) expect(codeArtsIds.find(text)).toEqual([]);
        const parsed = codeArtsIds.parse(text);
        expect(parsed === null || /^[0-9a-f]{32}$/.test(parsed)).toBe(true);
      }),
    );
  });

  it('padding never changes what parse reads', () => {
    fc.assert(
      fc.property(
        hex32,
        fc.stringMatching(/^[ \t\n]{0,5}$/),
        fc.stringMatching(/^[ \t\n]{0,5}$/),
        (id, left, right) => {
          expect(codeArtsIds.parse(`${left}${id}${right}`)).toBe(id.toLowerCase());
        },
      ),
    );
  });
});
