/**
 * How the Web API client (./web-api.ts) sends: one JSON POST over `node:http(s)` with a keep-alive agent of its
 * own, the answer's text read whole. Not `fetch`: Node's fetch (undici) builds web streams, an abort signal and
 * finalization-registry entries for every call, and they outlive young-generation collections — 2,400 posts
 * promoted ~57 MB to the old generation through fetch and 0.2 MB this way (a watch cycle that posts 2,355 cards
 * had most of its memory peak there).
 */
import http from 'node:http';
import https from 'node:https';

/** A Web API answer: its status, its `Retry-After` header and its body (`''` for a 429, which is not read). */
export interface JsonAnswer {
  status: number;
  retryAfter: string | null;
  text: string;
}

/** The whole request (connecting, sending, reading the answer) took longer than its `timeoutMs`. */
export class PostTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** POSTs `body` to `url`; rejects with the request's error (its `code`: `ECONNREFUSED`, …) or `PostTimeoutError`. */
export type JsonPost = (url: URL, headers: Readonly<Record<string, string>>, body: string) => Promise<JsonAnswer>;

/**
 * Creates a sender with its own keep-alive agents, set as Node's global agents are (idle sockets closed after 5 s,
 * or before the server's `Keep-Alive: timeout` hint, so a reused socket is rarely one the server is closing).
 */
export function createJsonPost(timeoutMs: number): JsonPost {
  const agentOptions = { keepAlive: true, timeout: 5_000, scheduling: 'lifo' } as const;
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  return (url, headers, body) =>
    new Promise<JsonAnswer>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(url, {
        method: 'POST',
        agent: secure ? agents['https:'] : agents['http:'],
        // The new key first: `{ ...headers, key }` would cost a hidden class per call on Node 20
        // (../backends/huawei/authorized-call.ts says why).
        headers: { 'content-length': Buffer.byteLength(body), ...headers },
      });
      // The whole call, as a fetch's abort signal bounds it, not the socket's idle time; a timeout mid-answer
      // surfaces as the answer's reset, so it is remembered to be told as what it is.
      let timedOut: PostTimeoutError | null = null;
      const timer = setTimeout(() => {
        timedOut = new PostTimeoutError(`no answer within ${timeoutMs} ms`);
        request.destroy(timedOut);
      }, timeoutMs);
      const settle = (outcome: { answer: JsonAnswer } | { error: Error }): void => {
        clearTimeout(timer);
        if ('answer' in outcome) resolve(outcome.answer);
        else reject(timedOut ?? outcome.error);
      };
      request.on('error', (error) => settle({ error }));
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const retryAfter = response.headers['retry-after'] ?? null;
        const chunks: Buffer[] = [];
        // A 429's body says nothing; it is read to its end all the same, which gives the socket back to the agent.
        response.on('data', (chunk: Buffer) => {
          if (status !== 429) chunks.push(chunk);
        });
        response.on('end', () =>
          settle({ answer: { status, retryAfter, text: Buffer.concat(chunks).toString('utf8') } }),
        );
        response.on('error', (error) => settle({ error }));
        // Closed before its end (the connection dropped): settled as a failure if `end` did not come first.
        response.on('close', () => settle({ error: new Error('answer cut off') }));
      });
      request.end(body);
    });
}
