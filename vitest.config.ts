import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The secret audit: fails any file in which a known secret reached a log line, Slack or the console.
    // Property tests: a random seed locally, a fixed one in CI (test/setup/fast-check.ts).
    setupFiles: ['test/setup/secret-audit.ts', 'test/setup/fast-check.ts'],
    // PostgreSQL for the store tests: missing, it is one sentence saying what to do (not a stack trace per test).
    globalSetup: ['test/setup/postgres.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Forks isolate native modules (better-sqlite3) per file; store tests give each file its own PostgreSQL schema.
    pool: 'forks',
    // CI also writes a JSON report, from which .ci/run prints the plain "N passed, N failed" closing line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results.json' },
  },
});
