/**
 * Slack's Block Kit limits, in one table (docs.slack.dev "Block Kit" reference and ../../shared SLACK.md).
 * Every builder in this folder cuts its text to these numbers; the card keeps a margin under the cumulative
 * limit because Slack's own count (`msg_blocks_too_long`) is undocumented and starts around 11,000 characters.
 */
export const LIMITS = {
  /** Blocks per message (100 only in modals and App Home). */
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  /** The undocumented cumulative limit on text across a message's blocks: stay under it. */
  totalText: 11_000,
  /** Top-level `text` (Slack truncates after 40,000; notifications show far less). */
  messageText: 40_000,
} as const;

/** What the card allows itself of `LIMITS.totalText`, leaving room for Slack counting differently than we do. */
export const TEXT_BUDGET = 10_000;

/** How long the fallback `text` may be: a notification shows one or two lines. */
export const FALLBACK_TEXT_MAX = 300;
