// Posts about mail that came in: the message in its case's thread, the line in the requester's DM, the
// reviewer channel's 「未分類のメール」 and 「利用準備の申請（メール）」, and notices about what could not be
// taken. Everything from a mail is untrusted: escaped before it goes into mrkdwn, and cut to what a post
// can hold (slack-limits.ts), with a mark that says so.
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { InboundDetail, InboundRow } from '../../inbound/inbound-record.js';
import { fieldLabel } from '../../forms/declarations.js';
import { INBOUND_ADD_CONTACT_ACTION, INBOUND_LINK_ACTION, INBOUND_NEW_ACTION } from '../ids.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn, fileSize, mention, quoteText, tokyoTime } from './mrkdwn.js';
import type { MissingDocument } from '../../documents/attachment-plan.js';
import type { Locale } from '../../i18n/locale.js';
import { messages } from '../../i18n/messages.js';
import { cutText, SLACK_LIMITS, WHOLE_TEXT_MARK } from './slack-limits.js';
import type { StrangerReason } from '../../inbound/contacts.js';
import type { SenderVerification } from '../../inbound/sender-verification.js';
import { automaticMailLines, AUTOMATIC_MARKS } from './automatic-mail-posts.js';
import { inboundButton as button, section, sender, shown, shownSubject } from './inbound-post-parts.js';

/** Headings other programs rely on (issues #10 and #15), and the button of #15. */
export const UNMATCHED_HEADING = '未分類のメール';
export const PREPARATION_HEADING = '利用準備の申請（メール）';
export const STRANGER_HEADING = '申請者以外からのメール';
export const ADD_CONTACT_LABEL = '差出人を連絡先に追加';

function headerLines(row: Pick<InboundRow, 'detail' | 'receivedAt'>): string {
  const d = row.detail;
  const lines = [`*差出人*: ${sender(d)}`, `*件名*: ${d.subject ? shownSubject(d) : '（件名なし）'}`, `*日時*: ${tokyoTime(d.date ? new Date(d.date) : row.receivedAt)}`];
  // Mail taken before issue 15 has no verification recorded.
  if (d.sender) lines.push(`*送信元の確認*: ${verificationText(d.sender.verification)}`);
  return lines.join('\n');
}

/** What our mail server said of the sender (issue 15), or that nobody checked. */
function verificationText(v: SenderVerification): string {
  const results = [`DMARC ${v.dmarc ?? '—'}`, `DKIM ${v.dkim ?? '—'}`, `SPF ${v.spf ?? '—'}`].map(escapeMrkdwn).join('・');
  switch (v.state) {
    case 'unverified':
      return '未検証（MDOC_AUTHSERV_ID が設定されていないため、差出人が本物かどうかを確認していません）';
    case 'missing':
      return ':warning: 受信サーバーの認証結果（Authentication-Results）がなく、確認できませんでした';
    case 'pass':
      return `:white_check_mark: 確認済み（${results}）`;
    case 'fail':
      return `:x: DMARC に失敗（なりすましの可能性があります。${results}）`;
    case 'none':
      return `:warning: 確認できませんでした（${results}）`;
  }
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

/** Why a mail that found its case is not the applicant's, as the stranger post says it. */
const STRANGER_TEXT: Record<StrangerReason, string> = {
  not_contact: 'この差出人は案件の連絡先（申請のメールアドレス、または追加された連絡先）にありません。',
  dmarc_fail: '差出人のアドレスは連絡先ですが、DMARC の検証に失敗しました。なりすましの可能性があります。',
  not_verified: '差出人のアドレスは連絡先ですが、受信サーバーが送信元を確認できませんでした。',
  no_sender: '差出人がありません。',
};

/**
 * A mail that found its case but is not from one of its contacts (issue 15): shown in the thread, with
 * no step button; a reviewer may add its sender to the contacts, when that is what is missing.
 */
export function strangerPost(row: InboundRow, caseKey: string, reason: StrangerReason): SlackMessage {
  const heading = `:warning: *${STRANGER_HEADING}*（${caseKey}・受信 #${row.id}）\n${STRANGER_TEXT[reason]}ステップは進めていません。`;
  const blocks: KnownBlock[] = [section(`${heading}\n${headerLines(row)}`), ...textBlock(row.detail)];
  const files = attachmentLines(row.detail, 'このスレッドにアップロードします');
  if (files.length) blocks.push(section(files.join('\n')));
  if (reason === 'not_contact') blocks.push({ type: 'actions', block_id: `inbound_stranger:${row.id}`, elements: [button(ADD_CONTACT_LABEL, INBOUND_ADD_CONTACT_ACTION, row)] } satisfies ActionsBlock);
  return { text: `${caseKey} ${STRANGER_HEADING}: ${shownSubject(row.detail)}`, blocks };
}

/** One line in the requester's DM thread, in their language (the subject is quoted as the mail has it). */
export function inboundDmLine(row: InboundRow, caseKey: string, requesterId: string, locale: Locale = 'ja'): SlackMessage {
  const files = row.detail.attachments.filter((a) => !a.refused && a.size > 0).length;
  const m = messages(locale).inbound;
  // The DM is in the requester's language: its cut is marked with an ellipsis alone.
  const text = `:incoming_envelope: ${m.dmLine(caseKey, row.detail.subject ? shown(row.detail.subject, '…') : undefined, files)} ${mention(requesterId)}`;
  return { text, blocks: [section(text)] };
}

function preparationLines(d: InboundDetail): string[] {
  const p = d.preparation!;
  const read = Object.entries(p.values).map(([name, value]) => `• ${fieldLabel(name)}: ${escapeMrkdwn(value)}`);
  const failed = [...Object.entries(p.errors).map(([name, why]) => `• ${fieldLabel(name)}: ${escapeMrkdwn(why)}`), ...p.missing.map((name) => `• ${fieldLabel(name)}: 見つかりませんでした`)];
  return [`*読み取った項目*\n${read.join('\n') || '（なし）'}`, ...(failed.length ? [`:warning: *読み取れなかった項目*\n${failed.join('\n')}`] : [])];
}

/**
 * A message that found no case, or a preparation application, in the reviewer channel. A bounce or an
 * automatic reply is marked as such and can only be linked to a case: it opens none.
 */
export function triagePost(row: InboundRow): SlackMessage {
  const preparation = row.outcome === 'preparation' && row.detail.preparation;
  const machine = row.outcome === 'bounce' || row.outcome === 'auto_reply' ? AUTOMATIC_MARKS[row.outcome] : undefined;
  const heading = preparation ? PREPARATION_HEADING : UNMATCHED_HEADING;
  const mark = machine ? `・${machine.emoji} *${machine.mark}*` : '';
  const blocks: KnownBlock[] = [section(`${preparation ? ':inbox_tray:' : ':email:'} *${heading}*（受信 #${row.id}）${mark}\n${headerLines(row)}`)];
  if (preparation) blocks.push(section(preparationLines(row.detail).join('\n\n')));
  if (machine) {
    blocks.push(section(automaticMailLines(row).join('\n')));
  } else {
    blocks.push(...textBlock(row.detail));
    const files = attachmentLines(row.detail, 'このメッセージのスレッドにアップロードします');
    if (files.length) blocks.push(section(files.join('\n')));
  }
  const link = button('案件に紐付け', INBOUND_LINK_ACTION, row);
  const open = button(preparation ? '利用申請として登録' : '新規案件として登録', INBOUND_NEW_ACTION, row, 'primary');
  blocks.push({ type: 'actions', block_id: `inbound_triage:${row.id}`, elements: machine ? [link] : [link, open] });
  return { text: `${heading}${machine ? `（${machine.mark}）` : ''}: ${row.detail.subject ? shownSubject(row.detail) : '（件名なし）'}`, blocks };
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
