// What a message to the desk is, decided before it is matched to a case: a bounce (a delivery status
// notification, RFC 3464, or the plain-text kind mail servers and Japanese carriers write), an automatic
// reply (RFC 3834 and its look-alikes), or a person's mail. Only a person's mail can move a case. Pure.
// The rules were written after reading the bounces and auto-replies of sisimai/set-of-emails; see
// docs/decisions.md (issue 15) for why these rules and not a library.
import type { HeaderLine } from './authentication-results.js';
import { readBounce, type BounceReport } from './bounce-report.js';

export type MailKind = { kind: 'bounce'; report: BounceReport } | { kind: 'auto_reply'; reason: string } | { kind: 'person' };

export interface ClassifiedMail {
  headers: HeaderLine[];
  from: { address: string; name: string } | null;
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  attachments: { fileName: string; content: Buffer }[];
}

/** Senders that mail servers use for their reports. */
const DAEMON = /^(?:mailer[-_.]?daemon|mail[-_.]?daemon|postmaster|post[-_.]master|mail[-_.]?delivery[-_.]?(?:sub)?system)$/i;
/** Senders that say nobody reads the mailbox (carriers send their error reports from one). */
const NO_REPLY = /^(?:no-?reply|do-?not-?reply)$/i;
/** Subjects of bounces, from the collections read (Postfix, Exim, qmail, sendmail, Exchange, Gmail, Notes, au, KDDI, …). */
const BOUNCE_SUBJECT =
  /^\s*(?:\[postmaster\]\s*)?(?:undeliver(?:ed|able)|returned mail|mail delivery (?:failed|failure|status)|delivery (?:status notification|failure|has failed|notification)|failure notice|mail system error|message delivery has failed|mail could not be delivered|non-?delivery|email delivery failure|mail failure|delivery status|メールエラー通知|メール配信エラー|配信(?:不能|エラー|できません)|送信エラー|不達|メッセージを配信できません|宛先不明)/i;
/** What a bounce says in its text, when only the sender gives it away. */
const BOUNCE_TEXT =
  /(?:could not|unable to) (?:be )?(?:deliver|send)|delivery (?:to the following recipients? )?(?:has )?failed|did not reach the following recipient|no valid recipients|failed addresses|undeliverable|permanent(?:ly)? (?:fatal )?errors?|user unknown|no such user|mailbox (?:is )?(?:full|unavailable)|returned to sender|this is a permanent error|送信できませんでした|届きませんでした|配信できませんでした|宛先不明/i;
/** A report that a mail is late, not lost. */
const DELAY_SUBJECT = /delay|warning|遅延/i;
/** Subjects of automatic replies: 自動返信, 不在, Out of Office, Automatic reply, … (after any Re:/Fwd:). */
const AUTO_REPLY_SUBJECT =
  /^\s*(?:(?:re|aw|fw|fwd)\s*[:：]\s*)*[【[(（]?\s*(?:自動返信|自動応答|自動送信|不在(?:通知|連絡|のお知らせ)?(?=\s*[:：】\])）]|\s|$)|out of (?:the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|autorespons)/i;
const AUTO_PRECEDENCE = new Set(['auto_reply', 'bulk', 'junk']);

export function classifyMail(mail: ClassifiedMail): MailKind {
  const header = (name: string) => mail.headers.find((h) => h.key === name)?.value;
  const contentType = (header('content-type') ?? '').toLowerCase();
  const [type = ''] = contentType.split(';');
  const reportType = /report-type\s*=\s*"?([a-z0-9-]+)/.exec(contentType)?.[1];
  // Some servers leave report-type out; the report's fields still say what it is.
  if (type.trim() === 'multipart/report' && (reportType === 'delivery-status' || (!reportType && /^Final-Recipient:/im.test(mail.text)))) {
    const report = readBounce(mail, 'dsn');
    return report.failed ? { kind: 'bounce', report } : { kind: 'auto_reply', reason: 'delivery status (no failure)' };
  }
  const autoSubmitted = header('auto-submitted')?.split(/[;(]/)[0]?.trim().toLowerCase();
  const localPart = mail.from?.address.split('@')[0] ?? '';
  const daemon = DAEMON.test(localPart) || (!mail.from && /mail delivery/i.test(header('from') ?? ''));
  const nullSender = /^\s*<\s*>\s*$/.test(header('return-path') ?? '');
  const failedRecipients = header('x-failed-recipients');
  const machine = daemon || nullSender || NO_REPLY.test(localPart) || (autoSubmitted !== undefined && autoSubmitted !== 'no');
  const subjectSaysBounce = BOUNCE_SUBJECT.test(mail.subject);
  // A person who forwards a bounce writes from their own address: their mail stays a person's.
  if (failedRecipients || (machine && (subjectSaysBounce || BOUNCE_TEXT.test(mail.text))) || (subjectSaysBounce && carriesReturnedMail(mail))) {
    if (!failedRecipients && DELAY_SUBJECT.test(mail.subject)) return { kind: 'auto_reply', reason: 'delivery status (delayed)' };
    return { kind: 'bounce', report: readBounce(mail, 'text') };
  }
  // Read receipts (disposition-notification) and abuse reports (feedback-report): machine-made too.
  if (type.trim() === 'multipart/report') return { kind: 'auto_reply', reason: `report (${reportType ?? 'unknown'})` };

  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return { kind: 'auto_reply', reason: `Auto-Submitted: ${autoSubmitted.slice(0, 40)}` };
  for (const name of ['x-autoreply', 'x-autorespond']) if (header(name) !== undefined) return { kind: 'auto_reply', reason: name === 'x-autoreply' ? 'X-Autoreply' : 'X-Autorespond' };
  const precedence = header('precedence')?.trim().toLowerCase();
  if (precedence && AUTO_PRECEDENCE.has(precedence)) return { kind: 'auto_reply', reason: `Precedence: ${precedence}` };
  if (AUTO_REPLY_SUBJECT.test(mail.subject)) return { kind: 'auto_reply', reason: 'subject' };
  return { kind: 'person' };
}

/** The mail it returns is inside it: attached as a message, or its headers quoted in the text. */
function carriesReturnedMail(mail: ClassifiedMail): boolean {
  return mail.attachments.some((a) => /\.eml$/i.test(a.fileName)) || /^(?:Received|Message-ID):\s/im.test(mail.text);
}
