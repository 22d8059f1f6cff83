/**
 * Linking an account, as Slack shows it: the modal (`views.open`) with the fields of each method the operator
 * enabled, and the private answers (linked, unlinked, not linked, linking off). Pure; the Slack layer sends them.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import type { Locale } from '../domain/locale.js';
import { ACTION_LINK_ACCOUNT, ACTION_UNLINK_ACCOUNT, VIEW_LINK_ACCOUNT } from './action-ids.js';
import { escapeMrkdwn } from './escape.js';
import { type LinkMethodName, linkStrings } from './link-strings.js';
import type { SlackMessage } from './types.js';

export type { LinkMethodName } from './link-strings.js';

/** The modal's input blocks: `block_id` = the field, its one element's `action_id` is `value`. */
export const LINK_FIELDS = {
  user: 'link_user',
  domain: 'link_domain',
  password: 'link_password',
  accessKey: 'link_access_key',
  secretKey: 'link_secret_key',
  projectId: 'link_project_id',
  token: 'link_token',
} as const;
export type LinkField = keyof typeof LINK_FIELDS;
export const LINK_VALUE_ACTION = 'value';

/** Longest text a field takes (IAM tokens run to about 20,000 characters; the rest are short). */
export const LINK_FIELD_MAX: Record<LinkField, number> = {
  user: 64,
  domain: 64,
  password: 128,
  accessKey: 128,
  secretKey: 256,
  projectId: 64,
  token: 30_000,
};

function input(field: LinkField, label: string, multiline = false): KnownBlock {
  return {
    type: 'input',
    block_id: LINK_FIELDS[field],
    optional: true,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'plain_text_input',
      action_id: LINK_VALUE_ACTION,
      // Slack's own cap on a plain-text input is 3,000 characters; a token needs a multiline field at most that.
      max_length: Math.min(LINK_FIELD_MAX[field], 3000),
      ...(multiline ? { multiline: true } : {}),
    },
  };
}

/** The link modal offering `methods` (in order); `privateMetadata` carries where to answer afterwards. */
export function renderLinkModal(options: {
  methods: readonly LinkMethodName[];
  locale: Locale;
  privateMetadata: string;
}): ModalView {
  const s = linkStrings(options.locale);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: s.intro } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: s.keptHow }] },
  ];
  const named = options.methods.includes('password') || options.methods.includes('aksk');
  if (named) blocks.push(input('user', s.fields.user), input('domain', s.fields.domain));
  for (const method of options.methods) {
    blocks.push({ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: s.sections[method] } });
    if (method === 'password') blocks.push(input('password', s.fields.password));
    if (method === 'aksk') {
      blocks.push(
        input('accessKey', s.fields.accessKey),
        input('secretKey', s.fields.secretKey),
        input('projectId', s.fields.projectId),
      );
    }
    if (method === 'token') blocks.push(input('token', s.fields.token, true));
  }
  return {
    type: 'modal',
    callback_id: VIEW_LINK_ACCOUNT,
    title: { type: 'plain_text', text: s.title },
    submit: { type: 'plain_text', text: s.submit },
    close: { type: 'plain_text', text: s.close },
    private_metadata: options.privateMetadata,
    blocks,
  };
}

function sentence(text: string, actions: KnownBlock[] = []): SlackMessage {
  return { text: text.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, ...actions] };
}

/** "Linked as alice in account acme", with an Unlink button. */
export function renderLinked(user: string, domain: string, locale: Locale): SlackMessage {
  const s = linkStrings(locale);
  return sentence(s.linked(escapeMrkdwn(user), escapeMrkdwn(domain)), [
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: ACTION_UNLINK_ACCOUNT, text: { type: 'plain_text', text: s.button.unlink } },
      ],
    },
  ]);
}

/** The link was forgotten. */
export function renderUnlinked(user: string, locale: Locale): SlackMessage {
  return sentence(linkStrings(locale).unlinked(escapeMrkdwn(user)));
}

/** Logout with no link. */
export function renderNotLinked(locale: Locale): SlackMessage {
  return sentence(linkStrings(locale).notLinked);
}

/** Linking is off (no `CREDENTIALS_KEY`): why, in one sentence. */
export function renderLinkingDisabled(locale: Locale): SlackMessage {
  return sentence(linkStrings(locale).disabled);
}

/** The modal could not be opened (the trigger expired). */
export function renderLinkModalFailed(locale: Locale): SlackMessage {
  return sentence(linkStrings(locale).modalFailed);
}

/** The "Link your Huawei account" button, for whoever needs to offer it. */
export function linkAccountButton(locale: Locale): KnownBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ACTION_LINK_ACCOUNT,
        style: 'primary',
        text: { type: 'plain_text', text: linkStrings(locale).button.link },
      },
    ],
  };
}
