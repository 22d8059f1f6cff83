/** Reading request bodies and writing answers as the real service does: JSON only when asked, else YAML. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';

/** An answer before encoding. `negotiate: false` (gateway and IAM bodies) is always JSON. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  negotiate?: boolean;
}

/** How to distort an answer (from a fault). */
export interface Distortion {
  yaml?: boolean | undefined;
  truncated?: boolean | undefined;
}

const MAX_BODY_BYTES = 1 << 20;

/** The request body as text (at most 1 MiB; more is cut, which makes it invalid JSON, as it should). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    if (size < MAX_BODY_BYTES) chunks.push(buf);
    size += buf.length;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY_BYTES);
}

/** Parses JSON, `undefined` when it is not. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `true` when the client asked for JSON (the real service's default is YAML). */
export function wantsJson(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').toLowerCase().includes('application/json');
}

/** Encodes and sends `reply`. */
export function send(req: IncomingMessage, res: ServerResponse, reply: Reply, distortion: Distortion = {}): void {
  if (res.writableEnded || res.destroyed) return;
  const asYaml = distortion.yaml === true || (reply.negotiate !== false && !wantsJson(req));
  let text = asYaml ? toYaml(reply.body) : JSON.stringify(reply.body);
  if (distortion.truncated) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  const body = Buffer.from(text, 'utf8');
  res.writeHead(reply.status, {
    'Content-Type': asYaml ? 'application/x-yaml; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    ...reply.headers,
  });
  res.end(body);
}

/** Sends a non-JSON HTML error page, like a load balancer in front of the service. */
export function sendHtml(res: ServerResponse, status: number, headers: Record<string, string>): void {
  if (res.writableEnded || res.destroyed) return;
  const title = `${status} ${status === 502 ? 'Bad Gateway' : 'Error'}`;
  const body = Buffer.from(
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  );
  res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': String(body.length), ...headers });
  res.end(body);
}
