// Posts about mail that came in: the message in its case's thread, the line in the requester's DM, the
// reviewer channel's 「未分類のメール」 and 「利用準備の申請（メール）」, and notices about what could not be
// taken. Everything from a mail is untrusted: escaped before it goes into mrkdwn, and cut to what a post
// can hold (slack-limits.ts), with a mark that says so.
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { SUBJECT_LIMIT, type InboundDetail, type InboundRow } from '../../inbound/inbound-record.js';
import { fieldLabel } from '../../forms/declarations.js';
import { INBOUND_LINK_ACTION, INBOUND_NEW_ACTION, type InboundButtonValue } from '../ids.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn, fileSize, mention, quoteText, tokyoTime } from './mrkdwn.js';
import type { MissingDocument } from '../../documents/attachment-plan.js';
import type { Locale } from '../../i18n/locale.js';
import { messages } from '../../i18n/messages.js';
import { CUT_MARK, cutText, SLACK_LIMITS, WHOLE_TEXT_MARK } from './slack-limits.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** Headings other programs rely on (issue #10). */
export const UNMATCHED_HEADING = '未分類のメール';
export const PREPARATION_HEADING = '利用準備の申請（メール）';

/** What the sender wrote in a header, as much of it as a post shows (names and origins can be thousands of characters). */
const shown = (text: string, mark: string = CUT_MARK) => escapeMrkdwn(cutText(text, SUBJECT_LIMIT, mark));

/** The subject as posts show it: cut, with the mark that says where the whole of it is. */
export function shownSubject(d: Pick<InboundDetail, 'subject' | 'wholeText'>): string {
  return escapeMrkdwn(cutText(d.subject, SUBJECT_LIMIT, d.wholeText ? WHOLE_TEXT_MARK : CUT_MARK));
}

function sender(d: InboundDetail): string {
  if (!d.from) return '（差出人なし）';
  return shown(d.from.name ? `${d.from.name} <${d.from.address}>` : d.from.address);
}

function headerLines(row: Pick<InboundRow, 'detail' | 'receivedAt'>): string {
  const d = row.detail;
  return [`*差出人*: ${sender(d)}`, `*件名*: ${d.subject ? shownSubject(d) : '（件名なし）'}`, `*日時*: ${tokyoTime(d.date ? new Date(d.date) : row.receivedAt)}`].join('\n');
}

const fileList = (files: { fileName: string; note: string }[]) => files.map((f) => `${escapeMrkdwn(f.fileName)}（${escapeMrkdwn(f.note)}）`).join('、');

function attachmentLines(d: InboundDetail, uploadedTo: string): string[] {
  const kept = d.attachments.filter((a) => !a.refused && a.size > 0).map((a) => ({ fileName: a.fileName, note: fileSize(a.size) }));
  const empty = d.attachments.filter((a) => !a.refused && a.size === 0).map((a) => ({ fileName: a.fileName, note: '0 バイトの空のファイル' }));
  const refused = d.attachments.filter((a) => a.refused).map((a) => ({ fileName: a.fileName, note: a.refused! }));
  const lines: string[] = [];
  if (kept.length) lines.push(`*添付ファイル*（${uploadedTo}）: ${fileList(kept)}`);
  if (d.wholeText) lines.push(`*メールの全文*（${uploadedTo}）: ${fileList([{ fileName: d.wholeText.fileName, note: fileSize(d.wholeText.size) }])}`);
  if (empty.length || refused.length) lines.push(`:no_entry: *アップロードしていない添付ファイル*: ${fileList([...empty, ...refused])}`);
  // A hundred attachments make a list longer than a section holds: cut, each line on its own.
  return lines.map((line) => cutText(line, Math.floor(SLACK_LIMITS.text / 3)));
}

function textBlock(d: InboundDetail): KnownBlock[] {
  if (!d.text.trim()) return [section('_（本文なし）_')];
  const mark = `\n_${d.wholeText ? WHOLE_TEXT_MARK : '（以下省略。全文は受信メールの記録に残っています）'}_`;
  const quoted = quoteText(d.text);
  return [section(d.truncated ? `${cutText(quoted, SLACK_LIMITS.text - mark.length, '')}${mark}` : cutText(quoted, SLACK_LIMITS.text, mark))];
}

/** The applicant's message in its case's thread, with the step's forward buttons when it waits for documents. */
export function inboundThreadPost(row: InboundRow, caseKey: string, forward: Button[]): SlackMessage {
  const heading = `:incoming_envelope: *メールを受信しました*（${caseKey}・受信 #${row.id}）`;
  const blocks: KnownBlock[] = [section(`${heading}\n${headerLines(row)}`), ...textBlock(row.detail)];
  const files = attachmentLines(row.detail, 'このスレッドにアップロードします');
  if (files.length) blocks.push(section(files.join('\n')));
  if (forward.length) blocks.push({ type: 'actions', block_id: `inbound_forward:${row.id}`, elements: forward } satisfies ActionsBlock);
  return { text: `${caseKey} メールを受信しました: ${shownSubject(row.detail)}`, blocks };
}

/** One line in the requester's DM thread, in their language (the subject is quoted as the mail has it). */
export function inboundDmLine(row: InboundRow, caseKey: string, requesterId: string, locale: Locale = 'ja'): SlackMessage {
  const files = row.detail.attachments.filter((a) => !a.refused && a.size > 0).length;
  const m = messages(locale).inbound;
  // The DM is in the requester's language: its cut is marked with an ellipsis alone.
  const text = `:incoming_envelope: ${m.dmLine(caseKey, row.detail.subject ? shown(row.detail.subject, '…') : undefined, files)} ${mention(requesterId)}`;
  return { text, blocks: [section(text)] };
}

function button(text: string, actionId: string, row: InboundRow, style?: 'primary'): Button {
  const value: InboundButtonValue = { inbound: row.id };
  return { type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value: JSON.stringify(value), ...(style ? { style } : {}) };
}

function preparationLines(d: InboundDetail): string[] {
  const p = d.preparation!;
  const read = Object.entries(p.values).map(([name, value]) => `• ${fieldLabel(name)}: ${escapeMrkdwn(value)}`);
  const failed = [...Object.entries(p.errors).map(([name, why]) => `• ${fieldLabel(name)}: ${escapeMrkdwn(why)}`), ...p.missing.map((name) => `• ${fieldLabel(name)}: 見つかりませんでした`)];
  return [`*読み取った項目*\n${read.join('\n') || '（なし）'}`, ...(failed.length ? [`:warning: *読み取れなかった項目*\n${failed.join('\n')}`] : [])];
}

/** A message that found no case, or a preparation application, in the reviewer channel. */
export function triagePost(row: InboundRow): SlackMessage {
  const preparation = row.outcome === 'preparation' && row.detail.preparation;
  const heading = preparation ? PREPARATION_HEADING : UNMATCHED_HEADING;
  const blocks: KnownBlock[] = [section(`${preparation ? ':inbox_tray:' : ':email:'} *${heading}*（受信 #${row.id}）\n${headerLines(row)}`)];
  if (preparation) blocks.push(section(preparationLines(row.detail).join('\n\n')));
  blocks.push(...textBlock(row.detail));
  const files = attachmentLines(row.detail, 'このメッセージのスレッドにアップロードします');
  if (files.length) blocks.push(section(files.join('\n')));
  blocks.push({
    type: 'actions',
    block_id: `inbound_triage:${row.id}`,
    elements: [button('案件に紐付け', INBOUND_LINK_ACTION, row), button(preparation ? '利用申請として登録' : '新規案件として登録', INBOUND_NEW_ACTION, row, 'primary')],
  });
  return { text: `${heading}: ${row.detail.subject ? shownSubject(row.detail) : '（件名なし）'}`, blocks };
}

/** What could not be taken as it is: kept in the database and in the mailbox, told to the reviewers. */
export function inboundNoticeMessage(row: InboundRow, about: 'refused_attachments' | 'malformed' | 'too_large' | 'refused', caseKey?: string): SlackMessage {
  const d = row.detail;
  const where = `（受信 #${row.id}${caseKey ? `・${caseKey}` : ''}、${shown(d.origin)}）`;
  const refused = fileList(d.attachments.filter((a) => a.refused).map((a) => ({ fileName: a.fileName, note: a.refused! })));
  const text =
    about === 'refused_attachments'
      ? `:no_entry: 受信したメールの添付ファイルのうち、開くと危険な形式のものはアップロードしていません${where}: ${cutText(refused, 2_000)}。メールは受信メールの記録とメールボックスに残っています。`
      : about === 'refused'
        ? `:warning: 受信したメールを取り込めませんでした。何度か試しても失敗したため、取り込めなかったメールとして分けました${where}。差出人: ${sender(d)}、件名: ${d.subject ? shown(d.subject) : '（件名なし）'}。理由: ${escapeMrkdwn(cutText(d.problem ?? '', 1_000))}。メールは受信メールの記録と、取り込めなかったメールとしてメールボックス（\`$MdocFailed\` の印か、そのためのフォルダ）または受信フォルダの \`failed/\` に残っています。`
        : `:warning: 受信したメールを取り込めませんでした${where}: ${escapeMrkdwn(cutText(d.problem ?? '', 1_000))}。メールは受信メールの記録とメールボックスに残っています。`;
  return { text: cutText(text, SLACK_LIMITS.messageText), blocks: [section(cutText(text, SLACK_LIMITS.text))] };
}

/** In the triage post's thread: a reviewer linked the message to a case, or opened one from it. */
export function inboundLinkedReply(caseKey: string, by: string): SlackMessage {
  const text = `:link: ${mention(by)} がこのメールを ${caseKey} に紐付けました。以後は案件のスレッドに表示されます。`;
  return { text, blocks: [section(text)] };
}

/** In the case thread: documents the step's mail listed but did not carry. */
export function missingDocumentsNotice(caseKey: string, missing: MissingDocument[]): SlackMessage {
  const lines = missing.map((m) => `• ${escapeMrkdwn(m.document)}（${m.reason === 'no_file' ? '文書ライブラリにファイルがありません' : '添付の上限を超えるため外しました'}）`);
  const text = `:paperclip: ${caseKey} のメールに添付できなかった資料があります。メールには「（別途お送りします）」と記載しました。ファイルを用意して別途お送りください（\`/mdoc docs\` で登録できます）。\n${lines.join('\n')}`;
  return { text, blocks: [section(text)] };
}
