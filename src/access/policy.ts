/**
 * The access policy: who may see which pipelines, and where cards may be posted. Pure: the file is read and
 * checked in ./policy-file.ts, the people behind a request are looked up in ./people.ts.
 *
 * A request is judged by the conversation it comes from (a click: the conversation of its container, never a value
 * in the button) and the user's user groups. Every rule that applies — it names the conversation, or a user group
 * the user is in — adds the pipelines it names; when no rule applies the policy's `default` decides. Posting a card
 * in a conversation needs a rule naming that conversation with `post: true` (or `default: allow` where no rule
 * applies to it).
 */
import { z } from 'zod';

/** One rule of the policy file (`ACCESS_POLICY_FILE`), as written. */
export const ruleSchema = z
  .object({
    channels: z
      .array(z.string().regex(/^(#[^\s#]{1,80}|[CGD][A-Z0-9]{2,40})$/, 'a channel id (C…) or #name'))
      .default([]),
    usergroups: z.array(z.string().regex(/^S[A-Z0-9]{2,40}$/, 'a user group id (S…)')).default([]),
    groups: z.array(z.union([z.string().min(1), z.number().int()])).default([]),
    pipelines: z.array(z.union([z.string().min(1), z.number().int()])).default([]),
    post: z.boolean().default(false),
    /** `admins`: only workspace admins and owners may start watches in these conversations. */
    watch: z.enum(['everyone', 'admins']).default('everyone'),
  })
  .strict()
  .refine((rule) => rule.channels.length > 0 || rule.usergroups.length > 0, {
    message: 'a rule needs channels or usergroups: it applies to nothing otherwise',
  })
  .refine((rule) => rule.groups.length > 0 || rule.pipelines.length > 0, {
    message: 'a rule needs groups or pipelines: it shows nothing otherwise',
  });

/** The policy file, as written. */
export const policySchema = z
  .object({
    default: z.enum(['allow', 'deny']),
    /** Who can change the policy, named in every refusal ("#platform-team", "<@U012AB3CD>"). */
    contact: z.string().trim().min(1).max(200),
    /** People from other organisations in Slack Connect channels: outsiders unless `allow`. */
    external_users: z.enum(['allow', 'deny']).default('deny'),
    rules: z.array(ruleSchema).default([]),
  })
  .strict();

export type PolicyFile = z.infer<typeof policySchema>;
export type PolicyRule = z.infer<typeof ruleSchema>;

/** The policy in force; `null` file: none configured (everything allowed, with a start-up warning). */
export interface Policy {
  file: PolicyFile | null;
}

/** The conversation and person a request comes from, as the policy reads them. */
export interface Asker {
  channelId: string | null;
  /** The conversation's name as the request says it (`backend`, without `#`), for rules that name channels. */
  channelName: string | null;
  /** The user groups (among those the policy names) the person is in. */
  userGroups: ReadonlySet<string>;
}

/** Enough of a pipeline to judge it: its id and group (name or id). */
export interface PipelineRef {
  id: string;
  group: string;
  groupId: string | null;
}

/** What a request may do, under the policy. */
export interface AccessView {
  /** `true` when the policy lets this request see every pipeline (no file, or `default: allow` unrestricted). */
  readonly seesAll: boolean;
  maySee(pipeline: PipelineRef): boolean;
  /** Whether a card may be posted in the request's conversation. */
  readonly mayPost: boolean;
  /** Whether only admins and owners may start watches in the request's conversation. */
  readonly watchAdminsOnly: boolean;
  /** Who can change the policy (for refusals). */
  readonly contact: string | null;
  /** The groups and pipelines the request may see, for the refusal that explains it (`null`: everything). */
  readonly scope: { groups: string[]; pipelines: string[] } | null;
}

const namesChannel = (rule: PolicyRule, asker: Asker): boolean =>
  rule.channels.some((c) =>
    c.startsWith('#') ? asker.channelName !== null && c.slice(1) === asker.channelName : c === asker.channelId,
  );

const applies = (rule: PolicyRule, asker: Asker): boolean =>
  namesChannel(rule, asker) || rule.usergroups.some((g) => asker.userGroups.has(g));

/** Everything allowed: no policy file. */
export const SEES_ALL: AccessView = {
  seesAll: true,
  maySee: () => true,
  mayPost: true,
  watchAdminsOnly: false,
  contact: null,
  scope: null,
};

/** What `asker` may do under `policy`. */
export function viewFor(policy: Policy, asker: Asker): AccessView {
  const file = policy.file;
  if (file === null) return SEES_ALL;
  const applying = file.rules.filter((rule) => applies(rule, asker));
  const channelRules = file.rules.filter((rule) => namesChannel(rule, asker));
  const watchAdminsOnly = channelRules.some((rule) => rule.watch === 'admins');
  if (applying.length === 0) {
    const allowed = file.default === 'allow';
    return {
      ...SEES_ALL,
      seesAll: allowed,
      maySee: () => allowed,
      mayPost: allowed,
      watchAdminsOnly,
      contact: file.contact,
      scope: allowed ? null : { groups: [], pipelines: [] },
    };
  }
  const groups = new Set(applying.flatMap((rule) => rule.groups.map(String)));
  const pipelines = new Set(applying.flatMap((rule) => rule.pipelines.map(String)));
  const everyGroup = groups.has('*');
  return {
    seesAll: everyGroup,
    maySee: (p) =>
      everyGroup ||
      pipelines.has(p.id) ||
      (p.group !== '' && groups.has(p.group)) ||
      (p.groupId !== null && groups.has(p.groupId)),
    mayPost: channelRules.some((rule) => rule.post),
    watchAdminsOnly,
    contact: file.contact,
    scope: everyGroup ? null : { groups: [...groups], pipelines: [...pipelines] },
  };
}

/** The user groups `policy` names (their members are looked up per request). */
export function namedUserGroups(policy: Policy): string[] {
  return [...new Set(policy.file?.rules.flatMap((rule) => rule.usergroups) ?? [])];
}
