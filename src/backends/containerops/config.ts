/**
 * The ContainerOps (SWR) backend's settings: the endpoint, how to authenticate, the client's timeout, retries and
 * cache, the console link, and the built-in simulator's port when no endpoint is set.
 */
import { z } from 'zod';
import { allOf, optionalEndpointUrl, wholeNumber } from '../../config/env.js';
import { type HuaweiAuthSetting, huaweiAuthSchema, huaweiLimitsSchema } from '../huawei/config.js';
import type { HuaweiLimits } from '../huawei/http.js';
import { simulatorPortField } from './simulator/config.js';

export interface ContainerOpsSettings {
  kind: 'containerops';
  /** Base URL without a path; `null` means "start the built-in simulator" (and `auth` is `simulator`). */
  endpoint: string | null;
  auth: HuaweiAuthSetting;
  timeoutMs: number;
  retries: number;
  cacheMs: number;
  /** The card's "Open in console" link, `{id}` replaced by the pipeline id; `null` → no button. */
  consoleUrlTemplate: string | null;
  /** Port of the built-in simulator when `endpoint` is `null` (0: any free port). */
  simulatorPort: number;
  limits: HuaweiLimits;
}

/** The ContainerOps secret variable besides the shared Huawei ones. */
export const CONTAINEROPS_SECRET_VARIABLES = ['SWR_AUTH_TOKEN'] as const;

const fields = z.object({
  SWR_ENDPOINT: optionalEndpointUrl(),
  SWR_TIMEOUT_MS: wholeNumber(100, 120_000, 10_000),
  SWR_RETRIES: wholeNumber(0, 10, 2),
  SWR_CACHE_MS: wholeNumber(0, 600_000, 2_000),
  SWR_CONSOLE_URL_TEMPLATE: z
    .string()
    .refine((t) => t.includes('{id}') && /^https?:\/\//.test(t), { error: 'must be an http(s) URL containing {id}' })
    .optional()
    .transform((v) => v ?? null),
  SIMULATOR_PORT: simulatorPortField,
});

/** `SWR_ENDPOINT`, `SWR_TIMEOUT_MS`, `SWR_RETRIES`, `SWR_CACHE_MS`, `SWR_CONSOLE_URL_TEMPLATE`, `SIMULATOR_PORT` and the credentials. */
export const containerOpsSchema: z.ZodType<ContainerOpsSettings> = allOf({
  fields,
  limits: huaweiLimitsSchema,
  auth: huaweiAuthSchema({ service: 'SWR', endpointVariable: 'SWR_ENDPOINT', tokenVariable: 'SWR_AUTH_TOKEN' }),
}).transform(({ fields: v, limits, auth }) => ({
  kind: 'containerops' as const,
  endpoint: v.SWR_ENDPOINT,
  // Credentials without an endpoint are checked, but the built-in simulator is used.
  auth: v.SWR_ENDPOINT === null ? { kind: 'simulator' as const } : auth,
  timeoutMs: v.SWR_TIMEOUT_MS,
  retries: v.SWR_RETRIES,
  cacheMs: v.SWR_CACHE_MS,
  consoleUrlTemplate: v.SWR_CONSOLE_URL_TEMPLATE,
  simulatorPort: v.SIMULATOR_PORT,
  limits,
}));
