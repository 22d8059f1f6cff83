/**
 * Who is behind a request, as Slack tells it: a person's team, whether they are a guest or an admin (`users.info`,
 * scope `users:read`), which of the policy's user groups they are in (`usergroups.users.list`, scope
 * `usergroups:read`), and who created a conversation (`conversations.info`). Answers are cached for minutes, so a
 * request costs no extra Slack call in the common case; a lookup Slack refuses is not cached.
 */
import { callForPerson, type SlackWebApi } from '../slack-api/web-api.js';

/** A person as the access checks need them. */
export interface Person {
  id: string;
  teamId: string | null;
  enterpriseId: string | null;
  /** A single- or multi-channel guest (`is_restricted`, `is_ultra_restricted`). */
  guest: boolean;
  /** A workspace admin or owner. */
  admin: boolean;
  /** Slack marks people from other organisations it shows in Slack Connect channels as strangers. */
  stranger: boolean;
}

export interface People {
  /** The person `userId`; throws a `SlackCallError` when Slack cannot say. */
  person(userId: string): Promise<Person>;
  /** Which of `groups` `userId` is in; a group Slack cannot list counts as not containing them. */
  groupsOf(userId: string, groups: readonly string[]): Promise<Set<string>>;
  /** Who created conversation `channelId`, `null` when Slack does not say. */
  creatorOf(channelId: string): Promise<string | null>;
}

export interface PeopleOptions {
  /** How long a person's answer is kept. Default 10 minutes. */
  personTtlMs?: number;
  /** How long a user group's members are kept. Default 5 minutes. */
  groupTtlMs?: number;
  now?: () => number;
  /** Most people kept at once (oldest dropped first). Default 5,000. */
  maxEntries?: number;
}

const rec = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A small time-bounded map, oldest dropped first beyond `max`. */
function expiringMap<T>(ttlMs: number, max: number, now: () => number) {
  const entries = new Map<string, { value: T; until: number }>();
  return {
    get(key: string): T | undefined {
      const hit = entries.get(key);
      if (hit === undefined) return undefined;
      if (hit.until > now()) return hit.value;
      entries.delete(key);
      return undefined;
    },
    set(key: string, value: T): void {
      entries.delete(key);
      entries.set(key, { value, until: now() + ttlMs });
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
  };
}

/** The people lookups, over the bot's Web API client. */
export function createPeople(slack: SlackWebApi, options: PeopleOptions = {}): People {
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 5_000;
  const people = expiringMap<Person>(options.personTtlMs ?? 600_000, max, now);
  const groups = expiringMap<ReadonlySet<string>>(options.groupTtlMs ?? 300_000, 1_000, now);
  const creators = expiringMap<string | null>(options.personTtlMs ?? 600_000, max, now);
  const call = (method: string, args: object) =>
    callForPerson(() => slack.call(method, args), { repeatAmbiguous: true });

  const membersOf = async (group: string): Promise<ReadonlySet<string>> => {
    const cached = groups.get(group);
    if (cached) return cached;
    try {
      const body = await call('usergroups.users.list', { usergroup: group });
      const users = new Set(Array.isArray(body.users) ? body.users.filter((u) => typeof u === 'string') : []);
      groups.set(group, users);
      return users;
    } catch {
      return new Set();
    }
  };

  return {
    async person(userId) {
      const cached = people.get(userId);
      if (cached) return cached;
      const user = rec((await call('users.info', { user: userId })).user);
      const person: Person = {
        id: userId,
        teamId: str(user.team_id),
        enterpriseId: str(rec(user.enterprise_user).enterprise_id),
        guest: user.is_restricted === true || user.is_ultra_restricted === true,
        admin: user.is_admin === true || user.is_owner === true || user.is_primary_owner === true,
        stranger: user.is_stranger === true,
      };
      people.set(userId, person);
      return person;
    },
    async groupsOf(userId, wanted) {
      const found = new Set<string>();
      for (const group of wanted) if ((await membersOf(group)).has(userId)) found.add(group);
      return found;
    },
    async creatorOf(channelId) {
      const cached = creators.get(channelId);
      if (cached !== undefined) return cached;
      try {
        const creator = str(rec((await call('conversations.info', { channel: channelId })).channel).creator);
        creators.set(channelId, creator);
        return creator;
      } catch {
        return null;
      }
    },
  };
}
