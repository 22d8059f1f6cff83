/**
 * Which pipeline backend the bot talks to — `PIPELINE_BACKEND`: `containerops` (SWR, the default) or `codearts`
 * (CodeArts Pipeline) — and that backend's settings, for `openBackend`.
 */
import { z } from 'zod';
import { addSentence, configPart, envInput, oneOf, parseInto, variable } from '../config/env.js';
import {
  CODEARTS_SECRET_VARIABLES,
  CODEARTS_VARIABLES,
  type CodeArtsSettings,
  codeArtsSchema,
} from './codearts/config.js';
import { CONTAINEROPS_SECRET_VARIABLES, type ContainerOpsSettings, containerOpsSchema } from './containerops/config.js';
import { authSecrets, HUAWEI_SECRET_VARIABLES } from './huawei/config.js';

export type { CodeArtsSettings } from './codearts/config.js';
export type { ContainerOpsSettings } from './containerops/config.js';

/** What opening a backend needs: the kind says which. */
export type BackendSettings = ContainerOpsSettings | CodeArtsSettings;

export const BACKEND_KINDS: readonly BackendSettings['kind'][] = ['containerops', 'codearts'];

/** The secret variables of every backend. */
export const BACKEND_SECRET_VARIABLES = [
  ...CONTAINEROPS_SECRET_VARIABLES,
  ...CODEARTS_SECRET_VARIABLES,
  ...HUAWEI_SECRET_VARIABLES,
] as const;

/** `PIPELINE_BACKEND` and the chosen backend's variables. */
export const backendPart = configPart<BackendSettings>(
  envInput.transform((env, ctx) => {
    const kind = parseInto(variable('PIPELINE_BACKEND', oneOf(BACKEND_KINDS, 'containerops')), env, ctx);
    if (kind === undefined) return z.NEVER;
    if (kind === 'codearts') return parseInto(codeArtsSchema, env, ctx) ?? z.NEVER;
    // CodeArts variables without PIPELINE_BACKEND=codearts would silently give the SWR simulator instead.
    const stray = CODEARTS_VARIABLES.filter((name) => env[name] !== undefined);
    if (stray.length > 0) {
      const names = stray.length === 1 ? `${stray[0]} is` : `${stray.slice(0, -1).join(', ')} and ${stray.at(-1)} are`;
      const current = env.PIPELINE_BACKEND === undefined ? 'unset (containerops)' : 'containerops';
      addSentence(
        ctx,
        `${names} set but PIPELINE_BACKEND is ${current}: set PIPELINE_BACKEND=codearts to use CodeArts, or unset ${stray.length === 1 ? 'it' : 'them'}`,
      );
    }
    return parseInto(containerOpsSchema, env, ctx) ?? z.NEVER;
  }),
  BACKEND_SECRET_VARIABLES,
);

/** The secret values in `settings`, for log redaction. */
export function backendSecrets(settings: BackendSettings): string[] {
  return authSecrets(settings.auth);
}
