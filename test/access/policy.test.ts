/** The access policy as data: which rules apply to a request, what they let it see, where cards may be posted. */
import { describe, expect, it } from 'vitest';
import { type Asker, namedUserGroups, type Policy, policySchema, viewFor } from '../../src/access/policy.js';

const policy = (file: unknown): Policy => ({ file: policySchema.parse(file) });
const asker = (over: Partial<Asker> = {}): Asker => ({
  channelId: 'C0BACKEND1',
  channelName: 'backend',
  userGroups: new Set(),
  ...over,
});
const pipeline = (id: string, group: string, groupId: string | null = null) => ({ id, group, groupId });

const TWO_TEAMS = policy({
  default: 'deny',
  contact: '#platform-team',
  rules: [
    { channels: ['C0BACKEND1', '#backend-ops'], groups: ['backend', 815], post: true },
    { channels: ['#frontend'], groups: ['frontend'], pipelines: [29476] },
    { usergroups: ['S0SRE0001'], groups: ['*'] },
  ],
});

describe('the access policy', () => {
  it('no file: everyone sees everything and may post anywhere', () => {
    const view = viewFor({ file: null }, asker());
    expect(view.seesAll).toBe(true);
    expect(view.maySee(pipeline('1', 'anything'))).toBe(true);
    expect(view.mayPost).toBe(true);
  });

  it('a rule naming the channel by id shows its groups (by name or id) and lets cards be posted', () => {
    const view = viewFor(TWO_TEAMS, asker());
    expect(view.maySee(pipeline('29501', 'backend'))).toBe(true);
    expect(view.maySee(pipeline('29502', 'something', '815'))).toBe(true);
    expect(view.maySee(pipeline('29503', 'frontend'))).toBe(false);
    expect(view.mayPost).toBe(true);
    expect(view.seesAll).toBe(false);
    expect(view.contact).toBe('#platform-team');
  });

  it('a rule naming the channel by #name applies by the name the request gives; its extra pipelines too', () => {
    const view = viewFor(TWO_TEAMS, asker({ channelId: 'C0FRONTEND', channelName: 'frontend' }));
    expect(view.maySee(pipeline('29503', 'frontend'))).toBe(true);
    expect(view.maySee(pipeline('29476', 'default'))).toBe(true);
    expect(view.maySee(pipeline('29501', 'backend'))).toBe(false);
    // `post` not set: the channel sees, cards are not posted there.
    expect(view.mayPost).toBe(false);
  });

  it('a user group rule applies anywhere, adding to the channel’s, but does not let cards be posted', () => {
    const view = viewFor(
      TWO_TEAMS,
      asker({ channelId: 'C0RANDOM01', channelName: 'random', userGroups: new Set(['S0SRE0001']) }),
    );
    expect(view.seesAll).toBe(true);
    expect(view.maySee(pipeline('9', 'anything'))).toBe(true);
    expect(view.mayPost).toBe(false);
  });

  it('no rule applies: the default decides (deny here)', () => {
    const view = viewFor(TWO_TEAMS, asker({ channelId: 'C0RANDOM01', channelName: 'random' }));
    expect(view.maySee(pipeline('29501', 'backend'))).toBe(false);
    expect(view.mayPost).toBe(false);
    expect(view.scope).toEqual({ groups: [], pipelines: [] });
    const open = policy({ default: 'allow', contact: 'x', rules: [] });
    expect(viewFor(open, asker()).maySee(pipeline('1', 'x'))).toBe(true);
    expect(viewFor(open, asker()).mayPost).toBe(true);
  });

  it('a conversation whose rule says `watch: admins` only lets admins start watches', () => {
    const admins = policy({
      default: 'deny',
      contact: 'x',
      rules: [{ channels: ['C0BACKEND1'], groups: ['*'], post: true, watch: 'admins' }],
    });
    expect(viewFor(admins, asker()).watchAdminsOnly).toBe(true);
    expect(viewFor(TWO_TEAMS, asker()).watchAdminsOnly).toBe(false);
  });

  it('names the user groups it needs looked up, once each', () => {
    expect(namedUserGroups(TWO_TEAMS)).toEqual(['S0SRE0001']);
    expect(namedUserGroups({ file: null })).toEqual([]);
  });

  it('refuses rules that apply to nothing or show nothing, and unknown fields', () => {
    expect(policySchema.safeParse({ default: 'deny', contact: 'x', rules: [{ groups: ['a'] }] }).success).toBe(false);
    expect(policySchema.safeParse({ default: 'deny', contact: 'x', rules: [{ channels: ['C0A1'] }] }).success).toBe(
      false,
    );
    expect(
      policySchema.safeParse({
        default: 'deny',
        contact: 'x',
        rules: [{ channels: ['C0A1'], groups: ['a'], posts: true }],
      }).success,
    ).toBe(false);
    expect(policySchema.safeParse({ default: 'maybe', contact: 'x' }).success).toBe(false);
    expect(policySchema.safeParse({ default: 'deny' }).success).toBe(false);
  });
});
