/**
 * A real HTTP server on 127.0.0.1, port 0, playing SWR (and IAM): the test's handler sees each request (method,
 * path, query, headers, body) and scripts the answer, including a hang, a cut-off body, or a dropped connection.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Path as sent, still percent-encoded, without the query. */
  path: string;
  /** The raw query string as sent (without `?`). */
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Never answer. */
  hang?: boolean;
  /** Send the status line and part of the body, then drop the connection. */
  cutAfter?: string;
}

/** Answers one request; `n` counts requests to the server from 1. */
export type Handler = (request: SeenRequest, n: number) => Reply | Promise<Reply>;

export interface LocalServer {
  url: string;
  requests: SeenRequest[];
  /** Requests whose path starts with `prefix`. */
  requestsTo(prefix: string): SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server; close it in `afterEach`. */
export async function startServer(handler: Handler): Promise<LocalServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const [path = '', rawQuery = ''] = (req.url ?? '').split(/\?(.*)/s);
      const seen: SeenRequest = {
        method: req.method ?? '',
        path,
        rawQuery,
        query: new URLSearchParams(rawQuery),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      Promise.resolve(handler(seen, requests.length)).then(
        (reply) => answer(res, reply),
        (error: unknown) => answer(res, { status: 599, body: `handler failed: ${String(error)}` }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, reply: Reply): void {
  if (reply.hang) return;
  const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const headers = { 'content-type': 'application/json', ...reply.headers };
  if (reply.cutAfter !== undefined) {
    res.writeHead(reply.status ?? 200, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    res.write(reply.cutAfter);
    setTimeout(() => res.destroy(), 10);
    return;
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

/** A fresh copy of a fixture body from `test/swr/fixtures/` (copied from the API reference's examples). */
export function fixture(name: 'pipeline-detail' | 'pipeline-containerops'): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}
