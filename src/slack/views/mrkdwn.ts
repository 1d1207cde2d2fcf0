// Slack mrkdwn treats <, > and & as control characters (<!channel>, <@U123>, links). Anything a person
// typed is escaped before it goes into mrkdwn, so it always shows as text and never pings anyone.
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

export const mention = (userId: string) => `<@${userId}>`;
