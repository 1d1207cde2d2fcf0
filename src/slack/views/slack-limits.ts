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

const cutObject = <T extends Text>(object: T, limit: number): T => ({ ...object, text: cutText(object.text, limit) });

function withinBlock(block: KnownBlock | Block): KnownBlock | Block {
  const limited = 'block_id' in block && typeof block.block_id === 'string' ? { ...block, block_id: block.block_id.slice(0, SLACK_LIMITS.blockId) } : block;
  switch (limited.type) {
    case 'section': {
      const s = limited as SectionBlock;
      return {
        ...s,
        ...(s.text ? { text: cutObject(s.text, SLACK_LIMITS.text) } : {}),
        ...(s.fields ? { fields: s.fields.slice(0, SLACK_LIMITS.fields).map((f) => cutObject(f, SLACK_LIMITS.fieldText)) } : {}),
      };
    }
    case 'header': {
      const h = limited as HeaderBlock;
      return { ...h, text: cutObject(h.text, SLACK_LIMITS.headerText) };
    }
    case 'context': {
      const c = limited as ContextBlock;
      return { ...c, elements: c.elements.slice(0, SLACK_LIMITS.contextElements).map((e) => ('text' in e && typeof e.text === 'string' ? cutObject(e as Text, SLACK_LIMITS.text) : e)) } as ContextBlock;
    }
    case 'actions': {
      const a = limited as ActionsBlock;
      return { ...a, elements: a.elements.slice(0, SLACK_LIMITS.actionsElements).map((e) => (e.type === 'button' ? { ...e, text: cutObject((e as Button).text, SLACK_LIMITS.buttonText) } : e)) } as ActionsBlock;
    }
    default:
      return limited;
  }
}

/** Text objects of a block that the total counts (sections and context; headers and buttons are short by their own limits). */
function textsOf(block: KnownBlock | Block): number {
  if (block.type === 'section') {
    const s = block as SectionBlock;
    return (s.text?.text.length ?? 0) + (s.fields ?? []).reduce((n, f) => n + f.text.length, 0);
  }
  if (block.type === 'context') return (block as ContextBlock).elements.reduce((n, e) => n + ('text' in e && typeof e.text === 'string' ? e.text.length : 0), 0);
  return 0;
}

const isEmptySection = (block: KnownBlock | Block) => block.type === 'section' && !(block as SectionBlock).text?.text && !(block as SectionBlock).fields?.length;

/** Sections over the total are cut, the longest first, until the message fits. */
function withinTotal(blocks: (KnownBlock | Block)[]): (KnownBlock | Block)[] {
  let excess = blocks.reduce((n, b) => n + textsOf(b), 0) - SLACK_LIMITS.blocksTotal;
  if (excess <= 0) return blocks;
  const result = [...blocks];
  const order = result.map((b, i) => ({ i, length: b.type === 'section' ? ((b as SectionBlock).text?.text.length ?? 0) : 0 })).sort((a, b) => b.length - a.length);
  for (const { i, length } of order) {
    if (excess <= 0 || length <= 200) break;
    const s = result[i] as SectionBlock;
    const keep = Math.max(200, length - excess);
    result[i] = { ...s, text: cutObject(s.text!, keep) };
    excess -= length - (result[i] as SectionBlock).text!.text.length;
  }
  return result;
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
