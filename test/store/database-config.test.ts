/**
 * `DATABASE_URL` as a deploy meets it: SQLite refused on Heroku's ephemeral disk unless allowed, and PostgreSQL's
 * TLS, timeouts and keep-alive made explicit from the URL's `sslmode` — checked on a real server where it matters
 * (the session's `statement_timeout`, the migration lock held by another process).
 */
import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer, Socket } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { isStoreUnavailable } from '../../src/domain/store-error.js';
import { EPHEMERAL_SQLITE_SENTENCE } from '../../src/store/config.js';
import { createStore } from '../../src/store/index.js';
import { poolConfigFor, sslModeOf } from '../../src/store/postgres-connection.js';
import { MIGRATION_LOCK } from '../../src/store/postgres-migrate.js';
import { TEST_DATABASE_URL } from './store-backends.js';

const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-secretbot', SLACK_SIGNING_SECRET: 'signing-secret-value' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...slack, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('SQLite on an ephemeral disk', () => {
  it('is refused on Heroku (DYNO set), default URL or explicit, with one sentence naming both fixes', () => {
    expect(problemsOf({ DYNO: 'web.1' })).toEqual([EPHEMERAL_SQLITE_SENTENCE]);
    expect(problemsOf({ DYNO: 'web.1', DATABASE_URL: 'sqlite:/app/data/bot.db' })).toEqual([EPHEMERAL_SQLITE_SENTENCE]);
    expect(EPHEMERAL_SQLITE_SENTENCE).toContain('DATABASE_URL');
    expect(EPHEMERAL_SQLITE_SENTENCE).toContain('ALLOW_EPHEMERAL_SQLITE=true');
  });

  it('is accepted with ALLOW_EPHEMERAL_SQLITE=true, off Heroku, and PostgreSQL on Heroku', () => {
    expect(problemsOf({ DYNO: 'web.1', ALLOW_EPHEMERAL_SQLITE: 'true' })).toEqual([]);
    expect(problemsOf({ DYNO: 'web.1', ALLOW_EPHEMERAL_SQLITE: 'TRUE' })).toEqual([]);
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ DYNO: 'web.1', DATABASE_URL: 'postgres://u:p@ec2-1-2-3-4.compute-1.amazonaws.com/d' })).toEqual(
      [],
    );
  });

  it('refuses ALLOW_EPHEMERAL_SQLITE=false on Heroku, and a value that is not true or false', () => {
    expect(problemsOf({ DYNO: 'web.1', ALLOW_EPHEMERAL_SQLITE: 'false' })).toEqual([EPHEMERAL_SQLITE_SENTENCE]);
    expect(problemsOf({ ALLOW_EPHEMERAL_SQLITE: 'yes' })).toEqual([
      'ALLOW_EPHEMERAL_SQLITE must be true or false (got "yes")',
    ]);
  });
});

describe('PostgreSQL TLS from sslmode', () => {
  it('follows libpq: require encrypts without checking the certificate, verify-full checks it', () => {
    const ssl = (url: string) => poolConfigFor(url).ssl;
    expect(ssl('postgres://u@db.example.com/d?sslmode=disable')).toBe(false);
    expect(ssl('postgres://u@db.example.com/d?sslmode=require')).toEqual({ rejectUnauthorized: false });
    expect(ssl('postgres://u@db.example.com/d?sslmode=no-verify')).toEqual({ rejectUnauthorized: false });
    expect(ssl('postgres://u@db.example.com/d?sslmode=verify-full')).toEqual({ rejectUnauthorized: true });
    expect(ssl('postgres://u@db.example.com/d?sslmode=verify-ca')).toMatchObject({ rejectUnauthorized: true });
  });

  it('without sslmode: TLS (require) for a remote host as Heroku needs, none for this machine', () => {
    expect(sslModeOf('postgres://u:p@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d')).toBe('require');
    expect(sslModeOf('postgres://postgres@127.0.0.1:5432/test')).toBe('disable');
    expect(sslModeOf('postgres://postgres@localhost/test')).toBe('disable');
    expect(sslModeOf('postgres://u@[::1]:5432/test')).toBe('disable');
    expect(sslModeOf('postgres:///test?host=/var/run/postgresql')).toBe('disable');
    // libpq's multi-host form (which `new URL` refuses): the first host decides.
    expect(sslModeOf('postgresql://u:p@db1.example.com:5432,db2.example.com:5432/d')).toBe('require');
  });

  it('takes sslmode out of the URL, so node-postgres cannot read require as verify-full behind our back', () => {
    const config = poolConfigFor('postgres://u:p@db.example.com/d?sslmode=require&application_name=bot');
    expect(config.connectionString).not.toContain('sslmode');
    expect(config.connectionString).toBe('postgres://u:p@db.example.com/d?application_name=bot');
    expect(poolConfigFor('postgres://u:p%40ss@db.example.com/d?sslmode=require').connectionString).toBe(
      'postgres://u:p%40ss@db.example.com/d',
    );
    expect(config).toMatchObject({ keepAlive: true, connectionTimeoutMillis: 5_000, statement_timeout: 10_000 });
  });

  it('names an unknown sslmode in the configuration error, without the password', () => {
    const problems = problemsOf({ DATABASE_URL: 'postgres://u:db-secret-pw@db.example.com/d?sslmode=prefer' });
    expect(problems).toEqual([
      'DATABASE_URL has an sslmode the bot does not know: use one of disable, require, no-verify, verify-ca, verify-full',
    ]);
  });

  it('sslmode=require against a server without TLS fails with a sentence naming sslmode', async () => {
    const url = `${TEST_DATABASE_URL}?sslmode=require`;
    const error = await createStore(url, { schema: 'tls_never_created' }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    // The test server runs without TLS (as CI sets it up): the bot must say what to change.
    expect(error?.message).toMatch(/sslmode/);
  });
});

describe('PostgreSQL sessions and the migration lock', () => {
  const schemas: string[] = [];
  const clients: pg.Client[] = [];
  afterEach(async () => {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    for (const schema of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    for (const client of clients.splice(0)) await client.end();
  });

  it('sets statement_timeout on every session of the pool', async () => {
    const pool = new pg.Pool({ ...poolConfigFor(TEST_DATABASE_URL, { statementTimeoutMs: 7_000 }), max: 1 });
    try {
      const { rows } = await pool.query<{ statement_timeout: string }>('SHOW statement_timeout');
      expect(rows[0]?.statement_timeout).toBe('7s');
    } finally {
      await pool.end();
    }
  });

  it('a statement past statement_timeout is cancelled by the server, not waited for', async () => {
    const pool = new pg.Pool({ ...poolConfigFor(TEST_DATABASE_URL, { statementTimeoutMs: 200 }), max: 1 });
    try {
      await expect(pool.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
    } finally {
      await pool.end();
    }
  });

  it('gives up on a migration lock held by another process with a clear error, then migrates once it is free', async () => {
    const schema = `lock_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    schemas.push(schema);
    const holder = new pg.Client({ connectionString: TEST_DATABASE_URL });
    clients.push(holder);
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const error = await createStore(TEST_DATABASE_URL, { schema, migrationLockTimeoutMs: 600 }).then(
      () => null,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).toBe('migration_lock_timeout');
    expect(error?.message).toContain('another process has held the database');
    expect(error?.message).toContain('pg_terminate_backend');
    await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    const store = await createStore(TEST_DATABASE_URL, { schema, migrationLockTimeoutMs: 600 });
    expect(await store.countWatches()).toBe(0);
    await store.close();
  });
});

/** A proxy to the test database that can go silent: connections stay open, nothing more passes either way. */
async function freezingProxy(targetPort: number) {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(targetPort, '127.0.0.1');
    client.on('data', (chunk) => {
      if (!frozen) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!frozen) client.write(chunk);
    });
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    freeze: () => {
      frozen = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a database that goes silent mid-run (packets dropped, no reset)', () => {
  it('a query fails after the query timeout as "store unavailable", instead of waiting forever', async () => {
    const proxy = await freezingProxy(Number(new URL(TEST_DATABASE_URL).port || 5432));
    const url = new URL(TEST_DATABASE_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const schema = `silent_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const store = await createStore(url.toString(), { schema, queryTimeoutMs: 500, maxConnections: 1 });
    try {
      expect(await store.countWatches()).toBe(0);
      proxy.freeze();
      const error = await store.countWatches().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isStoreUnavailable(error)).toBe(true);
      expect((error as Error).message).toBe(`PostgreSQL at 127.0.0.1:${proxy.port} is unavailable`);
    } finally {
      await proxy.close();
      await store.close().catch(() => undefined);
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  });
});
