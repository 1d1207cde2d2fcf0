// Posts about mail that came in: the message in its case's thread, the line in the requester's DM, the
// reviewer channel's 「未分類のメール」 and 「利用準備の申請（メール）」, and notices about what could not be
// taken. Everything from a mail is untrusted: escaped before it goes into mrkdwn.
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { InboundDetail, InboundRow } from '../../inbound/inbound-record.js';
import { fieldLabel } from '../../forms/declarations.js';
import { INBOUND_LINK_ACTION, INBOUND_NEW_ACTION, type InboundButtonValue } from '../ids.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn, fileSize, mention, quoteText, tokyoTime } from './mrkdwn.js';
import type { MissingDocument } from '../../documents/attachment-plan.js';
import type { Locale } from '../../i18n/locale.js';
import { messages } from '../../i18n/messages.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** Headings other programs rely on (issue #10). */
export const UNMATCHED_HEADING = '未分類のメール';
export const PREPARATION_HEADING = '利用準備の申請（メール）';

function sender(d: InboundDetail): string {
  if (!d.from) return '（差出人なし）';
  return escapeMrkdwn(d.from.name ? `${d.from.name} <${d.from.address}>` : d.from.address);
}

function headerLines(row: Pick<InboundRow, 'detail' | 'receivedAt'>): string {
  const d = row.detail;
  return [`*差出人*: ${sender(d)}`, `*件名*: ${escapeMrkdwn(d.subject || '（件名なし）')}`, `*日時*: ${tokyoTime(d.date ? new Date(d.date) : row.receivedAt)}`].join('\n');
}

function attachmentLines(d: InboundDetail, uploadedTo: string): string[] {
  const kept = d.attachments.filter((a) => !a.refused);
  const refused = d.attachments.filter((a) => a.refused);
  const lines: string[] = [];
  if (kept.length) lines.push(`*添付ファイル*（${uploadedTo}）: ${kept.map((a) => `${escapeMrkdwn(a.fileName)}（${fileSize(a.size)}）`).join('、')}`);
  if (refused.length) lines.push(`:no_entry: *アップロードしていない添付ファイル*: ${refused.map((a) => `${escapeMrkdwn(a.fileName)}（${escapeMrkdwn(a.refused!)}）`).join('、')}`);
  return lines;
}

function textBlock(d: InboundDetail): KnownBlock[] {
  if (!d.text.trim()) return [section('_（本文なし）_')];
  return [section(`${quoteText(d.text)}${d.truncated ? '\n_（以下省略。全文は受信メールの記録に残っています）_' : ''}`)];
}

/** The applicant's message in its case's thread, with the step's forward buttons when it waits for documents. */
export function inboundThreadPost(row: InboundRow, caseKey: string, forward: Button[]): SlackMessage {
  const heading = `:incoming_envelope: *メールを受信しました*（${caseKey}・受信 #${row.id}）`;
  const blocks: KnownBlock[] = [section(`${heading}\n${headerLines(row)}`), ...textBlock(row.detail)];
  const files = attachmentLines(row.detail, 'このスレッドにアップロードします');
  if (files.length) blocks.push(section(files.join('\n')));
  if (forward.length) blocks.push({ type: 'actions', block_id: `inbound_forward:${row.id}`, elements: forward } satisfies ActionsBlock);
  return { text: `${caseKey} メールを受信しました: ${escapeMrkdwn(row.detail.subject)}`, blocks };
}

/** One line in the requester's DM thread, in their language (the subject is quoted as the mail has it). */
export function inboundDmLine(row: InboundRow, caseKey: string, requesterId: string, locale: Locale = 'ja'): SlackMessage {
  const files = row.detail.attachments.filter((a) => !a.refused).length;
  const m = messages(locale).inbound;
  const text = `:incoming_envelope: ${m.dmLine(caseKey, row.detail.subject ? escapeMrkdwn(row.detail.subject) : undefined, files)} ${mention(requesterId)}`;
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
  return { text: `${heading}: ${escapeMrkdwn(row.detail.subject || '（件名なし）')}`, blocks };
}

/** What could not be taken as it is: kept in the database and in the mailbox, told to the reviewers. */
export function inboundNoticeMessage(row: InboundRow, about: 'refused_attachments' | 'malformed' | 'too_large', caseKey?: string): SlackMessage {
  const d = row.detail;
  const where = `（受信 #${row.id}${caseKey ? `・${caseKey}` : ''}、${escapeMrkdwn(d.origin)}）`;
  const text =
    about === 'refused_attachments'
      ? `:no_entry: 受信したメールの添付ファイルのうち、実行できる形式のものはアップロードしていません${where}: ${d.attachments.filter((a) => a.refused).map((a) => `${escapeMrkdwn(a.fileName)}（${escapeMrkdwn(a.refused!)}）`).join('、')}。メールは受信メールの記録とメールボックスに残っています。`
      : `:warning: 受信したメールを取り込めませんでした${where}: ${escapeMrkdwn(d.problem ?? '')}。メールは受信メールの記録とメールボックスに残っています。`;
  return { text, blocks: [section(text)] };
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
