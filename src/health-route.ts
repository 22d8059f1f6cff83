/**
 * `GET /healthz`, served by Bolt's receiver (customRoutes) in HTTP and Socket Mode alike: 200 with process uptime,
 * database reachability and the last SWR call's outcome, so an operator sees which side is failing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PipelineBackend } from './domain/backend.js';
import type { WatchStore } from './store/types.js';

export const HEALTH_PATH = '/healthz';

const PING_TIMEOUT_MS = 2_000;

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

/** `GET /healthz`: 200 with process uptime, database reachability and the last SWR call's outcome. */
export function healthRoute(store: WatchStore, backend: PipelineBackend) {
  return {
    path: HEALTH_PATH,
    method: 'GET',
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      void databaseStatus(store).then((database) => {
        const body = {
          ok: database === 'ok',
          uptimeSeconds: Math.round(process.uptime()),
          database,
          swr: backend.lastOutcome(),
        };
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      });
    },
  };
}
