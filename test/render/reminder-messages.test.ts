/** The reminder messages cut as Slack needs them: never inside a mention or an entity. */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/render/limits.js';
import { renderReminderDm, renderReminderReport } from '../../src/render/reminder-messages.js';

/** No `<` without its `>`, no `&` that does not start an entity. */
const intact = (text: string) => {
  expect(text).not.toMatch(/<[^>]*$/);
  expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
};

describe('reminder messages', () => {
  it('a report longer than a section is cut before a mention, not inside it', () => {
    const people = Array.from({ length: 20 }, (_, i) => ({
      name: `p${i}`,
      userId: `U${String(i).padStart(300, '0')}`,
    }));
    const { text } = renderReminderReport(
      { reminded: people, recently: [], notLinked: [], failed: [], windowMinutes: 60 },
      'en',
    );
    expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    intact(text);
  });

  it('a DM whose card text is at the message limit is cut before an entity, not inside it', () => {
    const card = { text: 'a&amp;b '.repeat(LIMITS.messageText / 8), blocks: [] };
    for (const pad of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const { text } = renderReminderDm(
        { ...card, text: `${'x'.repeat(pad)}${card.text}` },
        { fromUserId: 'U00000001', stage: 'stage', pipeline: 'pipe' },
        'en',
      );
      expect(text.length).toBeLessThanOrEqual(LIMITS.messageText);
      intact(text);
    }
  });
});
