/** Masking of build log lines: each secret shape masked, the words around it kept, ordinary log lines untouched. */
import { describe, expect, it } from 'vitest';
import { MASK, MAX_MASKED_LINE, maskLogLine, maskLogLines } from '../../../src/backends/huawei/log-mask.js';
import { redact } from '../../../src/log.js';

describe('maskLogLine', () => {
  it.each([
    ['[DEBUG] env: DEPLOY_TOKEN=sim-log-secret-7f3a9c1e5b', `[DEBUG] env: DEPLOY_TOKEN=${MASK}`],
    ['export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG"', `export AWS_SECRET_ACCESS_KEY="${MASK}"`],
    ["DB_PASSWORD='hunter 2' ./migrate", `DB_PASSWORD='${MASK}' ./migrate`],
    ['password: hunter2', `password: ${MASK}`],
    ['{"token": "abc123", "user": "zhang.wei"}', `{"token": "${MASK}", "user": "zhang.wei"}`],
    ['mvn deploy --repo-password=s3cr3t -B', `mvn deploy --repo-password=${MASK} -B`],
    ['HUAWEI_SK=abcdefghij OBS_AK=xyz', `HUAWEI_SK=${MASK} OBS_AK=${MASK}`],
    ['curl "https://api.example.com/v1?api_key=k-123&x=1"', `curl "https://api.example.com/v1?api_key=${MASK}&x=1"`],
    ['> Authorization: Basic dXNlcjpwYXNz', `> Authorization: ${MASK}`],
    ['Authorization: SDK-HMAC-SHA256 Access=AK, Signature=ab12', `Authorization: ${MASK}`],
    ['X-Auth-Token: MIIEhgYJKoZIhvcNAQcCoIIEdzCCBHMCAQExDTALBglghkgB', `X-Auth-Token: ${MASK}`],
    ['header Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', `header Bearer ${MASK}`],
    [
      'git clone https://ci-bot:glpat-x8Yq2@codehub.example.com/p/repo.git',
      `git clone https://${MASK}@codehub.example.com/p/repo.git`,
    ],
    ['remote: https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com', `remote: https://${MASK}@github.com`],
    ['using key CODEARTSAK0000000001 for upload', `using key ${MASK} for upload`],
    ['sk wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12 end', `sk ${MASK} end`],
    ['slack xoxb-123456789012-abcdefghij posted', `slack ${MASK} posted`],
    ['id AKIAIOSFODNN7EXAMPLE', `id ${MASK}`],
    ['-----BEGIN RSA PRIVATE KEY-----', MASK],
  ])('%s', (line, masked) => {
    expect(maskLogLine(line)).toBe(masked);
  });

  it.each([
    '[INFO] Tests run: 214, Failures: 3, Errors: 0, Skipped: 2',
    '[INFO] 212 tests passed: all green',
    '[ERROR] mvn -B verify exited with code 1',
    'commit 3f786850e387550fdab836ed7e6dc881de23001b by author: zhang.wei',
    'PWD=/home/build/workspace',
    'Basic authentication is enabled for the registry',
    '[INFO] Downloading com.example:lib-3:1.3.0',
    'task: build, disk: 80%',
  ])('leaves an ordinary line alone: %s', (line) => {
    expect(maskLogLine(line)).toBe(line);
  });

  it('masks the values it is given wherever they appear, before the shapes', () => {
    expect(maskLogLine('echo my-own-secret-value > file', ['my-own-secret-value', 'xyz'])).toBe(`echo ${MASK} > file`);
  });

  it('catches what `redact` misses: KEY=value lines', () => {
    const line = 'DEPLOY_TOKEN=sim-log-secret-7f3a9c1e5b';
    expect(redact(line)).toContain('sim-log-secret');
    expect(maskLogLine(line)).not.toContain('sim-log-secret');
  });

  it('cuts a huge line before reading it, and stays fast on hostile input', () => {
    const hostile = `${'a=b '.repeat(20_000)}${'x'.repeat(50_000)}`;
    const started = performance.now();
    const masked = maskLogLine(hostile);
    expect(masked.length).toBeLessThanOrEqual(MAX_MASKED_LINE);
    const many = maskLogLines(Array.from({ length: 200 }, () => `${'TOKEN'.repeat(1_000)}=${'k'.repeat(3_000)}`));
    expect(many.every((line) => line.length <= MAX_MASKED_LINE)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
