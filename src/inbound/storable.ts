// Text from a mail in a form Postgres can hold. A text or jsonb column refuses NUL (`invalid byte
// sequence`, `unsupported Unicode escape sequence`), and jsonb refuses a lone surrogate, which a mail
// decoded from a broken charset or a hostile encoded word can carry. Both become U+FFFD, the
// replacement character, in what is shown and searched; the raw message is stored as bytes beside it,
// as it came, so nothing is lost.

/** NUL, a high surrogate without its low half, or a low one without its high half (code units: no `u` flag). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string Postgres accepts in text and jsonb: no NUL, no lone surrogate. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/**
 * `value` with every string in it (keys too) made storable; buffers, dates, numbers and the rest stay
 * as they are. Functions are kept, so a record that carries a callback goes through whole.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storableText(key), storable(inner)])) as T;
}
