/**
 * The README's test command on a machine without the `test` database: one sentence saying how to create it, not a
 * stack trace per store test. A real `vitest run` as a child process, pointed at a database that does not exist.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the tests without their PostgreSQL database', { timeout: 60_000 }, () => {
  it('stop at once with one sentence naming the database and how to create it', () => {
    // Nothing of this run's own vitest leaks into the child (it would think it is a worker).
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|TEST_|npm_)/i.test(name)));
    const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/store/migrations.test.ts'], {
      cwd: ROOT,
      env: { ...env, TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/no_such_test_database' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'The tests need a PostgreSQL database named "no_such_test_database" at postgres://127.0.0.1:5432/no_such_test_database, and it does not exist: create it with `createdb -h 127.0.0.1 -U postgres no_such_test_database`',
    );
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
    expect(`${r.stdout}${r.stderr}`).not.toContain('FAIL');
  });
});
