/** Reading the simulated API's request bodies (pipeline list, runs list, batch status) as the service would. */
import type { ListFilter } from './catalog.js';

/** The runs list's filters and page. */
export interface RunsFilter {
  statuses: string[] | null;
  offset: number;
  limit: number;
}

/** A problem with a request, answered as a 400. */
export interface Problem {
  problem: string;
}

/** Largest page the list calls answer (a larger `limit` is refused, as page limits are). */
export const MAX_PAGE = 100;
/** Most ids one batch status call takes. */
export const MAX_BATCH = 100;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function whole(value: unknown, fallback: number): number | null {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function page(body: Record<string, unknown>): { offset: number; limit: number } | Problem {
  const offset = whole(body.offset, 0);
  const limit = whole(body.limit, 10);
  if (offset === null) return { problem: 'offset must be a whole number ≥ 0' };
  if (limit === null || limit < 1 || limit > MAX_PAGE)
    return { problem: `limit must be a whole number from 1 to ${MAX_PAGE}` };
  return { offset, limit };
}

/** `POST …/pipelines/list`: `{name, offset, limit, sort_key, sort_dir, …}` (other filters accepted, not applied). */
export function parseListBody(body: unknown): ListFilter | Problem {
  if (!isObject(body)) return { problem: 'the body is not a JSON object' };
  const paging = page(body);
  if ('problem' in paging) return paging;
  if (body.name !== undefined && body.name !== null && typeof body.name !== 'string')
    return { problem: 'name must be a string' };
  const sortKey = body.sort_key ?? 'create_time';
  if (sortKey !== 'name' && sortKey !== 'create_time' && sortKey !== 'update_time') {
    return { problem: 'sort_key must be name, create_time or update_time' };
  }
  const sortDir = body.sort_dir ?? 'desc';
  if (sortDir !== 'asc' && sortDir !== 'desc') return { problem: 'sort_dir must be asc or desc' };
  const filter: ListFilter = { ...paging, sortKey, sortDir };
  if (typeof body.name === 'string' && body.name !== '') filter.name = body.name;
  return filter;
}

/** `POST …/pipeline-runs/list`: `{status[], offset, limit, …}`. */
export function parseRunsBody(body: unknown): RunsFilter | Problem {
  if (!isObject(body)) return { problem: 'the body is not a JSON object' };
  const paging = page(body);
  if ('problem' in paging) return paging;
  const status = body.status;
  if (
    status !== undefined &&
    status !== null &&
    !(Array.isArray(status) && status.every((s) => typeof s === 'string'))
  ) {
    return { problem: 'status must be an array of status words' };
  }
  const statuses = Array.isArray(status) && status.length > 0 ? (status as string[]) : null;
  return { ...paging, statuses };
}

/** `POST …/pipelines/status`: a JSON array of pipeline ids. */
export function parseStatusBody(body: unknown): string[] | Problem {
  if (!Array.isArray(body) || !body.every((id) => typeof id === 'string')) {
    return { problem: 'the body must be a JSON array of pipeline ids' };
  }
  if (body.length > MAX_BATCH) return { problem: `at most ${MAX_BATCH} pipeline ids per call` };
  return body as string[];
}
