// What Slack refuses, so that the stand-in refuses it too and a test of a message too big for Slack
// fails as it would against Slack. The numbers are Slack's documented limits (Block Kit reference,
// chat.postMessage, files.getUploadURLExternal), written out here on their own rather than taken from
// the bot's slack-limits.ts: the stand-in checks the bot, it must not share its mistakes.

type Json = Record<string, any>;

const textOf = (object: unknown): string | undefined => (object && typeof (object as Json).text === 'string' ? (object as Json).text : undefined);

/** Why Slack would answer `invalid_blocks` for this block, or undefined. */
function blockProblem(block: Json): string | undefined {
  if (typeof block.block_id === 'string' && block.block_id.length > 255) return 'block_id longer than 255';
  switch (block.type) {
    case 'section': {
      const text = textOf(block.text);
      const fields: unknown[] = Array.isArray(block.fields) ? block.fields : [];
      if (text === undefined && fields.length === 0) return 'section without text or fields';
      if (text !== undefined && (text.length < 1 || text.length > 3000)) return `section text of ${text.length} characters (1 to 3000)`;
      if (fields.length > 10) return `${fields.length} fields (at most 10)`;
      if (fields.some((f) => (textOf(f)?.length ?? 0) > 2000)) return 'a field over 2000 characters';
      return undefined;
    }
    case 'header': {
      const text = textOf(block.text) ?? '';
      return text.length < 1 || text.length > 150 ? `header text of ${text.length} characters (1 to 150)` : undefined;
    }
    case 'context': {
      const elements: unknown[] = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length < 1 || elements.length > 10) return `${elements.length} context elements (1 to 10)`;
      return elements.some((e) => (textOf(e)?.length ?? 0) > 3000) ? 'a context text over 3000 characters' : undefined;
    }
    case 'actions': {
      const elements: Json[] = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length < 1 || elements.length > 25) return `${elements.length} action elements (1 to 25)`;
      for (const e of elements) {
        if (e.type === 'button' && ((textOf(e.text)?.length ?? 0) > 75 || (textOf(e.text)?.length ?? 0) < 1)) return 'button text not 1 to 75 characters';
        if (typeof e.value === 'string' && e.value.length > 2000) return 'button value over 2000 characters';
        if (typeof e.action_id === 'string' && e.action_id.length > 255) return 'action_id longer than 255';
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** All the text of the blocks: Slack answers msg_blocks_too_long past about 13,000 characters (undocumented, seen in practice). */
function blocksLength(blocks: Json[]): number {
  let total = 0;
  const walk = (value: unknown): void => {
    if (typeof value === 'string') total += value.length;
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) if (key === 'text' || typeof inner === 'object') walk(inner);
  };
  walk(blocks);
  return total;
}

/** The error Slack would answer this call with for its content, or undefined when Slack would take it. */
export function slackRefusal(method: string, args: Json): { error: string; detail: string } | undefined {
  if (method === 'chat.postMessage' || method === 'chat.update') {
    const text = typeof args.text === 'string' ? args.text : '';
    if (text.length > 40_000) return { error: 'msg_too_long', detail: `text of ${text.length} characters` };
    if (args.blocks === undefined) return text.length === 0 && method === 'chat.postMessage' ? { error: 'no_text', detail: 'neither text nor blocks' } : undefined;
    if (!Array.isArray(args.blocks)) return { error: 'invalid_blocks_format', detail: 'blocks is not a list' };
    if (args.blocks.length > 50) return { error: 'invalid_blocks', detail: `${args.blocks.length} blocks (at most 50)` };
    for (const [i, block] of (args.blocks as Json[]).entries()) {
      const problem = blockProblem(block);
      if (problem) return { error: 'invalid_blocks', detail: `block ${i}: ${problem}` };
    }
    const length = blocksLength(args.blocks);
    if (length > 13_000) return { error: 'msg_blocks_too_long', detail: `${length} characters of block text` };
    return undefined;
  }
  if (method === 'files.getUploadURLExternal') {
    const length = Number(args.length);
    if (!Number.isInteger(length) || length < 1) return { error: 'invalid_arguments', detail: `length ${String(args.length)} (must be at least 1)` };
    if (typeof args.filename !== 'string' || args.filename.length === 0) return { error: 'invalid_arguments', detail: 'no filename' };
  }
  return undefined;
}
