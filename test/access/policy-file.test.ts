/** The policy file: errors naming their lines, a reload that takes effect, and a bad edit that changes nothing. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPolicy, PolicyFileError, parsePolicy } from '../../src/access/policy-file.js';
import { createLogger } from '../../src/log.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-'));
  dirs.push(dir);
  const path = join(dir, 'access.yml');
  writeFileSync(path, text);
  return path;
}

const VALID = `default: deny
contact: "#platform-team"
rules:
  - channels: [C0123ABCD, "#backend"]
    usergroups: [S0456EFGH]
    groups: [backend]
    pipelines: [29476]
    post: true
`;

describe('the policy file', () => {
  it('reads the documented shape', () => {
    const policy = parsePolicy(VALID, 'access.yml');
    expect(policy.file).toMatchObject({
      default: 'deny',
      contact: '#platform-team',
      external_users: 'deny',
      rules: [
        {
          channels: ['C0123ABCD', '#backend'],
          usergroups: ['S0456EFGH'],
          groups: ['backend'],
          pipelines: [29476],
          post: true,
          watch: 'everyone',
        },
      ],
    });
  });

  it('names every problem with its line', () => {
    const text = `default: perhaps
contact: "#platform-team"
rules:
  - channels: [C0123ABCD]
    groups: [backend]
    post: sometimes
  - channels: [not-a-channel]
    groups: [x]
  - groups: [y]
`;
    let error: unknown;
    try {
      parsePolicy(text, 'access.yml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyFileError);
    const problems = (error as PolicyFileError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^line 1 \(default\): /),
        expect.stringMatching(/^line 6 \(rules\.0\.post\): /),
        expect.stringMatching(/^line 7 \(rules\.1\.channels\.0\): .*channel id/),
        expect.stringMatching(/^line 9 \(rules\.2\): a rule needs channels or usergroups/),
      ]),
    );
    expect((error as Error).message).toContain('The access policy access.yml is not valid:');
  });

  it('names a YAML syntax error by its line', () => {
    expect(() => parsePolicy('default: deny\ncontact: [unclosed\n', 'p.yml')).toThrow(/line \d/);
  });

  it('reloads when the file changes; a bad edit is logged and the policy in force stays', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const path = file(VALID);
    const source = openPolicy(path, logger);
    try {
      expect(source.current().file?.default).toBe('deny');
      writeFileSync(path, VALID.replace('default: deny', 'default: allow'));
      await until(() => source.current().file?.default === 'allow');
      writeFileSync(path, 'default: [broken\n');
      await until(() =>
        lines.some((l) => l.msg === 'the changed access policy is not valid: the previous one stays in force'),
      );
      expect(source.current().file?.default).toBe('allow');
    } finally {
      source.close();
    }
  }, 15_000);

  it('no file named: everything allowed, and a warning says so', () => {
    const lines: string[] = [];
    const source = openPolicy(null, createLogger({ write: (line) => lines.push(line) }));
    expect(source.current().file).toBeNull();
    expect(lines.join('\n')).toMatch(/ACCESS_POLICY_FILE is not set/);
  });

  it('a file that cannot be read is a PolicyFileError naming it', () => {
    expect(() => openPolicy('/nonexistent/access.yml', createLogger({ write: () => {} }))).toThrow(
      /access\.yml is not valid:\n {2}- the file cannot be read \(ENOENT\)/,
    );
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 100));
}
