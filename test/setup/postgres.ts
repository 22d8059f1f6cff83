/**
 * Vitest global setup: the store, watch and reliability tests need the local PostgreSQL (`TEST_DATABASE_URL`,
 * default postgres://postgres@127.0.0.1:5432/test). When it is missing, one sentence says what to do — instead of
 * a stack trace from every test that opens it. A run of chosen files that need no database is only warned.
 */
import pg from 'pg';

const URL_DEFAULT = 'postgres://postgres@127.0.0.1:5432/test';
/** Test paths that open PostgreSQL (directly or through test/store/store-backends.ts). */
const NEEDS_POSTGRES = ['test/store', 'test/watch', 'test/reliability', 'test/config.test.ts'];

/** Why PostgreSQL cannot be used, in one sentence, or `null` when it can. */
async function postgresProblem(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  const where = url.replace(/\/\/[^@/]*@/, '//'); // no user or password in what is printed
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const database = new URL(url).pathname.slice(1) || 'test';
    if (code === '3D000') {
      return `The tests need a PostgreSQL database named "${database}" at ${where}, and it does not exist: create it with \`createdb -h 127.0.0.1 -U postgres ${database}\` (or set TEST_DATABASE_URL).`;
    }
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
      return `The tests need PostgreSQL at ${where}, and nothing answers there (${code}): start it (.ci/run does), or set TEST_DATABASE_URL.`;
    }
    return `The tests need PostgreSQL at ${where}, and it refused (${code ?? 'error'}: ${error instanceof Error ? error.message : String(error)}): see TEST_DATABASE_URL.`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The file filters given on the command line (`vitest run test/render` → `['test/render']`). */
function fileFilters(): string[] {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  return args.filter((a) => a !== 'run' && a !== 'watch' && !a.endsWith('vitest') && !a.endsWith('.mjs'));
}

export default async function setup(): Promise<void> {
  const problem = await postgresProblem(process.env.TEST_DATABASE_URL ?? URL_DEFAULT);
  if (problem === null) return;
  const filters = fileFilters();
  const needed =
    filters.length === 0 || filters.some((f) => NEEDS_POSTGRES.some((p) => f.includes(p) || p.startsWith(f)));
  if (!needed) {
    process.stderr.write(`(warning) ${problem}\n`);
    return;
  }
  process.stderr.write(`\n${problem}\n\n`);
  // One sentence, no stack trace: nothing else is worth reading until the database is there.
  process.exit(1);
}
