// Posts about machine-made mail (issue 15): a bounce of the bot's own mail, 「メールが届きませんでした」,
// and an automatic reply, 「自動応答」, in the case thread, with no step button and no DM; in the reviewer
// channel (unmatched) their lines under the triage post's mark. Everything in them came from outside:
// escaped, and cut short (slack-limits.ts).
import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { InboundRow } from '../../inbound/inbound-record.js';
import { BOUNCE_CLEAR_ACTION } from '../ids.js';
import type { SlackMessage } from './case-card.js';
import { inboundButton, section, sender } from './inbound-post-parts.js';
import { escapeMrkdwn, mention, quoteText, tokyoTime } from './mrkdwn.js';
import { cutText } from './slack-limits.js';

/** Headings and the card's mark, which other programs rely on (issue 15). */
export const BOUNCE_HEADING = 'メールが届きませんでした';
export const AUTO_REPLY_HEADING = '自動応答';
export const UNDELIVERED_MARK = 'メール不達';
export const CLEAR_MARK_LABEL = '「メール不達」の表示を消す';

/** How the reviewer channel marks an unmatched bounce or automatic reply. */
export const AUTOMATIC_MARKS = {
  bounce: { emoji: ':leftwards_arrow_with_hook:', mark: '不達通知' },
  auto_reply: { emoji: ':robot_face:', mark: AUTO_REPLY_HEADING },
} as const;

const DIAGNOSTIC_SHOWN = 500;
const SUBJECT_SHOWN = 200;
const AUTO_REPLY_SHOWN = 300;

/** What a bounce says: the address, the mail it returns, the status and the server's diagnostic. */
function bounceLines(row: InboundRow): string[] {
  const b = row.detail.bounce;
  if (!b) return [];
  const reported = [...new Set(b.recipients.map((r) => r.address).filter((a): a is string => Boolean(a)))];
  const lines: string[] = [];
  if (b.to) lines.push(`*宛先*: ${escapeMrkdwn(b.to)}`);
  if (reported.length && !(reported.length === 1 && reported[0]!.toLowerCase() === b.to)) lines.push(`*不達と報告された宛先*: ${reported.map((a) => escapeMrkdwn(cutText(a, 254))).join('、')}`);
  if (b.sentSubject) lines.push(`*送ったメール*: 「${escapeMrkdwn(cutText(b.sentSubject, SUBJECT_SHOWN))}」`);
  if (b.application !== undefined) lines.push(`*送ったメール*: Webからの申し込み（申込 #${b.application}）の確認メール`);
  lines.push(`*状態*: ${escapeMrkdwn(b.status ?? '（記載なし）')}`);
  lines.push(`*エラーの内容*:\n${b.diagnostic.trim() ? quoteText(cutText(b.diagnostic.trim(), DIAGNOSTIC_SHOWN)) : '（記載なし）'}`);
  return lines;
}

/** The first lines of an automatic reply, and what showed it to be one. */
function autoReplyLines(row: InboundRow): string[] {
  const text = row.detail.text.trim();
  return [...(text ? [quoteText(cutText(text, AUTO_REPLY_SHOWN))] : []), `_自動応答と判断した理由: ${escapeMrkdwn(cutText(row.detail.autoReply?.reason ?? '', 60))}_`];
}

/** The body of an unmatched bounce or automatic reply under its mark in the reviewer channel. */
export function automaticMailLines(row: InboundRow): string[] {
  return row.outcome === 'bounce' ? ['送信したメールが届かなかったことを知らせる自動送信のメールです。どの案件のメールかは特定できませんでした。', ...bounceLines(row)] : autoReplyLines(row);
}

/** In the case thread: a mail the bot sent there came back. */
export function bouncePost(row: InboundRow, caseKey: string): SlackMessage {
  const b = row.detail.bounce;
  const heading = `:leftwards_arrow_with_hook: *${BOUNCE_HEADING}*（${caseKey}・受信 #${row.id}）\n*報告元*: ${sender(row.detail)}・${tokyoTime(row.detail.date ? new Date(row.detail.date) : row.receivedAt)}`;
  const blocks: KnownBlock[] = [section(`${heading}\n${bounceLines(row).join('\n')}`)];
  if (b?.to) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `カードに「${UNDELIVERED_MARK}」と表示しています。この宛先に次のメールを送ると消えます。` }] });
    blocks.push({ type: 'actions', block_id: `bounce:${row.id}`, elements: [inboundButton(CLEAR_MARK_LABEL, BOUNCE_CLEAR_ACTION, row)] } satisfies ActionsBlock);
  }
  return { text: `${caseKey} ${BOUNCE_HEADING}${b?.to ? `: ${escapeMrkdwn(b.to)}` : ''}`, blocks };
}

/** In the case thread, compact: an out-of-office or other automatic reply. */
export function autoReplyPost(row: InboundRow, caseKey: string): SlackMessage {
  const subject = escapeMrkdwn(cutText(row.detail.subject || '（件名なし）', SUBJECT_SHOWN));
  const text = `:robot_face: *${AUTO_REPLY_HEADING}*（${caseKey}・受信 #${row.id}）${sender(row.detail)}: 「${subject}」\n${autoReplyLines(row).join('\n')}`;
  return { text: `${caseKey} ${AUTO_REPLY_HEADING}: ${subject}`, blocks: [section(text)] };
}

/** In the thread: the card no longer shows 「メール不達」 for an address. */
export function markClearedReply(caseKey: string, address: string, by?: string): SlackMessage {
  const why = by ? `${mention(by)} が表示を消しました` : 'この宛先へのメールを送信したため、表示を消しました';
  const text = `:envelope: ${caseKey}: ${escapeMrkdwn(address)} の「${UNDELIVERED_MARK}」を解除しました（${why}）。`;
  return { text, blocks: [section(text)] };
}
