/**
 * Simulated state → the JSON CodeArts answers: run details (int64 ms times, upper-case statuses, string ids,
 * stages → jobs → steps with `inputs`), latest runs for list answers (stage times as strings) and pipeline list
 * items. Ids derive from the pipeline id and run number, so a test can predict every one of them. Step inputs
 * carry a secret-looking value, as real ones can, to prove that the bot's model keeps none of them.
 */
import type { Scenario } from './scenarios.js';
import { iamUserId, simId } from './sim-ids.js';
import type { JobPlan, JobState, RunState, StageState } from './timeline.js';

/** A secret-looking value in a shell step's `command` input (never to reach the model). */
export const SIMULATED_INPUT_SECRET = 'sim-input-secret-41d8cd98f0';

/** What rendering needs besides the state. */
export interface RenderContext {
  projectId: string;
  /** The simulator clock (`current_system_time`). */
  now: number;
  /** Where `detail_url` points: `{consoleBase}/cicd/project/{project}/pipeline/detail/{pipeline}/{run}?v=1`. */
  consoleBase: string;
}

/** The ids of run `runNumber` of `pipelineId` and of its stages, jobs and steps. */
export const runIdOf = (pipelineId: string, runNumber: number): string => simId(`${pipelineId}/run/${runNumber}`);
/** The id of stage `s` of a run. */
export const stageIdOf = (runId: string, s: number): string => simId(`${runId}/stage/${s}`);
/** The id (job run id) of job `j` of stage `s` of a run. */
export const jobIdOf = (runId: string, s: number, j: number): string => simId(`${runId}/job/${s}/${j}`);
/** The id (step run id) of a job's step. */
export const stepIdOf = (jobId: string): string => simId(`${jobId}/step/0`);

const TASKS: Record<string, string> = {
  Build: 'official_devcloud_cloudBuild',
  Test: 'official_devcloud_apiTest',
  Check: 'official_devcloud_codeCheck',
  Deploy: 'official_devcloud_deploy',
  Normal: 'official_shell_plugin',
};

/** The console page of a run. */
export function detailUrl(ctx: RenderContext, pipelineId: string, runId: string): string {
  return `${ctx.consoleBase}/cicd/project/${ctx.projectId}/pipeline/detail/${pipelineId}/${runId}?v=1`;
}

function inputsOf(job: JobPlan, jobId: string) {
  if (job.kind === 'review') {
    return [
      { key: 'audit_source', value: 'members' },
      { key: 'approvers', value: job.approvers.map(iamUserId).join(',') },
      { key: 'audit_role', value: '' },
      { key: 'check_strategy', value: job.strategy },
      { key: 'timeout_strategy', value: job.timeoutStrategy },
      { key: 'timeout', value: job.timeoutS },
      { key: 'comment', value: '' },
    ];
  }
  if (job.business === 'Normal') {
    return [
      { key: 'command', value: `curl -fsS -u deploy:${SIMULATED_INPUT_SECRET} https://artifacts.example.com/ok` },
    ];
  }
  return [
    { key: 'jobId', value: simId(`task/${job.name}`) },
    { key: 'artifactIdentifier', value: `${job.name}-${jobId.slice(0, 8)}` },
  ];
}

// Not-started stages and jobs leave their times out, running ones answer 0 for the end: both happen in answers.
function times(startMs: number | null, endMs: number | null) {
  if (startMs === null) return {};
  return { start_time: Math.floor(startMs), end_time: endMs === null ? 0 : Math.floor(endMs) };
}

function renderJob(job: JobPlan, state: JobState, runId: string, s: number, j: number) {
  const id = jobIdOf(runId, s, j);
  const task =
    job.kind === 'review' ? 'official_devcloud_checkpoint' : (TASKS[job.business] ?? 'official_shell_plugin');
  // Steps use only the documented step words: the job's own undocumented word stays on the job.
  const stepStatus = job.kind === 'timed' && state.status === job.runningWord ? 'RUNNING' : state.status;
  return {
    id,
    category: null,
    sequence: j,
    async: null,
    name: job.name,
    identifier: `JOB_${simId(`${job.name}/${j}`).slice(0, 6)}`,
    depends_on: [],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CodeArts' own expression syntax, sent as text
    condition: '${{ default() }}',
    resource: '{"type":"system","arch":"x86"}',
    is_select: true,
    timeout: '',
    last_dispatch_id: simId(`${id}/dispatch`),
    status: state.status,
    message: state.message,
    ...times(state.startMs, state.endMs),
    steps: [
      {
        runtime_attribution: job.kind === 'review' ? 'agentless' : 'agent',
        multi_step_editable: 0,
        official_task_version: '0.0.5',
        icon_url: '',
        name: job.kind === 'review' ? 'ManualReview' : job.name,
        task,
        business_type: job.kind === 'review' ? 'Normal' : job.business,
        inputs: inputsOf(job, id),
        env: [],
        sequence: 0,
        identifier: simId(`${job.name}/step`),
        endpoint_ids: [],
        id: stepIdOf(id),
        last_dispatch_id: '',
        status: stepStatus,
        message: state.message,
        ...times(state.startMs, state.endMs),
      },
    ],
    exec_id: '',
  };
}

function renderStage(scenario: Scenario, state: StageState, runId: string, s: number) {
  const plan = scenario.plan.stages[s];
  return {
    id: stageIdOf(runId, s),
    category: null,
    name: plan?.name ?? '',
    identifier: `stage_${s}`,
    run_always: false,
    parallel: 'true',
    is_select: true,
    sequence: s,
    depends_on: [],
    condition: null,
    status: state.status,
    ...times(state.startMs, state.endMs),
    pre: [{ task: 'official_devcloud_autoTrigger', name: null, sequence: 0, business_type: null, inputs: null }],
    post: [],
    jobs: (plan?.jobs ?? []).map((job, j) =>
      renderJob(job, state.jobs[j] ?? { status: 'INIT', startMs: null, endMs: null, message: '' }, runId, s, j),
    ),
  };
}

function buildParams(scenario: Scenario, run: RunState) {
  const n = run.runNumber;
  return {
    action: scenario.trigger === 'MR' ? 'open' : '',
    build_type: 'branch',
    commit_id: simId(`${scenario.id}/commit/${n}`).slice(0, 40),
    event_type: scenario.trigger === 'MR' ? 'MR' : scenario.trigger === 'Push' ? 'Push' : 'Manual',
    merge_id: scenario.trigger === 'MR' ? String(100 + n) : '',
    message: scenario.commits[n % scenario.commits.length] ?? '',
    source_branch: scenario.branch.source ?? '',
    tag: '',
    target_branch: scenario.branch.target,
    codehub_id: simId(`repo/${scenario.repo.name}`).slice(0, 8),
    source_codehub_id: '',
  };
}

const executorOf = (scenario: Scenario, run: RunState): string =>
  scenario.executors[run.runNumber % scenario.executors.length] ?? 'unknown';

/** The run detail answer of `run`. */
export function renderRunDetail(scenario: Scenario, run: RunState, ctx: RenderContext) {
  const runId = runIdOf(scenario.id, run.runNumber);
  const executor = executorOf(scenario, run);
  return {
    id: runId,
    pipeline_id: scenario.id,
    manifest_version: '3.0',
    name: scenario.name,
    description: scenario.description,
    is_publish: false,
    executor_id: iamUserId(executor),
    executor_name: executor,
    status: run.status,
    trigger_type: scenario.trigger,
    run_number: run.runNumber + 1,
    start_time: Math.floor(run.startMs),
    end_time: run.endMs === null ? 0 : Math.floor(run.endMs),
    pause_time: 0,
    stages: run.stages.map((stage, s) => renderStage(scenario, stage, runId, s)),
    domain_id: simId('domain:demo'),
    project_id: ctx.projectId,
    region: 'cn-north-4',
    component_id: '',
    language: 'en-us',
    sources: [
      {
        type: 'code',
        params: {
          git_type: 'codehub',
          codehub_id: simId(`repo/${scenario.repo.name}`).slice(0, 8),
          git_url: scenario.repo.url,
          ssh_git_url: scenario.repo.url.replace('https://', 'git@').replace('.com/', '.com:'),
          web_url: scenario.repo.url.replace(/\.git$/, ''),
          repo_name: scenario.repo.name,
          default_branch: scenario.repo.defaultBranch,
          endpoint_id: '',
          alias: '',
          build_params: buildParams(scenario, run),
        },
      },
    ],
    artifacts: [],
    subject_id: runId,
    group_id: scenario.group.id,
    group_name: scenario.group.name,
    detail_url: detailUrl(ctx, scenario.id, runId),
    current_system_time: Math.floor(ctx.now),
  };
}

const stringTime = (ms: number | null): string => (ms === null ? '' : String(Math.floor(ms)));

/** A run as list answers give it (`latest_run`, `pipeline_runs[]`, the batch status items). */
export function renderLatestRun(scenario: Scenario, run: RunState, ctx: RenderContext) {
  const runId = runIdOf(scenario.id, run.runNumber);
  const executor = executorOf(scenario, run);
  return {
    pipeline_id: scenario.id,
    pipeline_run_id: runId,
    executor_id: iamUserId(executor),
    executor_name: executor,
    stage_status_list: run.stages.map((stage, s) => ({
      id: stageIdOf(runId, s),
      name: scenario.plan.stages[s]?.name ?? '',
      sequence: s,
      status: stage.status,
      start_time: stringTime(stage.startMs),
      end_time: stringTime(stage.endMs),
    })),
    status: run.status,
    run_number: run.runNumber + 1,
    trigger_type: scenario.trigger,
    build_params: buildParams(scenario, run),
    artifact_params: { version: '', branch_filter: '', package_name: '', organization: '' },
    start_time: Math.floor(run.startMs),
    end_time: run.endMs === null ? 0 : Math.floor(run.endMs),
    modify_url: `${ctx.consoleBase}/cicd/project/${ctx.projectId}/pipeline/modify/${scenario.id}?v=1`,
    detail_url: detailUrl(ctx, scenario.id, runId),
  };
}

/** A pipeline list item; `latest_run` is `null` before its first run. */
export function renderPipelineItem(scenario: Scenario, latest: RunState | null, createdMs: number, ctx: RenderContext) {
  return {
    pipeline_id: scenario.id,
    name: scenario.name,
    project_id: ctx.projectId,
    project_name: 'codearts-demo',
    component_id: '',
    is_publish: false,
    is_collect: false,
    manifest_version: '3.0',
    create_time: Math.floor(createdMs),
    latest_run: latest === null ? null : renderLatestRun(scenario, latest, ctx),
    convert_sign: 0,
    description: scenario.description,
    banned: false,
    tag_list: [],
  };
}
