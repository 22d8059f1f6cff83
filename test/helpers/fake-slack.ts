/**
 * A local fake of Slack's Web API and of `response_url`s: a real HTTP server on 127.0.0.1, port 0.
 * Point the Web API at `fake.apiUrl` (Bolt: `clientOptions.slackApiUrl`; WebClient: `slackApiUrl`) and give
 * commands `fake.responseUrl()` as their `response_url`. Every call is recorded; any method can be scripted to
 * fail (Slack error, 429 with Retry-After, HTTP 500, a hang). `{ record: false }` keeps only counts per method
 * (benchmarks: thousands of calls with their blocks would otherwise pile up in memory).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordOutput } from './secret-audit.js';

export interface SlackCall {
  /** Web API method (`chat.postMessage`) or `response_url`. */
  method: string;
  /** The request path (for response URLs, which one was used). */
  path: string;
  /** Form or JSON body, with `blocks` / `attachments` strings decoded to objects. */
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the client's timeout must fire). */
  hang?: boolean;
}

/** Returns a reply to override the default, or `undefined` to use it. `n` counts calls of this method, from 1. */
export type Script = (call: SlackCall, n: number) => ScriptedReply | undefined;

export interface FakeSlack {
  /** Base URL for the Web API, ending in `/api/`. */
  apiUrl: string;
  /** A fresh response URL on this server. */
  responseUrl(): string;
  /** Every call received (always empty with `record: false`). */
  calls: SlackCall[];
  callsOf(method: string): SlackCall[];
  /** Calls received per method since the start or the last `reset`, recorded or not. */
  counts(): Record<string, number>;
  /** Scripts one method; replaces any earlier script for it. */
  on(method: string, script: Script): void;
  /** Resolves when `predicate` holds for the recorded calls; rejects after `timeoutMs`. */
  waitFor(predicate: (calls: SlackCall[]) => boolean, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_BOT_USER_ID = 'UBOT000001';
export const FAKE_BOT_ID = 'BBOT000001';
export const FAKE_TEAM_ID = 'T00000001';

function decode(raw: string, contentType: string | undefined): Record<string, unknown> {
  let body: Record<string, unknown> = {};
  if (contentType?.includes('application/json')) {
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = { _raw: raw };
    }
  } else {
    body = Object.fromEntries(new URLSearchParams(raw));
  }
  for (const key of ['blocks', 'attachments', 'metadata']) {
    const value = body[key];
    if (typeof value === 'string') {
      try {
        body[key] = JSON.parse(value);
      } catch {
        // leave as sent: a test may assert on a malformed value
      }
    }
  }
  return body;
}

export interface FakeSlackOptions {
  /** Keep every call in `calls` (default `true`); `false` keeps only `counts()`. Scripts see every call either way. */
  record?: boolean;
}

/** Starts a fake Slack on 127.0.0.1 with a random port. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const record = options.record ?? true;
  const calls: SlackCall[] = [];
  const scripts = new Map<string, Script>();
  const counts = new Map<string, number>();
  let tsCounter = 0;
  let responseCounter = 0;
  const hanging = new Set<ServerResponse>();

  const nextTs = (): string => {
    tsCounter += 1;
    return `1700000000.${String(tsCounter).padStart(6, '0')}`;
  };

  const defaults = (call: SlackCall): unknown => {
    const channel = call.body.channel ?? 'C00000001';
    switch (call.method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
          team_id: FAKE_TEAM_ID,
          user: 'pipeline-bot',
        };
      case 'chat.postMessage': {
        const ts = nextTs();
        return { ok: true, channel, ts, message: { ts, text: call.body.text, thread_ts: call.body.thread_ts } };
      }
      case 'chat.update':
        return { ok: true, channel, ts: call.body.ts, text: call.body.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'response_url':
        return { ok: true };
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = url.pathname.startsWith('/api/')
        ? url.pathname.slice('/api/'.length)
        : url.pathname.startsWith('/response/')
          ? 'response_url'
          : url.pathname;
      const raw = Buffer.concat(chunks).toString('utf8');
      const call: SlackCall = {
        method,
        path: url.pathname,
        body: decode(raw, req.headers['content-type']),
        headers: req.headers,
      };
      if (record) recordOutput(`slack:${method}`, raw);
      const n = (counts.get(method) ?? 0) + 1;
      counts.set(method, n);
      if (record) calls.push(call);
      const scripted = scripts.get(method)?.(call, n);
      if (scripted?.hang) {
        hanging.add(res);
        return;
      }
      const status = scripted?.status ?? 200;
      const body = scripted?.body ?? (scripted?.status && scripted.status >= 400 ? { ok: false } : defaults(call));
      res.writeHead(status, { 'content-type': 'application/json', ...(scripted?.headers ?? {}) });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: () => {
      responseCounter += 1;
      return `${base}/response/${responseCounter}`;
    },
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    counts: () => Object.fromEntries(counts),
    on: (method, script) => {
      scripts.set(method, script);
    },
    waitFor: (predicate, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const check = (): void => {
          if (predicate(calls)) {
            resolve();
            return;
          }
          if (Date.now() - started > timeoutMs) {
            reject(
              new Error(
                `fake Slack: condition not met in ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`,
              ),
            );
            return;
          }
          setTimeout(check, 10);
        };
        check();
      }),
    reset: () => {
      calls.length = 0;
      scripts.clear();
      counts.clear();
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
