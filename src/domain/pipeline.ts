/**
 * The pipeline model the card and the watcher use, whichever API it came from. A backend maps its answer into
 * this and nothing else: no raw API tree, no `params` (they may hold secrets), only what a person is shown or a
 * watch reasons about. Times are `Date`s; a time the API did not set is `null`.
 */
import type { PipelineId } from './pipeline-id.js';
import type { StatusValue } from './status.js';

/** The kind of work a stage or job does, as far as the card names it. */
export type StageKind = 'source' | 'build' | 'image_build' | 'test' | 'check' | 'review' | 'deploy' | 'gray_deploy';

/** A reviewer and what they decided, where the API says. */
export interface Reviewer {
  /** The backend's user name or id; linked accounts and `SLACK_USER_MAP` turn it into a Slack mention. */
  name: string;
  /** `unknown`: the API does not tell this reviewer's vote (a finished CodeArts review). */
  decision: 'approved' | 'refused' | 'pending' | 'unknown';
}

/** A manual review: who may decide, how many must, and who has. */
export interface Review {
  /** `all`: every reviewer must approve; `any`: one approval is enough; another string as the API sent it. */
  mode: 'all' | 'any' | (string & {}) | null;
  reviewers: Reviewer[];
  /**
   * Whether the API tells each reviewer's vote (ContainerOps does; CodeArts tells only the review's own status,
   * so its reviewers are all `pending` while it waits and the card says no more than it knows).
   */
  votesKnown: boolean;
  /** How long the review may wait and what happens then, when the API says. */
  timeout: { seconds: number; onTimeout: 'pass' | 'refuse' } | null;
  /**
   * What the backend needs to pass or refuse this review (opaque outside it; fits in a button value); `null` when
   * the API gave no way to act on it.
   */
  ref: string | null;
}

/** A job inside a stage (CodeArts); ContainerOps stages have none. */
export interface Job {
  id: string;
  name: string;
  kind: StageKind | null;
  status: StatusValue;
  startTime: Date | null;
  endTime: Date | null;
  /** The API's error text for a failed job, `''` when none. */
  message: string;
  /** A manual review this job runs, if it is one. */
  review: Review | null;
  /** What the backend needs to read this job's failed step's log (opaque outside it), when there is one. */
  logRef: string | null;
}

export interface Stage {
  /** 0-based position in `PipelineRun.stages`. */
  index: number;
  name: string;
  /** What the stage does (`null`: the API does not say or says something the card has no word for). */
  kind: StageKind | null;
  /** The API's own word for the kind when `kind` is `null` (shown as it is), else `''`. */
  kindLabel: string;
  /** `null`: the API sent no status for this stage (not reached yet). */
  status: StatusValue | null;
  startTime: Date | null;
  endTime: Date | null;
  jobs: Job[];
  /** The stage's manual review (ContainerOps `test_review`, or the first review job of a CodeArts stage). */
  review: Review | null;
}

/** Which run this is and how it came about (fields an API does not have are `null`). */
export interface RunInfo {
  /** The API's id of this run (CodeArts); `null` when runs have none (ContainerOps: a run is its start time). */
  id: string | null;
  /** The run's number as people say it ("#42"). */
  number: number | null;
  /** What started it (`Manual`, `Push`, `Scheduler`, …) as the API says. */
  trigger: string | null;
  /** Who started it. */
  triggeredBy: string | null;
  branch: string | null;
  commitMessage: string | null;
}

/** One pipeline as it stands: its latest (or the asked-for) run. */
export interface PipelineRun {
  id: PipelineId;
  name: string;
  /** The group or folder the pipeline is in, `''` when none. */
  group: string;
  /** The group's id as the API writes it, `null` when it does not say. */
  groupId: string | null;
  description: string;
  run: RunInfo;
  status: StatusValue;
  startTime: Date | null;
  endTime: Date | null;
  updatedTime: Date | null;
  /** The stage the API says is executing (0-based), `null` when it does not say. */
  currentStage: number | null;
  stages: Stage[];
  /** The pipeline in the backend's own console, `null` when there is no link to give. */
  consoleUrl: string | null;
}

/** A pipeline as a name search lists it: enough for a pick list. */
export interface PipelineListing {
  id: PipelineId;
  name: string;
  /** `''` when the list does not say (CodeArts' list has no group). */
  group: string;
  groupId: string | null;
  status: StatusValue;
}

/** A name search: the matches (up to the limit asked), and how many there are in all when the API says. */
export interface PipelineMatches {
  items: PipelineListing[];
  total: number | null;
}
