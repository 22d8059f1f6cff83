/**
 * The simulated CodeArts v5 API: routes (`/v5/{project_id}/api/pipelines/…`) and their answers, for a caller the
 * server has already authenticated. Unknown pipelines answer a 200 carrying `DEVPIPE.00011401` (as Huawei's
 * Terraform provider expects), an unknown project `DEV_21_100169`, bad input a 400; every shape is documented in
 * ./README.md.
 */
import type { Reply } from '../../huawei/simulator/http-io.js';
import { type Catalog, type Decision, PIPELINE_NOT_FOUND, type SimError } from './catalog.js';
import { logPage, parseLogRequest, stepLogLines } from './logs.js';
import { type RenderContext, renderLatestRun, renderPipelineItem, renderRunDetail } from './render.js';
import { parseListBody, parseRunsBody, parseStatusBody } from './requests.js';

/** What a request asks for. */
export type ApiRoute =
  | { kind: 'iam' }
  | { kind: 'iam_check' }
  | { kind: 'console' }
  | { kind: 'list'; project: string }
  | { kind: 'status'; project: string }
  | { kind: 'detail'; project: string; id: string }
  | { kind: 'runs'; project: string; id: string }
  | { kind: 'log'; project: string; id: string; runId: string; jobRunId: string; stepRunId: string }
  | {
      kind: 'review';
      project: string;
      id: string;
      runId: string;
      jobRunId: string;
      stepRunId: string;
      decision: 'pass' | 'refuse';
    }
  | { kind: 'unknown' };

/** Routes `method` `path` (no query, no trailing slash). */
export function routeOf(method: string, path: string): ApiRoute {
  if (method === 'POST' && path === '/v3/auth/tokens') return { kind: 'iam' };
  if (method === 'GET' && path === '/v3/auth/tokens') return { kind: 'iam_check' };
  const parts = path.split('/').filter(Boolean);
  if (method === 'GET' && parts[0] === 'cicd' && parts[1] === 'project') return { kind: 'console' };
  const [v5, project, api, pipelines, id, runs, run, jobs, job, steps, step, action] = parts;
  if (v5 !== 'v5' || !project || api !== 'api' || pipelines !== 'pipelines') return { kind: 'unknown' };
  if (parts.length === 5 && method === 'POST' && id === 'list') return { kind: 'list', project };
  if (parts.length === 5 && method === 'POST' && id === 'status') return { kind: 'status', project };
  if (!id || runs !== 'pipeline-runs') return { kind: 'unknown' };
  if (parts.length === 7 && method === 'GET' && run === 'detail') return { kind: 'detail', project, id };
  if (parts.length === 7 && method === 'POST' && run === 'list') return { kind: 'runs', project, id };
  if (parts.length !== 12 || method !== 'POST' || !run || jobs !== 'jobs' || !job || steps !== 'steps' || !step) {
    return { kind: 'unknown' };
  }
  const address = { project, id, runId: run, jobRunId: job, stepRunId: step };
  if (action === 'logs') return { kind: 'log', ...address };
  if (action === 'pass' || action === 'refuse') return { kind: 'review', ...address, decision: action };
  return { kind: 'unknown' };
}

/** The fault targets a route answers to, most specific first. */
export function faultTargetsOf(route: ApiRoute): string[] {
  if (route.kind === 'iam' || route.kind === 'iam_check') return ['iam'];
  if (route.kind === 'list') return ['list', 'all'];
  if (route.kind === 'status') return ['status', 'all'];
  if ('id' in route) return [route.id, 'all'];
  return [];
}

/** An error answer in the shape `error` names. */
export function errorReply(error: SimError): Reply {
  const body =
    error.shape === 'error_code'
      ? { error_code: error.code, error_msg: error.message }
      : { error: { code: error.code, message: error.message } };
  return { status: error.status, body, negotiate: false };
}

const badRequest = (message: string): Reply =>
  errorReply({ status: 400, shape: 'error_code', code: 'SIM.00000400', message });

const ok = (body: unknown): Reply => ({ status: 200, body, negotiate: false });

const ID = /^[0-9A-Za-z]{32}$/;

/** What the handlers need. */
export interface ApiContext {
  catalog: Catalog;
  projectId: string;
  speed: number;
  now(): number;
  render(): RenderContext;
}

/** The caller, as authentication found them. */
export interface Caller {
  user: string;
  via: Decision['via'];
}

function detail(ctx: ApiContext, id: string, url: URL): Reply {
  const scenario = ctx.catalog.scenario(id);
  if (!scenario) return errorReply(PIPELINE_NOT_FOUND);
  const runId = url.searchParams.get('pipeline_run_id') ?? '';
  const number = url.searchParams.get('pipeline_run_number') ?? '';
  if (runId !== '' && !ID.test(runId)) return badRequest('pipeline_run_id must be 32 letters and digits.');
  if (number !== '' && !/^\d{1,9}$/.test(number)) return badRequest('pipeline_run_number must be a whole number.');
  const which = runId !== '' ? { runId } : number !== '' ? { runNumber: Number(number) } : {};
  const run = ctx.catalog.run(scenario, ctx.now(), which);
  if (!run) return errorReply({ status: 404, shape: 'error_object', code: 'SIM.00000404', message: 'No such run.' });
  return ok(renderRunDetail(scenario, run, ctx.render()));
}

function list(ctx: ApiContext, body: unknown): Reply {
  const filter = parseListBody(body);
  if ('problem' in filter) return badRequest(filter.problem);
  const t = ctx.now();
  const { items, total } = ctx.catalog.list(filter, t);
  const rendered = items.map((s) =>
    renderPipelineItem(s, ctx.catalog.run(s, t), ctx.catalog.createdMs(s), ctx.render()),
  );
  return ok({ offset: filter.offset, limit: filter.limit, total, pipelines: rendered });
}

function status(ctx: ApiContext, body: unknown): Reply {
  const ids = parseStatusBody(body);
  if ('problem' in ids) return badRequest(ids.problem);
  const t = ctx.now();
  const out: unknown[] = [];
  for (const id of new Set(ids)) {
    const scenario = ctx.catalog.scenario(id);
    const run = scenario ? ctx.catalog.run(scenario, t) : null;
    if (scenario && run) out.push(renderLatestRun(scenario, run, ctx.render()));
  }
  return ok(out);
}

function runs(ctx: ApiContext, id: string, body: unknown): Reply {
  const scenario = ctx.catalog.scenario(id);
  if (!scenario) return errorReply(PIPELINE_NOT_FOUND);
  const filter = parseRunsBody(body);
  if ('problem' in filter) return badRequest(filter.problem);
  const all = ctx.catalog
    .history(scenario, ctx.now())
    .reverse()
    .filter((run) => filter.statuses === null || filter.statuses.includes(run.status));
  const page = all.slice(filter.offset, filter.offset + filter.limit);
  return ok({
    offset: filter.offset,
    limit: filter.limit,
    total: all.length,
    pipeline_runs: page.map((run) => renderLatestRun(scenario, run, ctx.render())),
  });
}

function log(ctx: ApiContext, route: Extract<ApiRoute, { kind: 'log' }>, body: unknown): Reply {
  const request = parseLogRequest(body);
  if ('problem' in request) return badRequest(request.problem);
  const t = ctx.now();
  const found = ctx.catalog.step({ pipelineId: route.id, ...route }, t);
  if (!found.ok) return errorReply(found);
  return ok(logPage(stepLogLines(found.plan, found.state, t, ctx.speed), request, route.stepRunId));
}

function review(ctx: ApiContext, route: Extract<ApiRoute, { kind: 'review' }>, url: URL, caller: Caller): Reply {
  const comment = (url.searchParams.get('approval_description') ?? '').slice(0, 500);
  const outcome = ctx.catalog.review(
    { pipelineId: route.id, runId: route.runId, jobRunId: route.jobRunId, stepRunId: route.stepRunId },
    caller.user,
    route.decision,
    caller.via,
    ctx.now(),
    comment,
  );
  return outcome.ok ? ok({ success: true }) : errorReply(outcome);
}

/** The answer to an authenticated API call (`route` is neither `iam`, `console` nor `unknown`). */
export function handleApi(ctx: ApiContext, route: ApiRoute, url: URL, body: unknown, caller: Caller): Reply {
  if (!('project' in route)) return badRequest('not an API call');
  if (route.project !== ctx.projectId) {
    return errorReply({
      status: 404,
      shape: 'error_object',
      code: 'DEV_21_100169',
      message: 'The project does not exist.',
    });
  }
  if ('id' in route && !ID.test(route.id)) return badRequest('pipeline_id must be 32 letters and digits.');
  switch (route.kind) {
    case 'list':
      return list(ctx, body);
    case 'status':
      return status(ctx, body);
    case 'detail':
      return detail(ctx, route.id, url);
    case 'runs':
      return runs(ctx, route.id, body);
    case 'log':
      return log(ctx, route, body);
    case 'review':
      return review(ctx, route, url, caller);
  }
}
