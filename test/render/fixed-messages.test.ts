/**
 * The bot's own short messages (usage, notices) name placeholders like `/pipeline <id|name>`. In mrkdwn — blocks
 * and the top-level `text` alike — Slack reads an unescaped `<id|name>` as a link labelled "name", so the user
 * would see "/pipeline name". None of these messages holds a Slack token: no raw `<` or `>` may reach Slack.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { type Notice, renderNotice } from '../../src/render/notice-message.js';
import type { SlackMessage } from '../../src/render/types.js';
import { renderUsageMessage, type UsageProblemCode } from '../../src/render/usage-message.js';

const LOCALES: Locale[] = ['en', 'zh-CN'];

const NOTICES: Notice[] = [
  { kind: 'nothing_found' },
  { kind: 'cannot_post', reason: 'not_in_channel' },
  { kind: 'cannot_post', reason: 'restricted_action_thread_only' },
  { kind: 'shared', id: '29476' },
  { kind: 'more_found', shown: 3, total: 5 },
  { kind: 'watch_unavailable' },
  { kind: 'slack_failed' },
  { kind: 'stale_button' },
];

const PROBLEMS: (UsageProblemCode | undefined)[] = [
  undefined,
  'too_long',
  'list_takes_nothing',
  'watch_needs_id',
  'watch_filter',
  'unwatch_needs_id',
  'only_share_after_id',
  'link_without_one_id',
  'login_takes_nothing',
  'unreadable',
];

/** The top-level `text` and every `text` string in the blocks. */
function texts(message: SlackMessage): string[] {
  const out = [message.text];
  JSON.stringify(message.blocks, (key, value: unknown) => {
    if (key === 'text' && typeof value === 'string') out.push(value);
    return value;
  });
  return out;
}

describe.each(LOCALES)('fixed messages in %s never send a raw < or >', (locale) => {
  it.each(NOTICES.map((n) => [n.kind, n] as const))('notice %s', (_kind, notice) => {
    for (const text of texts(renderNotice(notice, locale))) expect(text).not.toMatch(/[<>]/);
  });

  it.each(PROBLEMS.map((p) => [p ?? 'help', p] as const))('usage (%s)', (_label, problem) => {
    const message = renderUsageMessage({ locale, problem });
    for (const text of texts(message)) expect(text).not.toMatch(/[<>]/);
    // …while still showing the placeholders, escaped.
    expect(message.text).toContain('&lt;id');
  });
});
