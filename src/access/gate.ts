/**
 * The gate every request passes before it runs: is it from the bot's own workspace (or its Enterprise Grid
 * organisation), is the person someone the bot serves (not a guest unless `ALLOW_GUESTS`, not someone from another
 * organisation in a Slack Connect channel unless the policy lets them in), and what may they see and do here
 * (./policy.ts). A request the gate refuses runs nothing; the refusal says why, and who can change it.
 */
import type { Logger } from '../log.js';
import { classifySlackError } from '../slack-api/errors.js';
import type { People, Person } from './people.js';
import { type AccessView, namedUserGroups, viewFor } from './policy.js';
import type { PolicySource } from './policy-file.js';

/** The workspace the bot is installed in, from `auth.test` at start. */
export interface Workspace {
  teamId: string | null;
  /** Its name, for "this bot serves …". */
  team: string | null;
  enterpriseId: string | null;
}

/** Where a request comes from and who sent it, as its payload says. */
export interface GateRequest {
  teamId: string | null;
  enterpriseId: string | null;
  /** The sender's own team (`user.team_id` of an interaction), when the payload says. */
  userTeamId: string | null;
  channelId: string | null;
  /** The conversation's name as the payload says it, without `#`. */
  channelName: string | null;
  userId: string | null;
}

/** Why the gate refused a request. */
export type Refusal =
  | { kind: 'other_workspace'; team: string | null }
  | { kind: 'external_user' }
  | { kind: 'guest' }
  /** Slack did not say who the person is, and the gate must know (guests are refused). */
  | { kind: 'who_unknown' };

/** The gate's answer: what the request may do, or why it may do nothing. */
export type Admission =
  | { ok: true; access: AccessView; person: Person | null }
  | { ok: false; refusal: Refusal; contact: string | null };

export interface GateDeps {
  workspace: Workspace;
  policy: PolicySource;
  people: People;
  allowGuests: boolean;
  logger: Logger;
}

export interface Gate {
  admit(request: GateRequest): Promise<Admission>;
}

/** `true` when `teamId` / `enterpriseId` belong to `workspace` (on Grid, any workspace of its organisation). */
export function inWorkspace(workspace: Workspace, teamId: string | null, enterpriseId: string | null): boolean {
  if (workspace.teamId === null) return true; // auth.test said nothing: nothing to compare with
  if (teamId !== null && teamId === workspace.teamId) return true;
  return workspace.enterpriseId !== null && enterpriseId === workspace.enterpriseId;
}

/** Creates the gate. */
export function createGate(deps: GateDeps): Gate {
  const { workspace } = deps;
  return {
    async admit(request) {
      const policy = deps.policy.current();
      const contact = policy.file?.contact ?? null;
      const refuse = (refusal: Refusal): Admission => ({ ok: false, refusal, contact });
      if (!inWorkspace(workspace, request.teamId, request.enterpriseId)) {
        return refuse({ kind: 'other_workspace', team: workspace.team });
      }
      const externalAllowed = policy.file?.external_users === 'allow';
      if (request.userTeamId !== null && !inWorkspace(workspace, request.userTeamId, null) && !externalAllowed) {
        return refuse({ kind: 'external_user' });
      }
      let person: Person | null = null;
      if (request.userId !== null) {
        try {
          person = await deps.people.person(request.userId);
        } catch (error) {
          // Slack knows every member of its own organisation: one it cannot find is from outside it.
          if (classifySlackError(error).kind === 'refused' && !externalAllowed)
            return refuse({ kind: 'external_user' });
          deps.logger.warn('users.info failed: the person behind a request is unknown', { error });
          if (!deps.allowGuests) return refuse({ kind: 'who_unknown' });
        }
      }
      if (person !== null) {
        const foreign = person.stranger || !inWorkspace(workspace, person.teamId, person.enterpriseId);
        if (foreign && !externalAllowed) return refuse({ kind: 'external_user' });
        if (person.guest && !deps.allowGuests) return refuse({ kind: 'guest' });
      }
      const groups = namedUserGroups(policy);
      const userGroups =
        groups.length > 0 && request.userId !== null
          ? await deps.people.groupsOf(request.userId, groups)
          : new Set<string>();
      const access = viewFor(policy, { channelId: request.channelId, channelName: request.channelName, userGroups });
      return { ok: true, access, person };
    },
  };
}
