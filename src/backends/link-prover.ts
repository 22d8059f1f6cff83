/**
 * Which IAM and which SWR read prove a person's credential (`/pipeline login`), from the backend's settings:
 * `LINK_IAM_ENDPOINT` when set, else the IAM the bot itself logs in with (`HUAWEI_IAM_ENDPOINT`), else the built-in
 * simulator's (it serves IAM too), else Huawei Cloud's global IAM. A key pair is proven by a signed SWR list read;
 * CodeArts has no such GET, so on CodeArts key pairs are not offered (`supportsKeys: false`).
 */
import type { CredentialProver } from '../domain/credential-proof.js';
import type { Logger } from '../log.js';
import type { BackendSettings } from './config.js';
import { createCredentialProver } from './huawei/auth/credential-proof.js';
import { DEFAULT_USER_AGENT } from './huawei/connection.js';

/** Huawei Cloud's global IAM endpoint. */
export const GLOBAL_IAM_ENDPOINT = 'https://iam.myhuaweicloud.com';

export interface LinkProver {
  prover: CredentialProver;
  /** `false`: no signed read proves a key pair on this backend. */
  supportsKeys: boolean;
}

/** The prover for the backend `settings` describe (`apiUrl`: where the backend actually is, simulator included). */
export function openLinkProver(
  settings: BackendSettings,
  apiUrl: string,
  link: { iamEndpoint: string | null; project: string | null },
  logger: Logger,
): LinkProver {
  const auth = settings.auth;
  const iamEndpoint =
    link.iamEndpoint ??
    (auth.kind === 'iam' ? auth.endpoint : null) ??
    (settings.endpoint === null ? apiUrl : GLOBAL_IAM_ENDPOINT);
  const project = link.project ?? (auth.kind === 'iam' ? auth.project : 'cn-north-4');
  const prover = createCredentialProver({
    iamEndpoint,
    project,
    probeUrl: `${apiUrl.replace(/\/+$/, '')}/v3/manage/pipelines?limit=1`,
    userAgent: DEFAULT_USER_AGENT,
    logger: logger.child({ component: 'link' }),
  });
  return { prover, supportsKeys: settings.kind === 'containerops' };
}
