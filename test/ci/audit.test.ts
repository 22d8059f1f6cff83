/**
 * `.ci/audit.mjs`, the CI step that runs `npm audit --omit=dev`, run for real with an `npm` on PATH that answers as
 * the registry would: CI fails on a high or critical finding only, and an unreachable audit endpoint is reported,
 * not a failure.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the script with an `npm` that prints `json` for `--json` (exit `code`) and a table otherwise. */
function audit(json: unknown, code: number): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  dirs.push(dir);
  const body = JSON.stringify(json).replace(/'/g, "'\\''");
  writeFileSync(
    join(dir, 'npm'),
    `#!/bin/sh\ncase "$*" in *--json*) printf '%s' '${body}'; exit ${code};; *) echo "the audit table"; exit ${code};; esac\n`,
  );
  chmodSync(join(dir, 'npm'), 0o755);
  const run = spawnSync(process.execPath, ['.ci/audit.mjs'], {
    encoding: 'utf8',
    env: { PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '' },
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

const counts = (high: number, critical: number) => ({
  auditReportVersion: 2,
  vulnerabilities: {},
  metadata: { vulnerabilities: { info: 0, low: 1, moderate: 2, high, critical, total: 3 + high + critical } },
});

describe('.ci/audit.mjs', () => {
  it('fails on a high finding, and on a critical one, printing the table and the counts', () => {
    const high = audit(counts(1, 0), 1);
    expect(high.status).toBe(1);
    expect(high.out).toContain('the audit table');
    expect(high.out).toContain('0 critical, 1 high, 2 moderate, 1 low');
    expect(audit(counts(0, 1), 1).status).toBe(1);
  });

  it('passes with only moderate and low findings', () => {
    const run = audit(counts(0, 0), 1);
    expect(run.status).toBe(0);
    expect(run.out).toContain('0 critical, 0 high, 2 moderate, 1 low');
  });

  it('passes, saying so, when the audit endpoint cannot be reached (what this registry answers today)', () => {
    const run = audit(
      {
        message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
        statusCode: 405,
        error: { summary: '', detail: '' },
      },
      1,
    );
    expect(run.status).toBe(0);
    expect(run.out).toContain("the registry's audit endpoint could not be reached (405 Method Not Allowed");
  });

  it('passes, saying so, when npm prints nothing (offline)', () => {
    const run = audit('', 1);
    expect(run.status).toBe(0);
    expect(run.out).toContain('could not be reached');
  });
});
