/**
 * One interface over the three ways to authenticate to a Huawei API: a fixed token, IAM password tokens, AK/SK
 * signing. The client asks it for the headers of each request and tells it when the API answered 401.
 */
import type { Logger } from '../../../log.js';
import type { HttpTransport } from '../http.js';
import { signRequest } from './aksk-signer.js';
import { createIamTokenProvider } from './iam-token.js';

/** The ways a client can authenticate. */
export type HuaweiAuth =
  | { kind: 'token'; token: string }
  | {
      kind: 'iam';
      /** IAM's base URL; the token call is `POST {endpoint}/v3/auth/tokens?nocatalog=true`. */
      endpoint: string;
      username: string;
      password: string;
      /** The account (domain) name. */
      domain: string;
      /** The IAM project (region) name, e.g. `cn-north-4`. */
      project: string;
    }
  | { kind: 'aksk'; accessKey: string; secretKey: string; projectId: string | null };

/** The parts of a request that authentication reads. */
export interface RequestToAuthorize {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string;
}

export interface Authenticator {
  /** The headers that authenticate this request; may log in first (IAM). Throws `BackendError`. */
  authorize(request: RequestToAuthorize): Promise<Record<string, string>>;
  /** SWR answered 401 to a request sent with `sentHeaders`: `true` when a fresh credential may succeed once. */
  renewAfterRejection(sentHeaders: Readonly<Record<string, string>>): boolean;
  /** Every secret value in use (password, keys, tokens), for redaction. */
  secrets(): string[];
}

export interface AuthenticatorDeps {
  transport: HttpTransport;
  userAgent: string;
  now: () => number;
  logger: Logger;
}

// The headers covered by the AK/SK signature besides host and X-Sdk-Date: ones axios sends exactly as given.
const SIGNED_HEADERS = ['content-type', 'x-project-id'];

/** Builds the authenticator for `auth`. */
export function createAuthenticator(auth: HuaweiAuth, deps: AuthenticatorDeps): Authenticator {
  switch (auth.kind) {
    case 'token':
      return {
        authorize: async () => ({ 'X-Auth-Token': auth.token }),
        renewAfterRejection: () => false,
        secrets: () => [auth.token],
      };
    case 'iam': {
      const provider = createIamTokenProvider({ credentials: auth, ...deps });
      return {
        authorize: async () => ({ 'X-Auth-Token': await provider.token() }),
        renewAfterRejection: (sent) => provider.invalidate(sent['X-Auth-Token'] ?? ''),
        secrets: provider.secrets,
      };
    }
    case 'aksk':
      return {
        authorize: async (request) => {
          const project: Record<string, string> = auth.projectId ? { 'X-Project-Id': auth.projectId } : {};
          const toSign = Object.fromEntries(
            // `Object.assign`, not `{ ...a, ...b }`: once a call, and the spread form costs a hidden class each time
            // on Node 20 (../authorized-call.ts).
            Object.entries(Object.assign({}, request.headers, project)).filter(([name]) =>
              SIGNED_HEADERS.includes(name.toLowerCase()),
            ),
          );
          const signature = signRequest({
            method: request.method,
            url: request.url,
            headers: toSign,
            body: request.body,
            date: new Date(deps.now()),
            accessKey: auth.accessKey,
            secretKey: auth.secretKey,
          });
          return Object.assign({}, project, signature);
        },
        renewAfterRejection: () => false,
        secrets: () => [auth.accessKey, auth.secretKey],
      };
  }
}
