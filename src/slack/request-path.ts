/**
 * Which requests Bolt's HTTPReceiver routes to its Slack endpoint, decided exactly as it decides: Bolt 5.1 takes
 * `new URL(req.url, 'http://localhost').pathname` and `req.method.toUpperCase()`. The WHATWG URL parser resolves
 * `.` and `..` segments, `%2e`, backslashes and absolute-form targets (`POST http://host/slack/events`), and reads
 * `//host/slack/events` as host + path; comparing the raw `req.url` instead let such spellings reach Bolt unguarded.
 */
import type { IncomingMessage } from 'node:http';

/** The path Bolt routes `url` by, or `null` when Bolt's own parsing would throw (it then routes nothing). */
export function boltRoutedPath(url: string | undefined): string | null {
  try {
    // `String(undefined)` as Bolt passes it: a request without a URL is routed as `/undefined`.
    return new URL(String(url), 'http://localhost').pathname;
  } catch {
    return null;
  }
}

/** Whether Bolt would hand `req` to its endpoint at `path` (a POST there, however the target is spelled). */
export function isBoltEndpointPost(req: Pick<IncomingMessage, 'method' | 'url'>, path: string): boolean {
  return req.method?.toUpperCase() === 'POST' && boltRoutedPath(req.url) === path;
}
