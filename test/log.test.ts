import { describe, expect, it } from 'vitest';
import { BackendError } from '../src/domain/backend-error.js';
import { createLogger, redact } from '../src/log.js';

describe('redact', () => {
  it('removes configured secrets and secret-shaped strings', () => {
    const text = redact(
      'token xoxb-123-456-abc app xapp-1-A1-xyz X-Auth-Token: abc.def "password":"hunter2" my-long-secret',
      ['my-long-secret'],
    );
    expect(text).not.toMatch(/xoxb-123|xapp-1-A1|abc\.def|hunter2|my-long-secret/);
  });

  it('removes a whole AK/SK Authorization header and a stray signature', () => {
    const header =
      'Authorization: SDK-HMAC-SHA256 Access=AKIDEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=0a1b2c3d4e';
    expect(redact(header)).not.toMatch(/AKIDEXAMPLE|0a1b2c3d4e/);
    expect(redact('gateway said Signature=deadbeef00 is wrong')).not.toContain('deadbeef00');
  });
});

describe('createLogger', () => {
  it('writes one JSON line per event, filtered by level, with secrets redacted', () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      secrets: ['topsecretvalue'],
      write: (l) => lines.push(l),
      now: () => new Date(0),
    });
    log.debug('hidden');
    log.info('hello', { token: 'topsecretvalue', n: 1 });
    log.child({ component: 'swr' }).error('failed', { err: new BackendError('timeout', { status: 504 }) });
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(first).toMatchObject({ level: 'info', msg: 'hello', n: 1, time: '1970-01-01T00:00:00.000Z' });
    expect(lines[0]).not.toContain('topsecretvalue');
    const second = JSON.parse(lines[1] ?? '{}') as { component: string; err: { kind: string; status: number } };
    expect(second.component).toBe('swr');
    expect(second.err).toMatchObject({ kind: 'timeout', status: 504 });
  });
});
