/**
 * The pick list echoes what SWR says about other people's pipelines — names, and ids as a backend spells them — so
 * each goes through the same escaping as every card: `<!channel>` or `<@U…>` in a name must ping nobody, `&` must
 * stay an ampersand. `*` has no escape in mrkdwn (it pings nobody): it is shown as written.
 */
import { describe, expect, it } from 'vitest';
import type { PipelineListing } from '../../src/domain/pipeline.js';
import { asPipelineId } from '../../src/domain/pipeline-id.js';
import type { Status } from '../../src/domain/status.js';
import { ACTION_PICK } from '../../src/render/action-ids.js';
import { renderNoMatchMessage, renderPickList } from '../../src/render/pick-list.js';
import type { SlackMessage } from '../../src/render/types.js';
import { checkMessage, escapingProblems } from './block-kit-check.js';

const listing = (id: string, name: string, state: Status = 'running'): PipelineListing => ({
  id: asPipelineId(id),
  name,
  group: 'default',
  groupId: null,
  status: { state, raw: state },
});

/** Every mrkdwn/plain text the message shows (the top-level text, every `text` in the blocks). */
function shown(message: SlackMessage): string[] {
  const out = [message.text];
  JSON.stringify(message.blocks, (key, value: unknown) => {
    if (key === 'text' && typeof value === 'string') out.push(value);
    return value;
  });
  return out;
}

/** The button values: what a click sends back (data for the bot, never shown). */
function values(message: SlackMessage): string[] {
  return [...JSON.stringify(message.blocks).matchAll(/"value":"((?:[^"\\]|\\.)*)"/g)].map(
    (m) => JSON.parse(`"${m[1] ?? ''}"`) as string,
  );
}

describe('renderPickList with hostile names and ids', () => {
  const items = [
    listing('29476', 'deploy <!channel> & <@U012AB3CD> *now*'),
    listing('<!channel>', ''),
    listing('id&<@U0PING01>', 'a*b*c & <!here>', 'succeeded'),
  ];

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`escapes every name and id it shows (${locale})`, () => {
      const m = renderPickList(items, { query: 'de<!everyone>&', total: 3, locale });
      expect(checkMessage(m)).toEqual([]);
      for (const text of shown(m)) {
        expect(escapingProblems(text), text).toEqual([]);
        expect(text).not.toMatch(/<[!@]/);
      }
      const lines = shown(m).join('\n');
      expect(lines).toContain('*deploy &lt;!channel&gt; &amp; &lt;@U012AB3CD&gt; *now**');
      expect(lines).toContain('`29476`');
      // A listing without a name shows its id, escaped, both as the name and as the id.
      expect(lines).toContain('*&lt;!channel&gt;* · `&lt;!channel&gt;`');
      expect(lines).toContain('*a*b*c &amp; &lt;!here&gt;* · `id&amp;&lt;@U0PING01&gt;`');
      expect(lines).toContain('de&lt;!everyone&gt;&amp;');
    });
  }

  it('keeps the ids as they are in the buttons’ values (a click must name the pipeline)', () => {
    const m = renderPickList(items, { query: 'x', total: 3, locale: 'en' });
    expect(values(m)).toEqual(['29476', '<!channel>', 'id&<@U0PING01>']);
    expect(JSON.stringify(m.blocks).match(new RegExp(ACTION_PICK, 'g'))).toHaveLength(3);
  });

  it('escapes the query of "no pipeline name contains"', () => {
    const m = renderNoMatchMessage({ query: '<!channel> & co', locale: 'en' });
    expect(checkMessage(m)).toEqual([]);
    expect(m.text).toContain('“&lt;!channel&gt; &amp; co”');
  });
});
