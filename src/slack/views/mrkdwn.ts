// Slack mrkdwn treats <, > and & as control characters (<!channel>, <@U123>, links). Anything a person
// typed is escaped before it goes into mrkdwn, so it always shows as text and never pings anyone.
import { WEB_APPLICANT_ID } from '../../workflow/authorize.js';
import type { Locale } from '../../i18n/locale.js';
import { messages } from '../../i18n/messages.js';

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const TOKYO = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** `2026/11/27 12:34` in Japan time, the desk's clock. */
export function tokyoTime(date: Date): string {
  return TOKYO.format(date);
}

/** A Slack user as a mention; the applicant acting on the web by name, since it is no Slack user. */
export const mention = (userId: string, locale: Locale = 'ja') => (userId === WEB_APPLICANT_ID ? messages(locale).lanes.webApplicant : `<@${userId}>`);

/** A configured person (U…, W…) or user group (S…) as Slack shows it: a mention of them. */
export const mentionOf = (id: string) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`);

/** Untrusted text as a mrkdwn block quote: escaped, every line quoted. */
export const quoteText = (text: string) => `>${escapeMrkdwn(text).replace(/\n/g, '\n>')}`;

/** A byte count as people read it: 12 KB, 3.4 MB. */
export function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
