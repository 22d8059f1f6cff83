/**
 * What the bot needs from a pipeline API, whichever it is (ContainerOps today's SWR pipelines, CodeArts Pipeline).
 * A backend is one folder under `src/backends/` that implements this and maps its answers into the model of
 * ./pipeline.ts; the renderer, the watcher, the store and the Slack layer see nothing else. Every failure is a
 * `BackendError` (./backend-error.ts).
 */
import type { RunDigest } from './digest.js';
import type { PipelineMatches, PipelineRun } from './pipeline.js';
import type { PipelineId, PipelineIdSyntax } from './pipeline-id.js';

export type BackendKind = 'containerops' | 'codearts';

/** Which backend this is (the renderer names it in people's words), and whether its data is real. */
export interface BackendInfo {
  kind: BackendKind;
  /** `true` when a built-in simulator serves it: every card says the data is simulated. */
  simulated: boolean;
}

/** The outcome of the last call to the API, for `/healthz`. */
export interface CallOutcome {
  ok: boolean;
  kind: string | null;
  at: Date;
  durationMs: number;
}

/**
 * A person's own credential, used to act as them (approve, refuse). Never the bot's service account: the API
 * records whoever owns the credential as the one who acted.
 */
export type PersonalCredential =
  | { kind: 'token'; token: string }
  | { kind: 'aksk'; accessKey: string; secretKey: string; projectId: string | null };

/** Pass or refuse one manual review (`Review.ref`) as the owner of `as`. */
export interface ReviewRequest {
  pipelineId: PipelineId;
  ref: string;
  decision: 'pass' | 'refuse';
  as: PersonalCredential;
}

/** The end of a failed step's log (`Job.logRef`), at most `maxLines` lines, secrets masked. */
export interface LogTailRequest {
  pipelineId: PipelineId;
  ref: string;
  maxLines: number;
}

export interface LogTail {
  lines: string[];
  /** `true` when the log goes on before the first line given. */
  truncated: boolean;
}

/** `unknown`: no call has ended yet (the start-up check is still under way). */
export type BackendHealthState = 'ok' | 'failing' | 'auth_refused' | 'unknown';

/**
 * The API's health as `/healthz` shows it: a state, one sentence when it is not ok, and the last call
 * (backends/startup-check.ts works it out).
 */
export interface BackendHealth {
  state: BackendHealthState;
  detail: string | null;
  lastCall: { ok: boolean; kind: string | null; at: string; durationMs: number } | null;
}

export interface PipelineBackend {
  readonly info: BackendInfo;
  readonly ids: PipelineIdSyntax;
  /** The pipeline's latest run, or run `runNumber` where the API has run numbers. */
  getRun(id: PipelineId, options?: { runNumber?: number }): Promise<PipelineRun>;
  /** Pipelines whose name contains `name`, at most `limit` of them. */
  searchByName(name: string, limit: number): Promise<PipelineMatches>;
  /** Passes or refuses a review as the credential's owner. */
  review(request: ReviewRequest): Promise<void>;
  /** The tail of a failed step's log, where the API has one. */
  logTail?(request: LogTailRequest): Promise<LogTail>;
  /**
   * The latest run of each of `ids` as an outline (no jobs), in as few calls as the API allows, where it has such
   * a batch call (CodeArts). A pipeline the API does not know (or an id this backend does not read) is absent
   * from the map. Cheaper than `getRun` for each: a watcher compares `digestKey`s (./digest.ts) and reads the
   * whole run only where one moved. Never cached: each call asks the API.
   */
  latestStatuses?(ids: readonly PipelineId[]): Promise<Map<PipelineId, RunDigest>>;
  /** The last call's outcome, or `null` before the first call. */
  lastOutcome(): CallOutcome | null;
}
