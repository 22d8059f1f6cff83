/**
 * The three ways to authenticate to a Huawei API (`HuaweiAuth`), as a backend's configuration reads them:
 *
 * 1. a ready IAM token in the backend's own variable (`SWR_AUTH_TOKEN`, `CODEARTS_AUTH_TOKEN`);
 * 2. IAM password login: all of `HUAWEI_IAM_ENDPOINT`, `HUAWEI_USERNAME`, `HUAWEI_PASSWORD`, `HUAWEI_DOMAIN`,
 *    `HUAWEI_PROJECT`;
 * 3. AK/SK signing: `HUAWEI_ACCESS_KEY` and `HUAWEI_SECRET_KEY` (`HUAWEI_PROJECT_ID` optional).
 *
 * Exactly one way must be set, and complete. None at all is fine only without an endpoint: the bot then starts
 * the backend's built-in simulator (`{ kind: 'simulator' }`).
 */
import { z } from 'zod';
import {
  addSentence,
  envInput,
  optionalEndpointUrl,
  optionalText,
  parseInto,
  requiredText,
  wholeNumber,
} from '../../config/env.js';
import type { HuaweiAuth } from './auth/authenticator.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONCURRENT_REQUESTS, type HuaweiLimits } from './http.js';

/** How a backend authenticates: one of the three ways, or the built-in simulator (no endpoint configured). */
export type HuaweiAuthSetting = HuaweiAuth | { kind: 'simulator' };

export const IAM_VARIABLES = [
  'HUAWEI_IAM_ENDPOINT',
  'HUAWEI_USERNAME',
  'HUAWEI_PASSWORD',
  'HUAWEI_DOMAIN',
  'HUAWEI_PROJECT',
] as const;
export const AKSK_VARIABLES = ['HUAWEI_ACCESS_KEY', 'HUAWEI_SECRET_KEY'] as const;

/** The secret Huawei variables shared by every backend (each backend adds its token variable). */
export const HUAWEI_SECRET_VARIABLES = ['HUAWEI_PASSWORD', 'HUAWEI_ACCESS_KEY', 'HUAWEI_SECRET_KEY'] as const;

const IAM_HINT = `IAM password login needs all of ${IAM_VARIABLES.join(', ')}`;
const AKSK_HINT = `AK/SK signing needs both ${AKSK_VARIABLES.join(' and ')}`;

/** IAM password login: every variable required. */
const iamWay = z
  .object({
    HUAWEI_IAM_ENDPOINT: optionalEndpointUrl().pipe(z.string({ error: `is missing: ${IAM_HINT}` })),
    HUAWEI_USERNAME: requiredText(IAM_HINT),
    HUAWEI_PASSWORD: requiredText(IAM_HINT),
    HUAWEI_DOMAIN: requiredText(IAM_HINT),
    HUAWEI_PROJECT: requiredText(IAM_HINT),
  })
  .transform(
    (v): HuaweiAuth => ({
      kind: 'iam',
      endpoint: v.HUAWEI_IAM_ENDPOINT,
      username: v.HUAWEI_USERNAME,
      password: v.HUAWEI_PASSWORD,
      domain: v.HUAWEI_DOMAIN,
      project: v.HUAWEI_PROJECT,
    }),
  );

/** AK/SK signing: both keys required; the project id is sent as `X-Project-Id` when set. */
const akskWay = z
  .object({
    HUAWEI_ACCESS_KEY: requiredText(AKSK_HINT),
    HUAWEI_SECRET_KEY: requiredText(AKSK_HINT),
    HUAWEI_PROJECT_ID: optionalText(),
  })
  .transform(
    (v): HuaweiAuth => ({
      kind: 'aksk',
      accessKey: v.HUAWEI_ACCESS_KEY,
      secretKey: v.HUAWEI_SECRET_KEY,
      projectId: v.HUAWEI_PROJECT_ID,
    }),
  );

/** Which backend the credentials are for. */
export interface HuaweiAuthOptions {
  /** The API's name in messages: `SWR`, `CodeArts`. */
  service: string;
  /** The backend's endpoint variable: set → credentials are required. */
  endpointVariable: string;
  /** The backend's ready-token variable. */
  tokenVariable: string;
}

/** The authentication of one backend; see the file comment. */
export function huaweiAuthSchema(options: HuaweiAuthOptions): z.ZodType<HuaweiAuthSetting> {
  const { service, endpointVariable, tokenVariable } = options;
  const tokenWay = z
    .object({ [tokenVariable]: z.string() })
    .transform((v): HuaweiAuth => ({ kind: 'token', token: v[tokenVariable] ?? '' }));
  return envInput.transform((env, ctx) => {
    const isSet = (name: string): boolean => env[name] !== undefined;
    const ways = [
      { name: tokenVariable, set: isSet(tokenVariable), schema: tokenWay },
      { name: 'IAM', set: IAM_VARIABLES.some(isSet), schema: iamWay },
      { name: 'AK/SK', set: AKSK_VARIABLES.some(isSet), schema: akskWay },
    ].filter((way) => way.set);
    const [chosen] = ways;
    if (chosen === undefined) {
      if (!isSet(endpointVariable)) return { kind: 'simulator' } as const;
      addSentence(
        ctx,
        `no ${service} credentials: set ${tokenVariable}, or all of ${IAM_VARIABLES.join(', ')}, or ${AKSK_VARIABLES.join(' and ')}`,
      );
      return z.NEVER;
    }
    if (ways.length > 1) {
      addSentence(
        ctx,
        `more than one way to authenticate is set (${ways.map((w) => w.name).join(', ')}): keep exactly one of ${tokenVariable}, the HUAWEI_IAM_*/HUAWEI_USERNAME… set, or HUAWEI_ACCESS_KEY/HUAWEI_SECRET_KEY`,
      );
    }
    return parseInto(chosen.schema, env, ctx) ?? z.NEVER;
  });
}

/** `SWR_MAX_BODY_BYTES` and `SWR_MAX_CONCURRENT_REQUESTS`, for either backend (the SWR_ names are older than CodeArts). */
export const huaweiLimitsSchema: z.ZodType<HuaweiLimits> = z
  .object({
    SWR_MAX_BODY_BYTES: wholeNumber(16 * 1024, 64 * 1024 * 1024, DEFAULT_MAX_BODY_BYTES),
    SWR_MAX_CONCURRENT_REQUESTS: wholeNumber(1, 64, DEFAULT_MAX_CONCURRENT_REQUESTS),
  })
  .transform((v) => ({ maxBodyBytes: v.SWR_MAX_BODY_BYTES, maxConcurrentRequests: v.SWR_MAX_CONCURRENT_REQUESTS }));

/** The secret values in `auth`, for log redaction. */
export function authSecrets(auth: HuaweiAuthSetting): string[] {
  switch (auth.kind) {
    case 'token':
      return [auth.token];
    case 'iam':
      return [auth.password];
    case 'aksk':
      return [auth.accessKey, auth.secretKey];
    case 'simulator':
      return [];
  }
}
