/** The simulators' answer to IAM's token check (`GET /v3/auth/tokens`, `X-Auth-Token` + `X-Subject-Token`). */
import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './http-io.js';
import type { Iam } from './iam.js';

const header = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** IAM answers 200 with the token's description and the token back in `X-Subject-Token`, always as JSON. */
export function introspectionReply(iam: Iam, headers: IncomingHttpHeaders, now: number): Reply {
  const result = iam.introspect(header(headers['x-auth-token']), header(headers['x-subject-token']), now);
  if (!result.ok) return { status: result.status, body: result.body, negotiate: false };
  return { status: 200, body: result.body, headers: { 'X-Subject-Token': result.token }, negotiate: false };
}
