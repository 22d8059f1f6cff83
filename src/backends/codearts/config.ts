/**
 * The CodeArts Pipeline backend's settings (`PIPELINE_BACKEND=codearts`): the endpoint, the CodeArts project, how
 * to authenticate, and the built-in CodeArts simulator's port when no endpoint is set.
 *
 * `CODEARTS_ENDPOINT` is a base URL (`https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com`) or a region name
 * from the SDK's table (`cn-north-4`, see `codeArtsEndpoint`); some documentation pages name other hosts, so a URL
 * is always accepted. `CODEARTS_PROJECT_ID` is the CodeArts project (32 letters and digits), not the IAM project.
 */
import { z } from 'zod';
import { allOf, envInput, isHttpUrl, parseInto, plainHttpProblem, urlForDisplay } from '../../config/env.js';
import { type HuaweiAuthSetting, huaweiAuthSchema, huaweiLimitsSchema } from '../huawei/config.js';
import type { HuaweiLimits } from '../huawei/http.js';
import { codeArtsEndpoint, isCodeArtsProjectId } from './paths.js';
import { codeArtsSimulatorPortField } from './simulator/config.js';

export interface CodeArtsSettings {
  kind: 'codearts';
  /** Base URL without a path; `null` means "start the built-in CodeArts simulator" (and `auth` is `simulator`). */
  endpoint: string | null;
  /** The CodeArts project every pipeline belongs to: always set with an endpoint; `null` → the simulator's own. */
  projectId: string | null;
  auth: HuaweiAuthSetting;
  /** Port of the built-in CodeArts simulator when `endpoint` is `null` (0: any free port). */
  simulatorPort: number;
  limits: HuaweiLimits;
}

/** The CodeArts secret variable besides the shared Huawei ones. */
export const CODEARTS_SECRET_VARIABLES = ['CODEARTS_AUTH_TOKEN'] as const;

/** The variables that only mean something with `PIPELINE_BACKEND=codearts`. */
export const CODEARTS_VARIABLES = ['CODEARTS_ENDPOINT', 'CODEARTS_PROJECT_ID', 'CODEARTS_AUTH_TOKEN'] as const;

const ENDPOINT_EXAMPLE = 'https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com';
const PROJECT_ID_HINT =
  'the CodeArts project id (32 letters and digits, in the project’s address in the CodeArts console; not the IAM project such as cn-north-4)';

/** `CODEARTS_ENDPOINT`: a URL (trailing slashes dropped) or a known region's endpoint; `null` when unset. */
const endpointField = z
  .string()
  .transform((raw, ctx) => {
    if (isHttpUrl(raw)) {
      const problem = plainHttpProblem(raw);
      if (problem === null) return raw.replace(/\/+$/, '');
      ctx.addIssue({ code: 'custom', message: problem, input: urlForDisplay(raw) });
      return z.NEVER;
    }
    const regional = codeArtsEndpoint(raw);
    if (regional !== null) return regional;
    ctx.addIssue({
      code: 'custom',
      message: `must be an http: or https: URL such as ${ENDPOINT_EXAMPLE}, or a region name the Huawei SDK knows (such as cn-north-4)`,
      input: urlForDisplay(raw),
    });
    return z.NEVER;
  })
  .optional()
  .transform((v) => v ?? null);

/** `CODEARTS_PROJECT_ID`: required with a real endpoint, optional for the simulator. */
function projectIdField(required: boolean) {
  const id = z
    .string({ error: `is missing: CODEARTS_ENDPOINT is set, so set ${PROJECT_ID_HINT}` })
    .refine(isCodeArtsProjectId, { error: `must be ${PROJECT_ID_HINT}` });
  return required ? id : id.optional().transform((v) => v ?? null);
}

const auth = huaweiAuthSchema({
  service: 'CodeArts',
  endpointVariable: 'CODEARTS_ENDPOINT',
  tokenVariable: 'CODEARTS_AUTH_TOKEN',
});

/** The settings from `env`; with a real endpoint, the project id is required. */
function codeArtsSettings(realEndpoint: boolean): z.ZodType<CodeArtsSettings> {
  const fields = z.object({
    CODEARTS_ENDPOINT: endpointField,
    CODEARTS_PROJECT_ID: projectIdField(realEndpoint),
    CODEARTS_SIMULATOR_PORT: codeArtsSimulatorPortField,
  });
  return allOf({ fields, limits: huaweiLimitsSchema, auth }).transform(({ fields: v, limits, auth }) => ({
    kind: 'codearts' as const,
    endpoint: v.CODEARTS_ENDPOINT,
    projectId: v.CODEARTS_PROJECT_ID,
    auth: v.CODEARTS_ENDPOINT === null ? { kind: 'simulator' as const } : auth,
    simulatorPort: v.CODEARTS_SIMULATOR_PORT,
    limits,
  }));
}

/** `CODEARTS_ENDPOINT`, `CODEARTS_PROJECT_ID`, `CODEARTS_SIMULATOR_PORT` and the credentials. */
export const codeArtsSchema: z.ZodType<CodeArtsSettings> = envInput.transform(
  (env, ctx) => parseInto(codeArtsSettings(env.CODEARTS_ENDPOINT !== undefined), env, ctx) ?? z.NEVER,
);
