/**
 * Free text from SWR and CodeArts (pipeline, group, stage, job and reviewer names, descriptions, triggers, branches,
 * commit and job messages, unknown statuses) can carry a phishing URL, `<!channel>` or `<@U…>`. Whatever it holds,
 * the rendered card — blocks and fallback text, both backends, both locales, every variant — links nothing from it
 * and mentions no one: no `scheme://`, `www.` or `name.tld` Slack could auto-link, no `<!`, `<@`, bare `@here`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAnswer } from '../../src/backends/codearts/answers.js';
import { mapRunDetail } from '../../src/backends/codearts/map.js';
import type { PipelineRun } from '../../src/domain/pipeline.js';
import { asPipelineId } from '../../src/domain/pipeline-id.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import type { SlackMessage } from '../../src/render/types.js';
import { rawCodeArtsFixture } from '../render/codearts-fixtures.js';
import { loadFixture, NOW } from '../render/fixtures.js';

/** Keys of the domain model that hold text a server wrote. */
const FREE_TEXT = new Set([
  'name',
  'group',
  'description',
  'trigger',
  'triggeredBy',
  'branch',
  'commitMessage',
  'message',
  'kindLabel',
  'raw',
]);
/** Unusual enough never to be in the bot's own words, so a match in the card can only come from the input. */
const HOSTS = ['evil-login.example.com', 'phish.zip', 'xn--pple-43d.com', 'bank.secure-verify.app', 'mallory.co'];

const link = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('https://', 'http://', 'HTTPS://', 'ftp://', 'mailto:x@', ''),
      fc.constantFrom(...HOSTS),
      fc.constantFrom('', '/login?next=1', ':8443/x', '.'),
    )
    .map((p) => p.join('')),
  fc.constantFrom(...HOSTS).map((h) => `www.${h}`),
  fc.constantFrom(...HOSTS).map((h) => `<https://${h}|click here>`),
  fc.constantFrom(
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<@U024BE7LH>',
    '<!subteam^S123>',
    '@here',
    '@channel',
    '@everyone',
    '<#C123|general>',
  ),
);
const hostile = fc
  .array(fc.oneof(link, fc.constantFrom(' ', 'see ', ' now', '\n', '*', '_', '`', '&', '>', '(', ')')), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

function withText(run: PipelineRun, texts: string[]): PipelineRun {
  let i = 0;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object' || value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = FREE_TEXT.has(key) && typeof v === 'string' ? (texts[i++ % texts.length] ?? '') : visit(v);
    }
    return out;
  };
  return visit(run) as PipelineRun;
}

const codeArts = (name: Parameters<typeof rawCodeArtsFixture>[0]): PipelineRun => {
  const answer = expectAnswer('run detail', rawCodeArtsFixture(name) as Record<string, unknown>);
  return mapRunDetail(answer, asPipelineId(String(answer.pipeline_id)));
};
const RUNS: [string, PipelineRun, 'containerops' | 'codearts'][] = [
  ['running-review', loadFixture('running-review'), 'containerops'],
  ['failed', loadFixture('failed'), 'containerops'],
  ['refused-review', loadFixture('refused-review'), 'containerops'],
  ['failed-job', codeArts('failed-job'), 'codearts'],
  ['waiting-review', codeArts('waiting-review'), 'codearts'],
];

/** Every text Slack reads as mrkdwn or shows: the fallback `text` and every `text` in the blocks. */
function textsOf(message: SlackMessage): string[] {
  const out = [message.text];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'text' && typeof v === 'string') out.push(v);
        else if (key !== 'url' && key !== 'value') visit(v);
      }
    }
  };
  visit(message.blocks);
  return out;
}

// What Slack's auto-linker would take: a scheme, `www.`, or one of the hosts (each dot unbroken).
const LINKABLE = new RegExp(
  ['[a-z]+://', 'www\\.', 'mailto:', ...HOSTS.map((h) => h.replace(/\./g, '\\.'))].join('|'),
  'i',
);
// `<!date^…>` is the bot's own (a time in the reader's zone).
const MENTION = /<!(?!date\^)|<@|<#|(?<![\w\u2060])@(?:here|channel|everyone)\b/;

describe('free text in a card links nothing and mentions no one', () => {
  it('for any text with URLs and mentions in every free-text field (400 cases × 5 runs)', () => {
    fc.assert(
      fc.property(
        fc.array(hostile, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('en', 'zh-CN' as const),
        (texts, locale) => {
          for (const [, run, backend] of RUNS) {
            const message = renderPipelineMessage(withText(run, texts), {
              now: NOW,
              locale,
              backend,
              refreshedAt: NOW,
            });
            for (const text of textsOf(message)) {
              expect(text).not.toMatch(LINKABLE);
              expect(text).not.toMatch(MENTION);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the hostile examples, spelled out', () => {
    const run = withText(loadFixture('failed'), [
      'see https://evil-login.example.com/login and www.phish.zip',
      '<!channel> @here mallory.co',
    ]);
    const texts = textsOf(renderPipelineMessage(run, { now: NOW, locale: 'en', refreshedAt: NOW }));
    const all = texts.join('\n');
    expect(all).toContain('https:\u2060//evil-login\u2060.example\u2060.com/login');
    expect(all).toContain('www\u2060.phish\u2060.zip');
    expect(all).toContain('&lt;!channel&gt; @\u2060here mallory\u2060.co');
  });
});
