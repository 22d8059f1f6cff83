/**
 * Run detail and list answers built from the shapes CODEARTS.md documents, with what real answers may do: stages
 * out of `sequence` order, an undocumented status, optional fields missing or `null`, times as numbers and as
 * strings, a checkpoint step whose inputs mix strings and numbers, and secret-looking inputs that must never reach
 * the model. Each call returns a fresh object, so tests may mutate it.
 */

export const PIPELINE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const RUN = '0123456789abcdef0123456789abcdef';
export const REVIEW_JOB = 'fedcba9876543210fedcba9876543210';
export const REVIEW_STEP = '00112233445566778899aabbccddeeff';
export const FAILED_JOB = '99999999999999999999999999999999';
export const FAILED_STEP = '88888888888888888888888888888888';
export const ALICE = '1111111111111111111111111111111a';
export const BOB = '2222222222222222222222222222222b';
export const SECRET_INPUT = 'fixture-secret-password-123';

/** 2024-03-01T08:00:00Z in ms. */
export const T = Date.UTC(2024, 2, 1, 8, 0, 0);

function step(id: string, task: string, status: string | null, extra: Record<string, unknown> = {}) {
  return { id, name: task, task, business_type: 'Build', status, start_time: T, end_time: 0, ...extra };
}

/** A run waiting on a review in its third stage (of four); stages listed out of order. */
export function waitingReviewRun(): Record<string, unknown> & { stages: Record<string, unknown>[] } {
  return {
    id: RUN,
    pipeline_id: PIPELINE,
    manifest_version: '3.0',
    name: 'payment-release',
    description: 'Release with approval',
    status: 'RUNNING',
    run_number: 42,
    trigger_type: 'Manual',
    executor_id: ALICE,
    executor_name: 'zhang.wei',
    start_time: T,
    end_time: 0,
    group_name: 'payments',
    detail_url: `https://devcloud.cn-north-4.huaweicloud.com/cicd/project/p/pipeline/detail/${PIPELINE}/${RUN}?v=1`,
    current_system_time: T + 600_000,
    variables: [{ name: 'DB_PASSWORD', value: SECRET_INPUT }],
    sources: [
      {
        type: 'code',
        params: {
          repo_name: 'payment-service',
          default_branch: 'master',
          git_url: `https://user:${SECRET_INPUT}@codehub.example.com/p.git`,
          build_params: { source_branch: '', target_branch: 'release/2.4', tag: null, message: 'Release 2.4.1' },
        },
      },
    ],
    stages: [
      {
        id: 's3',
        name: 'Deploy',
        sequence: 3,
        status: 'INIT',
        jobs: [
          {
            id: 'j3',
            name: 'deploy',
            sequence: 0,
            status: 'INIT',
            steps: [step('st3', 'official_devcloud_deploy', 'INIT', { business_type: 'Deploy' })],
          },
        ],
      },
      {
        id: 's0',
        name: 'Build',
        sequence: 0,
        status: 'COMPLETED',
        start_time: T,
        end_time: T + 60_000,
        jobs: [
          {
            id: 'j0',
            name: 'build',
            sequence: 0,
            status: 'COMPLETED',
            start_time: T,
            end_time: T + 60_000,
            steps: [
              step('st0', 'official_devcloud_cloudBuild', 'COMPLETED', {
                inputs: [{ key: 'command', value: `echo ${SECRET_INPUT}` }],
              }),
            ],
          },
        ],
      },
      {
        id: 's1',
        name: 'Verify',
        sequence: '1',
        status: 'COMPLETED',
        start_time: String(T + 60_000),
        end_time: String(T + 120_000),
        jobs: [
          {
            id: 'j1a',
            name: 'tests',
            sequence: 1,
            status: 'COMPLETED',
            steps: [step('st1a', 'official_devcloud_apiTest', 'COMPLETED', { business_type: 'Test' })],
          },
          {
            id: 'j1b',
            name: 'scan',
            sequence: 0,
            status: 'ASYNC_WAITING',
            steps: [step('st1b', 'official_devcloud_codeCheck', 'RUNNING', { business_type: 'Check' })],
          },
        ],
      },
      {
        id: 's2',
        name: 'Approval',
        sequence: 2,
        status: 'RUNNING',
        start_time: T + 120_000,
        end_time: 0,
        jobs: [
          {
            id: REVIEW_JOB,
            name: 'Release approval',
            sequence: 0,
            status: 'RUNNING',
            start_time: T + 120_000,
            steps: [
              step(REVIEW_STEP, 'official_devcloud_checkpoint', 'RUNNING', {
                business_type: 'Normal',
                inputs: [
                  { key: 'audit_source', value: 'members' },
                  { key: 'approvers', value: `${ALICE},${BOB}` },
                  { key: 'audit_role', value: '' },
                  { key: 'check_strategy', value: 'all' },
                  { key: 'timeout_strategy', value: 'reject' },
                  { key: 'timeout', value: 3600 },
                  { key: 'comment', value: null },
                ],
              }),
            ],
          },
        ],
      },
    ],
  };
}

/** A failed run: its build job failed with a message, its failed step addressable for the log. */
export function failedRun(): Record<string, unknown> {
  return {
    id: RUN,
    pipeline_id: PIPELINE,
    name: 'nightly-build',
    status: 'FAILED',
    run_number: '7',
    trigger_type: 'Scheduler',
    executor_name: 'li.na',
    start_time: T,
    end_time: T + 90_000,
    stages: [
      {
        name: 'Build',
        sequence: 0,
        status: 'FAILED',
        start_time: T,
        end_time: T + 90_000,
        jobs: [
          {
            id: FAILED_JOB,
            name: 'maven-build',
            status: 'FAILED',
            message: 'Build failed: exit code 1',
            steps: [
              step('okokokokokokokokokokokokokokokok', 'official_shell_plugin', 'COMPLETED', { sequence: 0 }),
              step(FAILED_STEP, 'official_devcloud_cloudBuild', 'FAILED', { sequence: 1, message: 'mvn exited 1' }),
            ],
          },
        ],
      },
      { name: 'Deploy', sequence: 1, status: null, jobs: null },
    ],
  };
}

/** A latest-run item as list answers give it (stage times as strings). */
export function latestRunItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pipeline_id: PIPELINE.toUpperCase(),
    pipeline_run_id: RUN,
    executor_name: 'zhang.wei',
    status: 'RUNNING',
    run_number: 3,
    trigger_type: 'Push',
    stage_status_list: [
      { name: 'Test', sequence: 1, status: 'RUNNING', start_time: String(T + 60_000), end_time: '' },
      { name: 'Build', sequence: 0, status: 'COMPLETED', start_time: String(T), end_time: '2024-03-01 16:01:00' },
    ],
    build_params: { target_branch: 'main', message: 'Fix it' },
    start_time: T,
    end_time: 0,
    detail_url: 'javascript:alert(1)',
    ...overrides,
  };
}
