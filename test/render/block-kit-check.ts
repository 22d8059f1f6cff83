/**
 * An independent checker of Slack message payloads against Block Kit's documented limits and shapes (SLACK.md,
 * docs.slack.dev). It does not reuse the renderer's LIMITS on purpose: a wrong number there must fail here.
 * `checkMessage(message)` returns every problem as "blocks/3/text/text: longer than 3000 (3012)"; `[]` is valid.
 * Reusable by any test that builds Slack messages.
 */

const MAX = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  cumulativeText: 11_000,
  messageText: 40_000,
} as const;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Markup we write on purpose; any other `<` in text is user input that escaped escaping.
const ALLOWED_ANGLE = /^<(?:@[UW][A-Z0-9]+|!date\^\d+\^[^|<>]+\|[^<>]*|https?:\/\/[^\s<>|]+(?:\|[^<>]*)?)>/;
const ENTITY = /^&(?:amp|lt|gt);/;

/** Problems with `<` and `&` in `text` that were not escaped. */
export function escapingProblems(text: string): string[] {
  const problems: string[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '<') {
      const m = ALLOWED_ANGLE.exec(text.slice(i));
      if (!m) problems.push(`unescaped "<" at ${i}: ${JSON.stringify(text.slice(i, i + 20))}`);
      else i += m[0].length - 1;
    } else if (c === '>') {
      problems.push(`unescaped ">" at ${i}`);
    } else if (c === '&' && !ENTITY.test(text.slice(i))) {
      problems.push(`unescaped "&" at ${i}`);
    }
  }
  return problems;
}

class Checker {
  readonly problems: string[] = [];
  textTotal = 0;
  private readonly blockIds = new Set<string>();

  fail(path: string, what: string): void {
    this.problems.push(`${path}: ${what}`);
  }

  textObject(path: string, value: unknown, max: number, types: readonly string[] = ['plain_text', 'mrkdwn']): void {
    if (!isObj(value)) {
      this.fail(path, 'a text object is required');
      return;
    }
    if (!types.includes(String(value.type))) this.fail(`${path}/type`, `must be ${types.join(' or ')}`);
    const text = value.text;
    if (typeof text !== 'string' || text.length === 0) {
      this.fail(`${path}/text`, 'must be a non-empty string');
      return;
    }
    if (text.length > max) this.fail(`${path}/text`, `longer than ${max} (${text.length})`);
    this.textTotal += text.length;
    for (const p of escapingProblems(text)) this.fail(`${path}/text`, p);
    if (value.type === 'plain_text' && value.emoji !== undefined && typeof value.emoji !== 'boolean') {
      this.fail(`${path}/emoji`, 'must be a boolean');
    }
  }

  blockId(path: string, block: Obj): void {
    if (block.block_id === undefined) return;
    if (typeof block.block_id !== 'string' || block.block_id.length === 0 || block.block_id.length > MAX.blockId) {
      this.fail(`${path}/block_id`, `must be a string of 1–${MAX.blockId}`);
    } else if (this.blockIds.has(block.block_id)) {
      this.fail(`${path}/block_id`, `duplicate "${block.block_id}"`);
    } else this.blockIds.add(block.block_id);
  }

  button(path: string, el: Obj, actionIds: Set<string>): void {
    this.textObject(`${path}/text`, el.text, MAX.buttonText, ['plain_text']);
    const id = el.action_id;
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX.actionId) {
      this.fail(`${path}/action_id`, `must be a string of 1–${MAX.actionId}`);
    } else if (actionIds.has(id)) this.fail(`${path}/action_id`, `duplicate "${id}" in one block`);
    else actionIds.add(id);
    if (el.value !== undefined && (typeof el.value !== 'string' || el.value.length > MAX.buttonValue)) {
      this.fail(`${path}/value`, `must be a string of at most ${MAX.buttonValue}`);
    }
    if (el.url !== undefined) {
      if (typeof el.url !== 'string' || el.url.length > MAX.buttonUrl || !/^https?:\/\/\S+$/.test(el.url)) {
        this.fail(`${path}/url`, `must be an http(s) URL of at most ${MAX.buttonUrl}`);
      }
    }
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
      this.fail(`${path}/style`, 'must be primary or danger');
    }
  }

  richText(path: string, block: Obj): void {
    const elements = block.elements;
    if (!Array.isArray(elements) || elements.length === 0) {
      this.fail(`${path}/elements`, 'must be non-empty');
      return;
    }
    for (const [i, section] of elements.entries()) {
      const sp = `${path}/elements/${i}`;
      if (!isObj(section)) {
        this.fail(sp, 'must be an object');
        continue;
      }
      const kinds = ['rich_text_section', 'rich_text_list', 'rich_text_quote', 'rich_text_preformatted'];
      if (!kinds.includes(String(section.type))) this.fail(`${sp}/type`, `must be one of ${kinds.join(', ')}`);
      if (!Array.isArray(section.elements)) {
        this.fail(`${sp}/elements`, 'must be an array');
        continue;
      }
      for (const [j, el] of (section.elements as unknown[]).entries()) {
        const ep = `${sp}/elements/${j}`;
        if (!isObj(el)) {
          this.fail(ep, 'must be an object');
          continue;
        }
        switch (el.type) {
          case 'text':
            if (typeof el.text !== 'string' || el.text.length === 0)
              this.fail(`${ep}/text`, 'must be a non-empty string');
            else this.textTotal += el.text.length;
            break;
          case 'date':
            if (!Number.isInteger(el.timestamp)) this.fail(`${ep}/timestamp`, 'must be whole unix seconds');
            if (typeof el.format !== 'string' || el.format.length === 0) this.fail(`${ep}/format`, 'is required');
            if (typeof el.fallback !== 'string' || el.fallback.length === 0) this.fail(`${ep}/fallback`, 'give one');
            else this.textTotal += el.fallback.length;
            break;
          case 'user':
            if (typeof el.user_id !== 'string' || !/^[UW][A-Z0-9]+$/.test(el.user_id)) this.fail(ep, 'bad user_id');
            break;
          case 'emoji':
          case 'link':
          case 'channel':
          case 'usergroup':
          case 'broadcast':
          case 'color':
          case 'team':
            break;
          default:
            this.fail(`${ep}/type`, `unknown rich text element "${String(el.type)}"`);
        }
      }
    }
  }

  block(path: string, block: unknown): void {
    if (!isObj(block)) {
      this.fail(path, 'must be an object');
      return;
    }
    this.blockId(path, block);
    switch (block.type) {
      case 'header':
        this.textObject(`${path}/text`, block.text, MAX.header, ['plain_text']);
        return;
      case 'section': {
        if (block.text === undefined && block.fields === undefined) this.fail(path, 'needs text or fields');
        if (block.text !== undefined) this.textObject(`${path}/text`, block.text, MAX.sectionText);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length === 0 || block.fields.length > MAX.fields) {
            this.fail(`${path}/fields`, `must hold 1–${MAX.fields}`);
          } else {
            for (const [i, f] of (block.fields as unknown[]).entries()) {
              this.textObject(`${path}/fields/${i}`, f, MAX.fieldText);
            }
          }
        }
        if (block.accessory !== undefined && isObj(block.accessory) && block.accessory.type === 'button') {
          this.button(`${path}/accessory`, block.accessory, new Set());
        }
        return;
      }
      case 'context': {
        const els = block.elements;
        if (!Array.isArray(els) || els.length === 0 || els.length > MAX.contextElements) {
          this.fail(`${path}/elements`, `must hold 1–${MAX.contextElements}`);
          return;
        }
        for (const [i, el] of (els as unknown[]).entries()) {
          if (isObj(el) && el.type === 'image') {
            if (typeof el.image_url !== 'string' || typeof el.alt_text !== 'string') {
              this.fail(`${path}/elements/${i}`, 'image needs image_url and alt_text');
            }
          } else this.textObject(`${path}/elements/${i}`, el, MAX.contextText);
        }
        return;
      }
      case 'divider':
        return;
      case 'actions': {
        const els = block.elements;
        if (!Array.isArray(els) || els.length === 0 || els.length > MAX.actionsElements) {
          this.fail(`${path}/elements`, `must hold 1–${MAX.actionsElements}`);
          return;
        }
        const ids = new Set<string>();
        for (const [i, el] of (els as unknown[]).entries()) {
          if (!isObj(el) || el.type !== 'button') this.fail(`${path}/elements/${i}`, 'only buttons are expected');
          else this.button(`${path}/elements/${i}`, el, ids);
        }
        return;
      }
      case 'rich_text':
        this.richText(path, block);
        return;
      default:
        this.fail(`${path}/type`, `unexpected block type "${String(block.type)}"`);
    }
  }

  blocks(blocks: readonly unknown[]): void {
    for (const [i, b] of blocks.entries()) this.block(`blocks/${i}`, b);
  }
}

/** Every way `message` breaks Block Kit's limits or shapes; `[]` when Slack would accept it. */
export function checkMessage(message: unknown): string[] {
  const c = new Checker();
  if (!isObj(message)) return ['message: must be an object'];
  if (typeof message.text !== 'string' || message.text.trim() === '') c.fail('text', 'a fallback text is required');
  else {
    if (message.text.length > MAX.messageText) c.fail('text', `longer than ${MAX.messageText}`);
    for (const p of escapingProblems(message.text)) c.fail('text', p);
  }
  const blocks = message.blocks;
  if (!Array.isArray(blocks)) return [...c.problems, 'blocks: must be an array'];
  if (blocks.length > MAX.blocks) c.fail('blocks', `more than ${MAX.blocks} (${blocks.length})`);
  c.blocks(blocks);
  if (c.textTotal >= MAX.cumulativeText) c.fail('blocks', `cumulative text ${c.textTotal} ≥ ${MAX.cumulativeText}`);
  return c.problems;
}

/** Characters of text across a message's blocks, as `checkMessage` counts them. */
export function cumulativeText(message: unknown): number {
  const c = new Checker();
  if (isObj(message) && Array.isArray(message.blocks)) c.blocks(message.blocks);
  return c.textTotal;
}
