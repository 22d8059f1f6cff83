/**
 * Linking accounts' settings: `CREDENTIALS_KEY` (32 bytes, base64) seals linked credentials,
 * `CREDENTIALS_KEY_PREVIOUS` opens what the key before a rotation sealed, `LINK_METHODS` says how people may link.
 * Without `CREDENTIALS_KEY` linking is off (`keys: null`) and `/pipeline login` says why.
 */
import { z } from 'zod';
import { addProblem, configPart, envInput, optionalEndpointUrl, optionalText, parseInto } from '../config/env.js';
import { isLinkMethod, LINK_METHODS, type LinkMethod } from './linked-accounts.js';
import type { SealingKeys } from './sealing.js';

const DEFAULT_LINK_METHODS: readonly LinkMethod[] = ['password', 'aksk'];

export interface AccountsConfig {
  /** `null`: `CREDENTIALS_KEY` is unset, so nobody can link. */
  keys: SealingKeys | null;
  /** The ways to link offered in the modal, in this order. */
  methods: LinkMethod[];
  /** `LINK_IAM_ENDPOINT`: the IAM that proves passwords and tokens; `null`: the backend's (see src/backends/link-prover.ts). */
  iamEndpoint: string | null;
  /** `LINK_IAM_PROJECT`: the project (region) a password's token is scoped to; `null`: the backend's or `cn-north-4`. */
  project: string | null;
}

const CREDENTIALS_KEY_VARIABLES = ['CREDENTIALS_KEY', 'CREDENTIALS_KEY_PREVIOUS'] as const;

const KEY_HINT = 'must be 32 random bytes in base64 (make one with: openssl rand -base64 32)';

/** A key's bytes, or `null` when the text is not exactly 32 bytes of base64. */
export function readCredentialsKey(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) && !/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  return bytes.length === 32 ? bytes : null;
}

const iamFields = z.object({
  // It receives people's passwords: the rule of every credentialed endpoint (https: unless loopback), and the
  // value echoed without user:password@ or query.
  LINK_IAM_ENDPOINT: optionalEndpointUrl(),
  LINK_IAM_PROJECT: optionalText(),
});

/** `CREDENTIALS_KEY`, `CREDENTIALS_KEY_PREVIOUS`, `LINK_METHODS`, `LINK_IAM_ENDPOINT`, `LINK_IAM_PROJECT`. */
export const accountsPart = configPart<AccountsConfig>(
  envInput.transform((env, ctx) => {
    let failed = false;
    const keyOf = (name: string): Buffer | null => {
      const text = env[name];
      if (text === undefined) return null;
      const key = readCredentialsKey(text);
      if (key === null) {
        addProblem(ctx, name, KEY_HINT);
        failed = true;
      }
      return key;
    };
    const current = keyOf('CREDENTIALS_KEY');
    const previous = keyOf('CREDENTIALS_KEY_PREVIOUS');
    if (previous !== null && current === null && env.CREDENTIALS_KEY === undefined) {
      addProblem(ctx, 'CREDENTIALS_KEY_PREVIOUS', 'is set without CREDENTIALS_KEY: set the new key in CREDENTIALS_KEY');
      failed = true;
    }
    const methods: LinkMethod[] = [];
    const raw = env.LINK_METHODS;
    if (raw === undefined) methods.push(...DEFAULT_LINK_METHODS);
    else {
      const words = raw.split(',').map((w) => w.trim().toLowerCase());
      const bad = words.filter((w) => !isLinkMethod(w));
      if (bad.length > 0 || words.length === 0) {
        addProblem(ctx, 'LINK_METHODS', `must be a comma-separated list of ${LINK_METHODS.join(', ')}`, raw);
        failed = true;
      }
      for (const w of words) if (isLinkMethod(w) && !methods.includes(w)) methods.push(w);
    }
    const iam = parseInto(iamFields, env, ctx);
    if (failed || iam === undefined) return z.NEVER;
    return {
      keys: current === null ? null : { current, previous },
      methods,
      iamEndpoint: iam.LINK_IAM_ENDPOINT,
      project: iam.LINK_IAM_PROJECT,
    };
  }),
  CREDENTIALS_KEY_VARIABLES,
);
