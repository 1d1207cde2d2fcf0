// Slack's limits on a message, and the one place every message goes through to keep to them. Mail is
// untrusted and unbounded (a subject of 130,000 characters, a hundred attachments), and a message over
// a limit is refused whole (`invalid_blocks`, `msg_too_long`, `msg_blocks_too_long`), so a view built
// from mail must not count on its input being small:
// - a view cuts what it shows with `cutText`, with a mark that says so (`CUT_MARK`, or
//   `WHOLE_TEXT_MARK` when the whole text goes to the thread as a file);
// - the poster (src/delivery/slack-poster.ts) passes every message through `withinSlackLimits` before
//   it posts or updates, so whatever a view left over its limits is cut there;
// - and when Slack still refuses a message for its content, the poster posts `fallbackVersions`
//   instead, so that a post is never left dead for being too big.
import type { ActionsBlock, Block, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { SlackMessage } from './case-card.js';

/** Slack's documented limits (docs.slack.dev, Block Kit reference), in characters. */
export const SLACK_LIMITS = {
  /** A section's text, and any text object not named below. */
  text: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  contextElements: 10,
  blocks: 50,
  actionsElements: 25,
  buttonText: 75,
  blockId: 255,
  /**
   * All the text of a message's blocks together: Slack answers `msg_blocks_too_long` somewhere past
   * 13,000 characters (not documented; seen in bolt-js#2509 and the Slack notes of this project).
   */
  blocksTotal: 12_000,
  /** The top-level text: Slack cuts it at 40,000, but it is only the notification line; kept short. */
  messageText: 3000,
  /** A file name: Slack documents none; 255 bytes is what file systems hold. */
  fileNameBytes: 255,
} as const;

export const CUT_MARK = '…（以下省略）';
/** The cut of a mail's text or subject whose whole text is uploaded to the thread as a text file. */
export const WHOLE_TEXT_MARK = '…（以下省略。全文は添付のテキストファイル）';

/** Slack errors that say the message itself is not acceptable: another version of it may be. */
const REFUSED_CONTENT = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'msg_blocks_too_long', 'invalid_attachments', 'too_many_attachments', 'invalid_arguments']);

export function isRefusedContent(error: unknown): boolean {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' && REFUSED_CONTENT.has(e.data?.error ?? '');
}

/**
 * `text` in at most `limit` characters (UTF-16 units, as Slack counts them in JSON), ending in `mark`
 * when it was cut. The cut never splits a surrogate pair, an `&amp;`-style escape or a `<…>` link or
 * mention, so what is left is still valid mrkdwn.
 */
export function cutText(text: string, limit: number, mark: string = CUT_MARK): string {
  if (text.length <= limit) return text;
  let kept = text.slice(0, Math.max(0, limit - mark.length));
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  kept = kept.replace(/&[a-z#0-9]*$/i, '').replace(/<[^>]*$/, '');
  return `${kept}${mark}`;
}

/** A file name in at most SLACK_LIMITS.fileNameBytes bytes of UTF-8, its extension kept. */
export function slackFileName(name: string): string {
  if (Buffer.byteLength(name) <= SLACK_LIMITS.fileNameBytes) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 11 ? name.slice(dot) : '';
  let stem = [...name.slice(0, name.length - extension.length)];
  while (Buffer.byteLength(stem.join('') + extension) > SLACK_LIMITS.fileNameBytes) stem = stem.slice(0, -1);
  return stem.join('') + extension;
}

type Text = { type: 'mrkdwn' | 'plain_text'; text: string };
/** Gives the new text of one text object of a block, knowing the most that object may hold. */
type TextMap = (text: string, limit: number) => string;

const mapObject = <T extends Text>(object: T, limit: number, map: TextMap): T => ({ ...object, text: map(object.text, limit) });

/** The block with each of its text objects (and lists of them) passed through `map` with its own limit. */
function mapTexts(block: KnownBlock | Block, map: TextMap): KnownBlock | Block {
  const limited = 'block_id' in block && typeof block.block_id === 'string' ? { ...block, block_id: block.block_id.slice(0, SLACK_LIMITS.blockId) } : block;
  switch (limited.type) {
    case 'section': {
      const s = limited as SectionBlock;
      return {
        ...s,
        ...(s.text ? { text: mapObject(s.text, SLACK_LIMITS.text, map) } : {}),
        ...(s.fields ? { fields: s.fields.slice(0, SLACK_LIMITS.fields).map((f) => mapObject(f, SLACK_LIMITS.fieldText, map)) } : {}),
      };
    }
    case 'header': {
      const h = limited as HeaderBlock;
      return { ...h, text: mapObject(h.text, SLACK_LIMITS.headerText, map) };
    }
    case 'context': {
      const c = limited as ContextBlock;
      return { ...c, elements: c.elements.slice(0, SLACK_LIMITS.contextElements).map((e) => ('text' in e && typeof e.text === 'string' ? mapObject(e as Text, SLACK_LIMITS.text, map) : e)) } as ContextBlock;
    }
    case 'actions': {
      const a = limited as ActionsBlock;
      return { ...a, elements: a.elements.slice(0, SLACK_LIMITS.actionsElements).map((e) => (e.type === 'button' ? { ...e, text: mapObject((e as Button).text, SLACK_LIMITS.buttonText, map) } : e)) } as ActionsBlock;
    }
    default:
      return limited;
  }
}

const withinBlock = (block: KnownBlock | Block) => mapTexts(block, (text, limit) => cutText(text, limit));

const isEmptySection = (block: KnownBlock | Block) => block.type === 'section' && !(block as SectionBlock).text?.text && !(block as SectionBlock).fields?.length;

/**
 * Within the total: every text longer than a common cap is cut to it, the cap chosen as high as the
 * total allows (the long texts give way, the short ones stay whole).
 */
function withinTotal(blocks: (KnownBlock | Block)[]): (KnownBlock | Block)[] {
  const lengths: number[] = [];
  blocks.forEach((b) => mapTexts(b, (text) => (lengths.push(text.length), text)));
  const total = (cap: number) => lengths.reduce((n, length) => n + Math.min(length, cap), 0);
  if (total(Infinity) <= SLACK_LIMITS.blocksTotal) return blocks;
  let low = 0;
  let high = Math.max(...lengths);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (total(mid) <= SLACK_LIMITS.blocksTotal) low = mid;
    else high = mid - 1;
  }
  // A text cut to fewer characters than its mark is the mark alone, still within the cap's total.
  const cap = Math.max(low, CUT_MARK.length);
  return blocks.map((b) => mapTexts(b, (text) => cutText(text, cap)));
}

/** At most SLACK_LIMITS.blocks blocks: the buttons are kept, what is dropped is said. */
function withinCount(blocks: (KnownBlock | Block)[]): (KnownBlock | Block)[] {
  if (blocks.length <= SLACK_LIMITS.blocks) return blocks;
  const actions = blocks.filter((b) => b.type === 'actions').slice(0, SLACK_LIMITS.blocks - 1);
  const room = SLACK_LIMITS.blocks - actions.length - 1;
  const mark: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: `_${CUT_MARK}_` } };
  return [...blocks.filter((b) => b.type !== 'actions').slice(0, room), mark, ...actions];
}

/** The message with every text, list and count within Slack's limits. A message within them comes back equal. */
export function withinSlackLimits<M extends Pick<SlackMessage, 'text'> & { blocks?: (KnownBlock | Block)[] }>(message: M): M {
  const blocks = message.blocks && withinTotal(withinCount(message.blocks.map(withinBlock).filter((b) => !isEmptySection(b))));
  return { ...message, text: cutText(message.text, SLACK_LIMITS.messageText), ...(blocks ? { blocks } : {}) };
}

const MINIMAL_NOTE = '_（Slack が元の形の投稿を受け付けなかったため、簡略な形で投稿しています）_';

/**
 * What to post when Slack refuses a message for its content: its text and its buttons in one small
 * section, then the text alone without blocks. The first that Slack takes stands for the message.
 */
export function fallbackVersions(message: Pick<SlackMessage, 'text' | 'blocks'>): { text: string; blocks?: KnownBlock[] }[] {
  const text = cutText(message.text, 1_000);
  const section: KnownBlock = { type: 'section', text: { type: 'mrkdwn', text: `${text}\n${MINIMAL_NOTE}` } };
  const actions = message.blocks.filter((b): b is ActionsBlock => b.type === 'actions').map((b) => withinBlock(b) as ActionsBlock);
  return [{ text, blocks: [section, ...actions] }, { text: `${text}\n${MINIMAL_NOTE}` }];
}
