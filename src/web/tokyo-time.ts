// Times on the web pages and in the confirmation mail: Japan time, written as people in Japan read it.
const TOKYO = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** `2026年12月2日 10:05` */
export function formatTokyo(date: Date): string {
  return TOKYO.format(date);
}
