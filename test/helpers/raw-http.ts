/**
 * HTTP written by hand on a TCP socket, for what `fetch` will not send: request targets spelled any way
 * (`/slack/./events`, `POST http://host/slack/events`), headers that never end, bodies sent halfway.
 */
import { connect, type Socket } from 'node:net';

/** What came back on the socket, and how the socket ended. */
export interface RawReply {
  /** The status code of the first response line, or `null` when the server closed without answering. */
  status: number | null;
  /** Everything the server wrote. */
  raw: string;
}

/** Opens a socket to `127.0.0.1:port` and resolves once it is connected. */
export async function openSocket(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Resolves with what the server wrote once it closes the connection (or it is reset). */
export function replyWhenClosed(socket: Socket): Promise<RawReply> {
  let raw = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    raw += chunk;
  });
  return new Promise((resolve) => {
    const done = (): void => {
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
      resolve({ status: match ? Number(match[1]) : null, raw });
    };
    socket.once('close', done);
    socket.on('error', () => undefined);
  });
}

/** A whole request, `Connection: close`, with `headers` as given (name → value) and a `Content-Length`. */
export function rawRequest(method: string, target: string, headers: Record<string, string>, body: string): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Sends `request` on a fresh connection and resolves with the reply once the server closes it. */
export async function sendRaw(port: number, request: string): Promise<RawReply> {
  const socket = await openSocket(port);
  const reply = replyWhenClosed(socket);
  socket.write(request);
  return reply;
}

/**
 * Writes a form POST to `/slack/events` with a `bodyLength`-byte body on a fresh connection, all but its last
 * `withheld` bytes, which never come. Resolves once written (the request is then open on the server), with `reply`:
 * what the server wrote once it closes the connection.
 */
export async function sendHalfway(
  port: number,
  bodyLength: number,
  withheld: number,
): Promise<{ reply: Promise<RawReply> }> {
  const socket = await openSocket(port);
  const reply = replyWhenClosed(socket);
  const whole = rawRequest(
    'POST',
    '/slack/events',
    { 'Content-Type': 'application/x-www-form-urlencoded' },
    'x'.repeat(bodyLength),
  );
  socket.write(whole.slice(0, whole.length - withheld));
  return { reply };
}
