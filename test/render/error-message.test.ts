import { describe, expect, it } from 'vitest';
import { BACKEND_ERROR_KINDS, BackendError } from '../../src/domain/backend-error.js';
import { ACTION_REFRESH } from '../../src/render/action-ids.js';
import { renderErrorMessage } from '../../src/render/error-message.js';
import { renderPlainText } from '../../src/render/plain-text.js';
import { checkMessage } from './block-kit-check.js';

describe('renderErrorMessage', () => {
  it('not found names the id and says what to do', () => {
    const m = renderErrorMessage(new BackendError('not_found', { code: 'SVCSTG.SWR.4040162', requestId: 'req-123' }), {
      id: '12345',
      locale: 'en',
    });
    const text = renderPlainText(m);
    expect(text).toContain(
      "Pipeline 12345 was not found, or the bot's account cannot see it. Check the id with /pipeline <name>.",
    );
    expect(text).toContain('Error code SVCSTG.SWR.4040162 · request id req-123');
    expect(JSON.stringify(m)).not.toContain('<name>');
    expect(checkMessage(m)).toEqual([]);
  });

  it('unauthorized sends the user to whoever runs the bot', () => {
    const m = renderErrorMessage(new BackendError('unauthorized', { code: 'APIGW.0301' }), { id: '1', locale: 'en' });
    expect(m.text).toContain(
      "SWR rejected the bot's credentials while reading pipeline 1 — ask whoever runs the bot to check its SWR token",
    );
  });

  it('rate limited says how long to wait, and offers a retry', () => {
    const m = renderErrorMessage(new BackendError('rate_limited', { retryAfterSeconds: 7.2 }), {
      id: '29476',
      locale: 'en',
    });
    expect(m.text).toContain('Wait 8 s and try again');
    const actions = m.blocks.find((b) => b.type === 'actions');
    expect(JSON.stringify(actions)).toContain(`"action_id":"${ACTION_REFRESH}"`);
    expect(JSON.stringify(actions)).toContain('"value":"29476"');
  });

  it('`retry: false` keeps the sentence but leaves out the Try again button', () => {
    const error = new BackendError('upstream');
    const m = renderErrorMessage(error, { id: '29476', locale: 'en', retry: false });
    expect(m.text).toBe(renderErrorMessage(error, { id: '29476', locale: 'en' }).text);
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  for (const kind of ['timeout', 'network', 'upstream'] as const) {
    it(`${kind} says try again`, () => {
      expect(renderErrorMessage(new BackendError(kind), { id: '5', locale: 'en' }).text).toMatch(/[Tt]ry again/);
    });
  }

  it('every kind, in both locales, gives a valid message without internals', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const kind of BACKEND_ERROR_KINDS) {
        const err = new BackendError(kind, {
          detail: 'SECRET-DETAIL body',
          status: 500,
          cause: new Error('SECRET-CAUSE'),
        });
        const m = renderErrorMessage(err, { id: '<!channel>&', locale });
        expect(checkMessage(m), `${kind} ${locale}`).toEqual([]);
        const json = JSON.stringify(m);
        expect(json).not.toContain('SECRET');
        expect(json).not.toContain('<!channel>');
        expect(json).not.toMatch(/at .+\.ts:\d+/);
      }
    }
  });

  it('anything that is not an BackendError is a generic "try again" with no details', () => {
    const err = new Error('connect ECONNREFUSED 10.0.0.1:5432 password=hunter2');
    const m = renderErrorMessage(err, { id: '42', locale: 'en' });
    expect(m.text).toBe('⚠️ Something went wrong while getting the pipeline. Try again in a moment.');
    expect(JSON.stringify(m)).not.toMatch(/ECONNREFUSED|hunter2|stack/);
    expect(renderErrorMessage('a string', { locale: 'zh-CN' }).text).toContain('获取流水线时出错了');
  });

  it('speaks Chinese', () => {
    const m = renderErrorMessage(new BackendError('not_found'), { id: '12345', locale: 'zh-CN' });
    expect(renderPlainText(m)).toContain('找不到流水线 12345');
  });

  it('without an id it still reads', () => {
    expect(renderErrorMessage(new BackendError('upstream'), { locale: 'en' }).text).toContain(
      'while reading the pipeline.',
    );
  });
});
