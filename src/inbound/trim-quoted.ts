// What the sender wrote this time, without the history their mailer quoted under it: a case thread
// shows each reply once, not the whole conversation again with every message. A forward is kept whole,
// since the forwarded message is what the sender wants the desk to read.
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(?:original message|元のメッセージ)\s*-{2,}\s*$/i;
const FORWARD_MARKER = /^\s*(?:-{2,}\s*(?:forwarded message|転送(?:された)?メッセージ)\s*-{2,}|begin forwarded message\s*:|転送されたメッセージ\s*[:：])\s*$/i;
/** "On Tue, Dec 1, 2026 at 10:00 AM Desk <desk@example.go.jp> wrote:" (Gmail, Apple Mail, Thunderbird). */
const ENGLISH_ATTRIBUTION = /^\s*On\s.*\swrote\s*:\s*$/i;
/** "2026年12月1日(火) 10:00 窓口 <desk@…>:" (Gmail), "2026/12/01 10:00、窓口 <desk@…>のメール:" (Apple Mail). */
const JAPANESE_ATTRIBUTION_START = /^\s*\d{4}\s*[年/.-]/;
const JAPANESE_ATTRIBUTION_END = /(?:のメッセージ|のメール|書きました|[>＞])\s*[:：]\s*$/;
/** Any attribution's ending: trusted only on the line right above a block of quoted lines. */
const ATTRIBUTION_END = /(?:wrote|のメッセージ|のメール|書きました|[>＞])\s*[:：]\s*$/i;
/** Outlook's header block of the message replied to: From/差出人, then Sent/送信日時 within a few lines. */
const HEADER_FROM = /^\s*(?:From|差出人|送信者)\s*[:：]/i;
const HEADER_SENT = /^\s*(?:Sent|Date|送信日時|送信日|日付)\s*[:：]/i;
const HEADER_BLOCK_LINES = 4;
/** Outlook draws a rule of underscores above that block. */
const SEPARATOR = /^\s*(?:_{10,}|-{10,})\s*$/;
const QUOTED = /^\s*>/;

export function trimQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const forward = lines.findIndex((line) => FORWARD_MARKER.test(line));
  const end = forward === -1 ? lines.length : forward;
  const cut = historyStart(lines, end);
  const kept = cut === undefined ? [...withoutQuotes(lines.slice(0, end)), ...lines.slice(end)] : withoutQuotes(lines.slice(0, cut));
  while (kept.length > 0 && kept[kept.length - 1]!.trim() === '') kept.pop();
  return kept.join('\n');
}

/** The first line of the quoted history (before `end`, where a forward starts), if there is one. */
function historyStart(lines: string[], end: number): number | undefined {
  for (let i = 0; i < end; i++) {
    const line = lines[i]!;
    const next = i + 1 < end ? lines[i + 1]! : '';
    if (ORIGINAL_MESSAGE.test(line) || isAttribution(line)) return i;
    // Gmail wraps a long attribution onto a second line.
    if (startsLikeAttribution(line) && next.trim() !== '' && !isAttribution(next) && isAttribution(`${line} ${next.trim()}`)) return i;
    if (HEADER_FROM.test(line) && lines.slice(i + 1, Math.min(end, i + 1 + HEADER_BLOCK_LINES)).some((l) => HEADER_SENT.test(l))) {
      const above = previousNonBlank(lines, i);
      return above !== undefined && SEPARATOR.test(lines[above]!) ? above : i;
    }
  }
  return undefined;
}

function startsLikeAttribution(line: string): boolean {
  return /^\s*On\s/i.test(line) || JAPANESE_ATTRIBUTION_START.test(line);
}

/** An attribution line on its own: its shape alone says it introduces a quoted message. */
function isAttribution(line: string): boolean {
  if (ENGLISH_ATTRIBUTION.test(line)) return true;
  return JAPANESE_ATTRIBUTION_START.test(line) && JAPANESE_ATTRIBUTION_END.test(line) && (line.includes('@') || /\d{1,2}:\d{2}/.test(line));
}

/**
 * Drops `>` lines, keeping what was written between them (answers inline to a quoted question), and
 * the attribution line right above the first quoted block, whatever mailer wrote it.
 */
function withoutQuotes(lines: string[]): string[] {
  const first = lines.findIndex((line) => QUOTED.test(line));
  if (first === -1) return lines;
  const above = previousNonBlank(lines, first);
  const attribution = above !== undefined && ATTRIBUTION_END.test(lines[above]!) ? above : undefined;
  return lines.filter((line, i) => !QUOTED.test(line) && i !== attribution);
}

function previousNonBlank(lines: string[], index: number): number | undefined {
  for (let i = index - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return i;
  return undefined;
}
