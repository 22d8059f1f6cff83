/**
 * `GET /healthz`, served by Bolt's receiver (customRoutes) in HTTP and Socket Mode alike: 200 with process uptime,
 * database reachability and the pipeline API's state (`ok`, `failing`, `auth_refused` — see
 * backends/startup-check.ts), so an operator sees which side is failing. The database part answers from a probe
 * cached for a few seconds, so health checks cannot queue real queries.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BackendHealth } from './domain/backend.js';
import type { WatchStore } from './store/types.js';

export const HEALTH_PATH = '/healthz';

const PING_TIMEOUT_MS = 2_000;
/** How long a probe's answer is reused: a flood of health checks makes one query per this, never a queue. */
const DATABASE_PROBE_TTL_MS = 3_000;

async function databaseStatus(store: WatchStore): Promise<'ok' | 'error'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'error'>((resolve) => {
    timer = setTimeout(() => resolve('error'), PING_TIMEOUT_MS);
  });
  const ping = store.ping().then(
    () => 'ok' as const,
    () => 'error' as const,
  );
  const status = await Promise.race([ping, timeout]);
  clearTimeout(timer);
  return status;
}

/** The database's status from a probe reused for `DATABASE_PROBE_TTL_MS`, with at most one probe in flight. */
function cachedDatabaseStatus(store: WatchStore): () => Promise<'ok' | 'error'> {
  let cached: { status: 'ok' | 'error'; at: number } | null = null;
  let inFlight: Promise<'ok' | 'error'> | null = null;
  return () => {
    if (cached !== null && performance.now() - cached.at < DATABASE_PROBE_TTL_MS) return Promise.resolve(cached.status);
    inFlight ??= databaseStatus(store).then((status) => {
      cached = { status, at: performance.now() };
      inFlight = null;
      return status;
    });
    return inFlight;
  };
}

/** `GET /healthz`: 200 with process uptime, database reachability and the pipeline API's state. */
export function healthRoute(store: WatchStore, apiHealth: () => BackendHealth) {
  const databaseProbe = cachedDatabaseStatus(store);
  return {
    path: HEALTH_PATH,
    method: 'GET',
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      void databaseProbe().then((database) => {
        const body = {
          ok: database === 'ok',
          uptimeSeconds: Math.round(process.uptime()),
          database,
          // `ok` stays the process's own health: a restart does not mend the API, so its state is reported beside.
          swr: apiHealth(),
        };
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      });
    },
  };
}
