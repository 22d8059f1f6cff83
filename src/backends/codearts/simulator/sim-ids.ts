/** Stable 32-hex ids for the simulator's projects, pipelines, runs, jobs, steps and users. */
import { createHash } from 'node:crypto';

/** A deterministic 32-hex-digit id for `label`: the same label gives the same id in every run and test. */
export function simId(label: string): string {
  return createHash('sha256').update(`codearts-simulator:${label}`).digest('hex').slice(0, 32);
}

/**
 * An IAM user's id, computed as the ContainerOps simulator's IAM does (`src/backends/huawei/simulator/iam.ts`), so the id the IAM
 * login answers and the id in a review's `approvers` are the same for one user.
 */
export function iamUserId(name: string): string {
  return createHash('sha256').update(`user:${name}`).digest('hex').slice(0, 32);
}

/** The demo CodeArts project every simulated pipeline belongs to. */
export const SIM_PROJECT_ID = simId('project:demo');
