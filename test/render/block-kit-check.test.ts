import { describe, expect, it } from 'vitest';
import { checkMessage } from './block-kit-check.js';

const ok = { type: 'section', text: { type: 'mrkdwn', text: 'fine' } };

describe('the Block Kit checker itself', () => {
  it('accepts a valid message', () => {
    expect(checkMessage({ text: 'hi', blocks: [ok] })).toEqual([]);
  });

  it('catches each kind of breakage', () => {
    const broken: [string, unknown][] = [
      ['no text', { text: '', blocks: [ok] }],
      ['51 blocks', { text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }],
      ['long section', { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a'.repeat(3001) } }] }],
      ['long header', { text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'a'.repeat(151) } }] }],
      ['mrkdwn header', { text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'a' } }] }],
      [
        '11 fields',
        {
          text: 'x',
          blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
        },
      ],
      [
        '11 context elements',
        {
          text: 'x',
          blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }],
        },
      ],
      [
        'long button',
        {
          text: 'x',
          blocks: [
            {
              type: 'actions',
              elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } }],
            },
          ],
        },
      ],
      [
        'long value',
        {
          text: 'x',
          blocks: [
            {
              type: 'actions',
              elements: [
                { type: 'button', action_id: 'a', value: 'v'.repeat(2001), text: { type: 'plain_text', text: 'b' } },
              ],
            },
          ],
        },
      ],
      [
        'duplicate action ids',
        {
          text: 'x',
          blocks: [
            {
              type: 'actions',
              elements: [1, 2].map(() => ({ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b' } })),
            },
          ],
        },
      ],
      [
        'unescaped mention',
        { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi <!channel>' } }] },
      ],
      ['unescaped ampersand', { text: 'a & b', blocks: [ok] }],
      [
        'too much text',
        {
          text: 'x',
          blocks: Array.from({ length: 4 }, () => ({
            type: 'section',
            text: { type: 'mrkdwn', text: 'a'.repeat(2900) },
          })),
        },
      ],
      ['unknown block', { text: 'x', blocks: [{ type: 'carousel' }] }],
      [
        'date without fallback',
        {
          text: 'x',
          blocks: [
            {
              type: 'rich_text',
              elements: [{ type: 'rich_text_section', elements: [{ type: 'date', timestamp: 1, format: '{ago}' }] }],
            },
          ],
        },
      ],
    ];
    for (const [why, message] of broken) expect(checkMessage(message), why).not.toEqual([]);
  });
});
