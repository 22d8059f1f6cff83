/**
 * The limits every Huawei client is held to, and the endpoints it may talk to (in test/config.test.ts style):
 * `SWR_MAX_BODY_BYTES` and `SWR_MAX_CONCURRENT_REQUESTS` for either backend.
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
