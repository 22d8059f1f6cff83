/** The link modal and the linking answers: within Slack's limits, in both locales, names escaped. */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { ACTION_UNLINK_ACCOUNT, VIEW_LINK_ACCOUNT } from '../../src/render/action-ids.js';
import {
  LINK_FIELDS,
  type LinkMethodName,
  linkAccountButton,
  renderLinked,
  renderLinkingDisabled,
  renderLinkModal,
  renderNotLinked,
  renderUnlinked,
} from '../../src/render/link-messages.js';
import { checkMessage } from './block-kit-check.js';

const LOCALES: Locale[] = ['en', 'zh-CN'];
const ALL: LinkMethodName[] = ['password', 'aksk', 'token'];

describe.each(LOCALES)('linking in %s', (locale) => {
  it('the modal offers the enabled methods only, each field its own input, within a modal title of 24', () => {
    const all = renderLinkModal({ methods: ALL, locale, privateMetadata: '{"channelId":"C1"}' });
    expect(all.callback_id).toBe(VIEW_LINK_ACCOUNT);
    expect(all.title.text.length).toBeLessThanOrEqual(24);
    expect(all.blocks.length).toBeLessThanOrEqual(100);
    const ids = all.blocks.map((b) => b.block_id).filter(Boolean);
    expect(ids).toEqual(Object.values(LINK_FIELDS));
    const tokenOnly = renderLinkModal({ methods: ['token'], locale, privateMetadata: '{}' });
    expect(tokenOnly.blocks.map((b) => b.block_id).filter(Boolean)).toEqual([LINK_FIELDS.token]);
    for (const block of all.blocks) {
      if (block.type === 'input') expect((block as { optional?: boolean }).optional).toBe(true);
    }
  });

  it('the answers pass the Block Kit check and escape names', () => {
    const linked = renderLinked('<!channel>', 'a&b', locale);
    expect(JSON.stringify(linked)).not.toContain('<!channel>');
    expect(JSON.stringify(linked)).toContain(ACTION_UNLINK_ACCOUNT);
    for (const message of [
      linked,
      renderUnlinked('bob', locale),
      renderNotLinked(locale),
      renderLinkingDisabled(locale),
      { text: 'link', blocks: [linkAccountButton(locale)] },
    ]) {
      expect(checkMessage(message)).toEqual([]);
      expect(message.text.length).toBeGreaterThan(0);
    }
  });
});

it('says why linking is off, naming the variable', () => {
  expect(renderLinkingDisabled('en').text).toBe(
    'Linking accounts is turned off on this bot: its operator has not set CREDENTIALS_KEY, the key that encrypts linked credentials.',
  );
});
