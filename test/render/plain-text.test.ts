import { describe, expect, it } from 'vitest';
import { mrkdwnToPlain, renderPlainText } from '../../src/render/plain-text.js';

describe('renderPlainText', () => {
  it('turns Slack markup back into what a reader sees', () => {
    expect(mrkdwnToPlain('waiting on <@U0BOB1234>, *carol* · &lt;!channel&gt; &amp; co')).toBe(
      'waiting on @U0BOB1234, carol · <!channel> & co',
    );
    expect(mrkdwnToPlain('Refreshed at <!date^1714564800^{time}|12:00 UTC>')).toBe('Refreshed at 12:00 UTC');
    expect(mrkdwnToPlain('<https://example.com|the console>')).toBe('the console');
  });

  it('shows every block kind, buttons in brackets', () => {
    const out = renderPlainText({
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '✅ build &amp; ship' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '*Succeeded*' }] },
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'Started ' },
                { type: 'date', timestamp: 1, format: '{ago}', fallback: '3 min ago' },
              ],
            },
          ],
        },
        { type: 'divider' },
        { type: 'section', text: { type: 'mrkdwn', text: 'line' }, fields: [{ type: 'mrkdwn', text: 'field' }] },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Refresh' } },
            { type: 'button', action_id: 'b', text: { type: 'plain_text', text: 'Open in console' }, url: 'https://x' },
          ],
        },
      ],
    });
    expect(out).toContain('✅ build & ship');
    expect(out).toContain('Succeeded');
    expect(out).toContain('Started 3 min ago');
    expect(out).toContain('line\nfield');
    expect(out).toContain('[Refresh] [Open in console]');
  });

  it('falls back to the text when there are no blocks', () => {
    expect(renderPlainText({ text: 'only &amp; text', blocks: [] })).toBe('only & text');
  });
});
