/**
 * Block Kit as Slack's servers check it, for the fake Slack (./fake-slack.ts). Independent of the renderer's LIMITS
 * and of test/render/block-kit-check.ts on purpose: a wrong number in either must show up here.
 *
 * Errors read like Slack's: `<what> [json-pointer:/blocks/0/text/text]`, the shape Slack returns in `errors` and, with
 * an `[ERROR] ` prefix, in `response_metadata.messages` (java-slack-sdk#1017; node-slack-sdk WebClient.test.ts quotes
 * "[ERROR] unsupported type: sections [json-pointer:/blocks/0/type]"). "must be more than 0 characters" and "failed to
 * match all allowed schemas" are quoted from real answers too; the other phrasings are ours, in the same form.
 * Limits: docs.slack.dev Block Kit reference (50 blocks in a message, 100 in a modal or Home tab; section text 3,000,
 * fields 10 × 2,000; header 150; context 10 elements; actions 25; button text 75, value 2,000, url 3,000; ids 255).
 */

/** Where the blocks will be shown: a message (50 blocks) or a view (modal, Home tab: 100). */
export type Surface = 'message' | 'modal' | 'home';

export const BLOCK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  id: 255,
  altText: 2000,
  imageUrl: 3000,
  /**
   * Slack's undocumented cumulative limit (`msg_blocks_too_long`): observed between about 11,000 and 13,000
   * characters of text across a message's blocks (../../shared/SLACK.md). The fake refuses above 12,000, the middle
   * of that range: a message over it may or may not pass in real Slack, so a bot must stay clearly below.
   */
  cumulativeText: 12_000,
  /** Top-level `text`: above it Slack answers `msg_too_long`. */
  messageText: 40_000,
} as const;

/** Block types Slack accepts, per surface. */
const MESSAGE_BLOCKS = new Set([
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);
const VIEW_BLOCKS = new Set([
  'actions',
  'context',
  'divider',
  'header',
  'image',
  'input',
  'rich_text',
  'section',
  'video',
]);

/** Interactive elements allowed in an `actions` block or as a section accessory. */
const INTERACTIVE = new Set([
  'button',
  'channels_select',
  'checkboxes',
  'conversations_select',
  'datepicker',
  'datetimepicker',
  'external_select',
  'multi_channels_select',
  'multi_conversations_select',
  'multi_external_select',
  'multi_static_select',
  'multi_users_select',
  'overflow',
  'radio_buttons',
  'static_select',
  'timepicker',
  'users_select',
  'workflow_button',
]);
const ACCESSORIES = new Set([...INTERACTIVE, 'image']);
const INPUT_ELEMENTS = new Set([
  ...INTERACTIVE,
  'email_text_input',
  'file_input',
  'number_text_input',
  'plain_text_input',
  'rich_text_input',
  'url_text_input',
]);
const RICH_TEXT_CONTAINERS = new Set([
  'rich_text_section',
  'rich_text_list',
  'rich_text_quote',
  'rich_text_preformatted',
]);
const RICH_TEXT_ELEMENTS = new Set([
  'broadcast',
  'channel',
  'color',
  'date',
  'emoji',
  'link',
  'team',
  'text',
  'user',
  'usergroup',
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The result of checking a list of blocks. */
export interface BlockCheck {
  /** Slack-style messages, `… [json-pointer:/blocks/…]`; empty when the blocks are valid. */
  errors: string[];
  /** Characters of text across the blocks (every text object, rich-text text and date fallback). */
  textLength: number;
}

class Checker {
  readonly errors: string[] = [];
  textLength = 0;

  constructor(private readonly surface: Surface) {}

  private fail(pointer: string, what: string): void {
    this.errors.push(`${what} [json-pointer:${pointer}]`);
  }

  private text(pointer: string, value: unknown, max: number, types: readonly string[] = ['plain_text', 'mrkdwn']) {
    if (!isObj(value)) {
      this.fail(pointer, 'must be an object');
      return;
    }
    if (!types.includes(String(value.type))) {
      this.fail(`${pointer}/type`, `must be one of ${types.join(', ')}`);
    }
    if (typeof value.text !== 'string') {
      this.fail(`${pointer}/text`, 'must be a string');
      return;
    }
    if (value.text.length === 0) this.fail(`${pointer}/text`, 'must be more than 0 characters');
    if (value.text.length > max) this.fail(`${pointer}/text`, `must be less than ${max + 1} characters`);
    this.textLength += value.text.length;
  }

  private id(pointer: string, value: unknown): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || value.length === 0) this.fail(pointer, 'must be a non-empty string');
    else if (value.length > BLOCK_LIMITS.id) this.fail(pointer, `must be less than ${BLOCK_LIMITS.id + 1} characters`);
  }

  private list(pointer: string, value: unknown, max: number): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.fail(pointer, 'must be an array');
      return undefined;
    }
    if (value.length === 0) this.fail(pointer, 'must provide at least 1 item');
    if (value.length > max) this.fail(pointer, `no more than ${max} items allowed`);
    return value;
  }

  private element(pointer: string, el: unknown, allowed: ReadonlySet<string>): void {
    if (!isObj(el)) {
      this.fail(pointer, 'must be an object');
      return;
    }
    const type = String(el.type);
    if (!allowed.has(type)) {
      this.fail(`${pointer}/type`, `unsupported type: ${type}`);
      return;
    }
    this.id(`${pointer}/action_id`, el.action_id);
    if (type === 'button') {
      this.text(`${pointer}/text`, el.text, BLOCK_LIMITS.buttonText, ['plain_text']);
      if (el.value !== undefined) {
        if (typeof el.value !== 'string') this.fail(`${pointer}/value`, 'must be a string');
        else if (el.value.length > BLOCK_LIMITS.buttonValue) {
          this.fail(`${pointer}/value`, `must be less than ${BLOCK_LIMITS.buttonValue + 1} characters`);
        }
      }
      if (el.url !== undefined) {
        if (typeof el.url !== 'string' || !/^https?:\/\/\S+$/.test(el.url))
          this.fail(`${pointer}/url`, 'must be a valid url');
        else if (el.url.length > BLOCK_LIMITS.buttonUrl) {
          this.fail(`${pointer}/url`, `must be less than ${BLOCK_LIMITS.buttonUrl + 1} characters`);
        }
      }
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
        this.fail(`${pointer}/style`, 'must be one of primary, danger');
      }
    } else if (type === 'image') {
      this.image(pointer, el);
    } else if (type === 'rich_text_input' && this.surface === 'message') {
      // java-slack-sdk BlockKit_Test.richTextInputTest: real Slack refuses it in a channel message.
      this.fail(`${pointer}/type`, 'unsupported type: rich_text_input');
    }
  }

  private image(pointer: string, el: Obj): void {
    if (el.image_url === undefined && el.slack_file === undefined) {
      this.fail(pointer, 'must provide either image_url or slack_file');
    } else if (
      el.image_url !== undefined &&
      (typeof el.image_url !== 'string' || el.image_url.length > BLOCK_LIMITS.imageUrl)
    ) {
      this.fail(`${pointer}/image_url`, 'must be a valid url');
    }
    if (typeof el.alt_text !== 'string' || el.alt_text.length === 0) {
      this.fail(`${pointer}/alt_text`, 'must be more than 0 characters');
    } else if (el.alt_text.length > BLOCK_LIMITS.altText) {
      this.fail(`${pointer}/alt_text`, `must be less than ${BLOCK_LIMITS.altText + 1} characters`);
    }
  }

  private richText(pointer: string, block: Obj): void {
    const sections = this.list(`${pointer}/elements`, block.elements, Number.POSITIVE_INFINITY);
    for (const [i, section] of (sections ?? []).entries()) {
      const sp = `${pointer}/elements/${i}`;
      if (!isObj(section) || !RICH_TEXT_CONTAINERS.has(String(section.type))) {
        this.fail(`${sp}/type`, `unsupported type: ${isObj(section) ? String(section.type) : typeof section}`);
        continue;
      }
      if (!Array.isArray(section.elements)) {
        this.fail(`${sp}/elements`, 'must be an array');
        continue;
      }
      this.richTextElements(sp, section);
    }
  }

  private richTextElements(pointer: string, section: Obj): void {
    for (const [j, el] of (section.elements as unknown[]).entries()) {
      const ep = `${pointer}/elements/${j}`;
      if (!isObj(el)) {
        this.fail(ep, 'must be an object');
        continue;
      }
      // A list or quote nests sections; treat them like the top level.
      if (RICH_TEXT_CONTAINERS.has(String(el.type)) && Array.isArray(el.elements)) {
        this.richTextElements(ep, el);
        continue;
      }
      if (!RICH_TEXT_ELEMENTS.has(String(el.type))) {
        this.fail(`${ep}/type`, `unsupported type: ${String(el.type)}`);
        continue;
      }
      if (el.type === 'text') {
        if (typeof el.text !== 'string' || el.text.length === 0)
          this.fail(`${ep}/text`, 'must be more than 0 characters');
        else this.textLength += el.text.length;
      } else if (el.type === 'date') {
        if (!Number.isInteger(el.timestamp)) this.fail(`${ep}/timestamp`, 'must be an integer');
        if (typeof el.format !== 'string' || el.format.length === 0)
          this.fail(`${ep}/format`, 'must be more than 0 characters');
        if (typeof el.fallback === 'string') this.textLength += el.fallback.length;
      } else if (el.type === 'link') {
        if (typeof el.url !== 'string') this.fail(`${ep}/url`, 'must be a string');
        if (typeof el.text === 'string') this.textLength += el.text.length;
      } else if (el.type === 'user' && typeof el.user_id !== 'string') {
        this.fail(`${ep}/user_id`, 'must be a string');
      }
    }
  }

  block(pointer: string, block: unknown): void {
    if (!isObj(block)) {
      this.fail(pointer, 'must be an object');
      return;
    }
    const type = String(block.type);
    const allowed = this.surface === 'message' ? MESSAGE_BLOCKS : VIEW_BLOCKS;
    if (!allowed.has(type)) {
      this.fail(`${pointer}/type`, `unsupported type: ${type}`);
      return;
    }
    this.id(`${pointer}/block_id`, block.block_id);
    switch (type) {
      case 'section': {
        if (block.text === undefined && block.fields === undefined) {
          this.fail(pointer, 'must define either `text` or `fields`');
        }
        if (block.text !== undefined) this.text(`${pointer}/text`, block.text, BLOCK_LIMITS.sectionText);
        if (block.fields !== undefined) {
          const fields = this.list(`${pointer}/fields`, block.fields, BLOCK_LIMITS.fields);
          for (const [i, f] of (fields ?? []).entries()) this.text(`${pointer}/fields/${i}`, f, BLOCK_LIMITS.fieldText);
        }
        if (block.accessory !== undefined) this.element(`${pointer}/accessory`, block.accessory, ACCESSORIES);
        return;
      }
      case 'header':
        this.text(`${pointer}/text`, block.text, BLOCK_LIMITS.headerText, ['plain_text']);
        return;
      case 'context': {
        const els = this.list(`${pointer}/elements`, block.elements, BLOCK_LIMITS.contextElements);
        for (const [i, el] of (els ?? []).entries()) {
          if (isObj(el) && el.type === 'image') this.image(`${pointer}/elements/${i}`, el);
          else if (isObj(el) && (el.type === 'plain_text' || el.type === 'mrkdwn')) {
            this.text(`${pointer}/elements/${i}`, el, BLOCK_LIMITS.contextText);
          } else this.fail(`${pointer}/elements/${i}`, 'failed to match all allowed schemas');
        }
        return;
      }
      case 'actions': {
        const els = this.list(`${pointer}/elements`, block.elements, BLOCK_LIMITS.actionsElements);
        for (const [i, el] of (els ?? []).entries()) this.element(`${pointer}/elements/${i}`, el, INTERACTIVE);
        return;
      }
      case 'image':
        this.image(pointer, block);
        if (block.title !== undefined) this.text(`${pointer}/title`, block.title, 2000, ['plain_text']);
        return;
      case 'rich_text':
        this.richText(pointer, block);
        return;
      case 'input':
        this.text(`${pointer}/label`, block.label, 2000, ['plain_text']);
        this.element(`${pointer}/element`, block.element, INPUT_ELEMENTS);
        return;
      case 'markdown':
        if (typeof block.text !== 'string' || block.text.length === 0) {
          this.fail(`${pointer}/text`, 'must be more than 0 characters');
        } else this.textLength += block.text.length;
        return;
      default:
        // divider, file, video, table: shape not checked beyond the type.
        return;
    }
  }
}

/** Checks `blocks` as Slack does for `surface`; an empty array is refused (Slack wants at least one block). */
export function checkBlocks(blocks: unknown, surface: Surface = 'message'): BlockCheck {
  const c = new Checker(surface);
  if (!Array.isArray(blocks)) return { errors: ['must be an array [json-pointer:/blocks]'], textLength: 0 };
  const max = surface === 'message' ? BLOCK_LIMITS.messageBlocks : BLOCK_LIMITS.viewBlocks;
  if (blocks.length === 0) c.errors.push('must provide at least 1 item [json-pointer:/blocks]');
  if (blocks.length > max) c.errors.push(`no more than ${max} items allowed [json-pointer:/blocks]`);
  for (const [i, b] of blocks.entries()) c.block(`/blocks/${i}`, b);
  return { errors: c.errors, textLength: c.textLength };
}
