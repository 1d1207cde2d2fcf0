// What a taken mail keeps for its posts, and the files it brings to the thread. A post shows a cut of
// a long subject or text (Slack's limits, slack-limits.ts); the whole mail then goes to the thread as a
// UTF-8 text file, so that nothing the sender wrote is shown only in part. An attachment of no bytes
// is listed but not uploaded (Slack refuses an empty file), and one refused by the safety check is kept
// in the record (the raw message) only.
import type { IncomingFile } from '../cases/case-files.js';
import type { InboundMail } from './inbound-mail.js';
import { SUBJECT_LIMIT, TEXT_LIMIT, type InboundDetail } from './inbound-record.js';
import { trimQuoted } from './trim-quoted.js';

export const WHOLE_TEXT_FILE_NAME = '受信メール全文.txt';

/**
 * How long the text can get in a post: each `&`, `<`, `>` grows when escaped for mrkdwn, and each line
 * gets a quote mark. An upper bound, so that whatever the post has to cut has its whole text in the file.
 */
const shownLength = (text: string) => text.length + (text.match(/[&<>\n]/g)?.length ?? 0) * 4;
/** A section holds 3,000 characters; the post's mark and margin take the rest. */
const SHOWN_TEXT_LIMIT = 2_800;

/** The mail as plain text: who, to whom, when, what about, then everything it says (quoted history included). */
function wholeText(mail: InboundMail): Buffer {
  const from = mail.from ? (mail.from.name ? `${mail.from.name} <${mail.from.address}>` : mail.from.address) : '';
  const lines = [`差出人: ${from}`, `宛先: ${mail.to.join(', ')}`, ...(mail.cc.length ? [`Cc: ${mail.cc.join(', ')}`] : []), `日時: ${mail.date?.toISOString() ?? ''}`, `件名: ${mail.subject}`, '', mail.text];
  return Buffer.from(lines.join('\n'), 'utf8');
}

export function postDetail(mail: InboundMail, origin: string): { detail: InboundDetail; files: IncomingFile[] } {
  const trimmed = trimQuoted(mail.text);
  const characters = [...trimmed];
  const detail: InboundDetail = {
    from: mail.from,
    subject: mail.subject,
    date: mail.date?.toISOString() ?? null,
    text: characters.slice(0, TEXT_LIMIT).join(''),
    truncated: characters.length > TEXT_LIMIT,
    attachments: mail.attachments.map((a) => ({ fileName: a.fileName, size: a.size, ...(a.safety.ok ? {} : { refused: a.safety.reason }) })),
    origin,
  };
  const files: IncomingFile[] = mail.attachments.filter((a) => a.safety.ok && a.size > 0).map((a) => ({ fileName: a.fileName, contentType: a.contentType, content: a.content }));
  if (detail.truncated || [...mail.subject].length > SUBJECT_LIMIT || shownLength(detail.text) > SHOWN_TEXT_LIMIT) {
    const content = wholeText(mail);
    detail.wholeText = { fileName: WHOLE_TEXT_FILE_NAME, size: content.length };
    files.push({ fileName: WHOLE_TEXT_FILE_NAME, contentType: 'text/plain; charset=utf-8', content });
  }
  return { detail, files };
}
