/** Every answer to a review click, in every locale: one sentence, names escaped, the Link button where a link is needed. */
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/domain/locale.js';
import { ACTION_LINK_ACCOUNT } from '../../src/render/action-ids.js';
import { type ReviewNotice, renderReviewNotice, renderReviewThreadNote } from '../../src/render/review-messages.js';
import { checkMessage } from './block-kit-check.js';

const HOSTILE = '<!channel> & <@U024BE7LH>';
const NOTICES: ReviewNotice[] = [
  { kind: 'done', decision: 'pass', stage: HOSTILE, pipeline: HOSTILE },
  { kind: 'done', decision: 'refuse', stage: 'test_review', pipeline: 'web' },
  { kind: 'not_linked' },
  { kind: 'relink' },
  { kind: 'not_reviewer', stage: HOSTILE },
  { kind: 'already_decided' },
  { kind: 'you_decided' },
  { kind: 'moved_on' },
  { kind: 'api_refused' },
  { kind: 'api_unreachable' },
];

describe.each(LOCALES)('review answers (%s)', (locale) => {
  it.each(NOTICES.map((n) => [n.kind, n] as const))('%s: one sentence, escaped, valid blocks', (_kind, notice) => {
    const message = renderReviewNotice(notice, locale);
    expect(message.text.length).toBeGreaterThan(10);
    expect(message.text).not.toContain('<!channel>');
    expect(checkMessage(message)).toEqual([]);
    const link = JSON.stringify(message.blocks).includes(ACTION_LINK_ACCOUNT);
    expect(link).toBe(notice.kind === 'not_linked' || notice.kind === 'relink');
  });

  it('the thread note names who, the decision and the stage, escaped', () => {
    const note = renderReviewThreadNote('bob', 'pass', HOSTILE, locale);
    expect(note.text).toContain('bob');
    expect(note.text).toContain('&lt;!channel&gt;');
  });
});
