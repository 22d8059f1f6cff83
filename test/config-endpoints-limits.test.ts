/**
 * The limits every Huawei client is held to (`SWR_MAX_BODY_BYTES`, `SWR_MAX_CONCURRENT_REQUESTS`, either backend),
 * and the endpoints the bot sends credentials to: `https:`, or plain `http:` to this machine only.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-secretbot', SLACK_SIGNING_SECRET: 'signing-secret-value' };
const PROJECT_ID = 'ae6f6d51e009d404a1858bdd0a7dee31';
const codearts = { ...slack, PIPELINE_BACKEND: 'codearts' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('SWR_MAX_BODY_BYTES', () => {
  it('is 2 MB by default and applies to either backend', () => {
    expect(loadConfig(slack).backend.limits.maxBodyBytes).toBe(2 * 1024 * 1024);
    expect(loadConfig({ ...slack, SWR_MAX_BODY_BYTES: '65536' }).backend.limits.maxBodyBytes).toBe(65_536);
    const ca = loadConfig({ ...codearts, CODEARTS_PROJECT_ID: PROJECT_ID, SWR_MAX_BODY_BYTES: '1048576' });
    expect(ca.backend.limits.maxBodyBytes).toBe(1_048_576);
  });

  it('names a value out of range in one sentence', () => {
    expect(problemsOf({ ...slack, SWR_MAX_BODY_BYTES: '10' })).toEqual([
      'SWR_MAX_BODY_BYTES must be a whole number from 16384 to 67108864 (got "10")',
    ]);
    expect(problemsOf({ ...slack, SWR_MAX_BODY_BYTES: '2MB' })).toEqual([
      'SWR_MAX_BODY_BYTES must be a whole number from 16384 to 67108864 (got "2MB")',
    ]);
  });
});

describe('SWR_MAX_CONCURRENT_REQUESTS', () => {
  it('is 8 by default, applies to either backend, and must be 1 to 64', () => {
    expect(loadConfig(slack).backend.limits.maxConcurrentRequests).toBe(8);
    expect(loadConfig({ ...slack, SWR_MAX_CONCURRENT_REQUESTS: '2' }).backend.limits.maxConcurrentRequests).toBe(2);
    const ca = loadConfig({ ...codearts, CODEARTS_PROJECT_ID: PROJECT_ID, SWR_MAX_CONCURRENT_REQUESTS: '16' });
    expect(ca.backend.limits.maxConcurrentRequests).toBe(16);
    expect(problemsOf({ ...slack, SWR_MAX_CONCURRENT_REQUESTS: '0' })).toEqual([
      'SWR_MAX_CONCURRENT_REQUESTS must be a whole number from 1 to 64 (got "0")',
    ]);
  });
});

const ENDPOINTS: [string, Record<string, string>][] = [
  ['SWR_ENDPOINT', { ...slack, SWR_AUTH_TOKEN: 'swr-token' }],
  [
    'HUAWEI_IAM_ENDPOINT',
    { ...slack, HUAWEI_USERNAME: 'u', HUAWEI_PASSWORD: 'pw-value', HUAWEI_DOMAIN: 'd', HUAWEI_PROJECT: 'p' },
  ],
  ['CODEARTS_ENDPOINT', { ...codearts, CODEARTS_PROJECT_ID: PROJECT_ID, CODEARTS_AUTH_TOKEN: 'codearts-token' }],
  ['SLACK_API_URL', slack],
  ['LINK_IAM_ENDPOINT', slack],
];
const SENTENCE =
  'must be an https: URL: over plain http: the bot’s token or password would cross the network in clear (http: is accepted only for localhost, 127.0.0.0/8 and ::1)';

describe('plain http: endpoints', () => {
  it.each(ENDPOINTS)('%s over http: to another host is refused at start, in one sentence', (name, env) => {
    // IAM needs some SWR endpoint to be read at all; the secure one keeps its own problem out of the way.
    const base = name === 'HUAWEI_IAM_ENDPOINT' ? { ...env, SWR_ENDPOINT: 'https://swr.example.com' } : env;
    expect(problemsOf({ ...base, [name]: 'http://swr.example.com:8080/' })).toEqual([
      `${name} ${SENTENCE} (got "http://swr.example.com:8080/")`,
    ]);
    for (const host of [
      'http://127.0.0.1.nip.io',
      'http://localhost.evil.example',
      'http://10.0.0.8',
      'http://[::2]',
    ]) {
      expect(problemsOf({ ...base, [name]: host }), host).toHaveLength(1);
    }
  });

  it.each(ENDPOINTS)(
    '%s: https: anywhere, and http: to loopback (127.0.0.0/8, ::1, localhost) are accepted',
    (name, env) => {
      const base = name === 'HUAWEI_IAM_ENDPOINT' ? { ...env, SWR_ENDPOINT: 'https://swr.example.com' } : env;
      for (const url of [
        'https://swr.example.com',
        'http://127.0.0.1:8099',
        'http://127.45.0.9',
        'http://localhost:8099',
        'http://LOCALHOST',
        'http://[::1]:8099',
      ]) {
        expect(() => loadConfig({ ...base, [name]: url }), url).not.toThrow();
      }
    },
  );

  it('never echoes user:password@ nor a query string, whether the URL is refused for http: or unreadable', () => {
    const env = { ...slack, SWR_AUTH_TOKEN: 'swr-token' };
    const plain = problemsOf({
      ...env,
      SWR_ENDPOINT: 'http://bot:hunter2-pw@swr.example.com/?token=tok-in-query#frag',
    });
    expect(plain).toEqual([`SWR_ENDPOINT ${SENTENCE} (got "http://swr.example.com/")`]);
    const broken = problemsOf({ ...env, SWR_ENDPOINT: 'ftp://bot:hunter2-pw@swr example.com?token=tok-in-query' });
    expect(broken).toEqual(['SWR_ENDPOINT must be an http: or https: URL (got "ftp://swr example.com")']);
    const codeArts = problemsOf({
      ...codearts,
      CODEARTS_PROJECT_ID: PROJECT_ID,
      CODEARTS_AUTH_TOKEN: 'codearts-token',
      CODEARTS_ENDPOINT: 'http://bot:hunter2-pw@codearts.example.com?sig=tok-in-query',
    });
    expect(codeArts).toEqual([`CODEARTS_ENDPOINT ${SENTENCE} (got "http://codearts.example.com")`]);
    const linkIam = problemsOf({
      ...slack,
      LINK_IAM_ENDPOINT: 'http://bot:hunter2-pw@iam.example.com?sig=tok-in-query',
    });
    expect(linkIam).toEqual([`LINK_IAM_ENDPOINT ${SENTENCE} (got "http://iam.example.com")`]);
    const linkIamBroken = problemsOf({
      ...slack,
      LINK_IAM_ENDPOINT: 'ftp://bot:hunter2-pw@iam.example.com?t=tok-in-query',
    });
    expect(linkIamBroken).toEqual(['LINK_IAM_ENDPOINT must be an http: or https: URL (got "ftp://iam.example.com")']);
    for (const problem of [...plain, ...broken, ...codeArts, ...linkIam, ...linkIamBroken]) {
      expect(problem).not.toMatch(/hunter2|tok-in-query|bot:/);
    }
  });
});
