import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, fitBuilt, fitEscaped, oneLine } from '../../src/render/escape.js';

describe('escaping', () => {
  it('escapes &, < and >', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('keeps a name on one line', () => {
    expect(oneLine(' a\nb\t\u0000c\u2028d ')).toBe('a b c d');
  });

  it('cuts without splitting an entity or an emoji, ellipsis included in the length', () => {
    expect(fitEscaped('ab&cd', 4)).toBe('ab…');
    expect(fitEscaped('ab&cd', 8)).toBe('ab&amp;…');
    expect(fitEscaped('🚀🚀🚀', 4)).toBe('🚀…');
    expect(fitEscaped('short', 10)).toBe('short');
    expect(fitEscaped('x'.repeat(3000), 150)).toHaveLength(150);
  });

  it('cuts built text outside entities and Slack tokens', () => {
    expect(fitBuilt('abc &amp; def', 7)).toBe('abc …');
    expect(fitBuilt('hi <@U0BOB1234> there', 10)).toBe('hi …');
    expect(fitBuilt('fine', 10)).toBe('fine');
  });
});
