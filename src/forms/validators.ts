// Pure validators for what people type. Each returns the normalised value, or a message (in Japanese
// and English, from the catalogue) that says what is wrong.
import { isIP } from 'node:net';
import { localText, type LocalText, type Messages } from '../i18n/messages.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: LocalText };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
export const fail = (pick: (m: Messages['validation']) => string): Checked<never> => ({ ok: false, message: localText((m) => pick(m.validation)) });

/** Full-width digits and letters become half-width (Ｎ０１ → N01), as people type them in Japanese IMEs. */
export function toHalfWidth(text: string): string {
  return text.normalize('NFKC');
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/** A single-line text: trimmed, no control characters (so it can never inject a mail header). */
export function singleLine(raw: string, maxLength: number): Checked<string> {
  const value = raw.trim();
  if (CONTROL.test(value)) return fail((m) => m.singleLine);
  if ([...value].length > maxLength) return fail((m) => m.tooLong(maxLength, [...value].length));
  return ok(value);
}

export function multiLine(raw: string, maxLength: number): Checked<string> {
  const value = raw.replace(/\r\n?/g, '\n').trim();
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) return fail((m) => m.controlCharacters);
  if ([...value].length > maxLength) return fail((m) => m.tooLong(maxLength, [...value].length));
  return ok(value);
}

/** 法人番号: 13 digits, the first being a check digit over the other twelve (国税庁の計算式). */
export function corporateNumber(raw: string): Checked<string> {
  const digits = toHalfWidth(raw).replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(digits)) return fail((m) => m.corporateNumberDigits);
  if (corporateNumberCheckDigit(digits.slice(1)) !== Number(digits[0])) {
    return fail((m) => m.corporateNumberCheck);
  }
  return ok(digits);
}

/** The check digit for the 12 base digits: 9 − (Σ P(n)·Q(n) mod 9), n counted from the right. */
export function corporateNumberCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

// RFC 5321 limits (64 local, 254 total) and a pragmatic shape: no spaces, one @, a dotted domain.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function email(raw: string): Checked<string> {
  const value = toHalfWidth(raw).trim();
  const [local = '', domain = ''] = value.split('@');
  if (!EMAIL.test(value) || local.length > 64 || value.length > 254 || local.startsWith('.') || local.endsWith('.') || local.includes('..') || /^\d+(\.\d+)*$/.test(domain)) {
    return fail((m) => m.email);
  }
  return ok(value);
}

/** Japanese phone numbers: 10 or 11 digits starting with 0, or +81 and the number without its 0. */
export function phone(raw: string): Checked<string> {
  const value = toHalfWidth(raw).trim().replace(/[‐－―ー−]/g, '-');
  if (!/^\+?[\d\s()-]+$/.test(value)) return fail((m) => m.phoneCharacters);
  const digits = value.replace(/[\s()-]/g, '');
  if (!/^(0\d{9,10}|\+81[1-9]\d{8,9})$/.test(digits)) {
    return fail((m) => m.phoneDigits);
  }
  return ok(value);
}

/** One IPv4/IPv6 address or CIDR range, normalised to its text form. */
export function ipOrCidr(raw: string): Checked<string> {
  const value = toHalfWidth(raw).trim();
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return fail((m) => m.notAnAddress(value));
  if (prefix === undefined) return ok(address);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return fail((m) => m.prefixLength(value, max));
  if (Number(prefix) === 0) return fail((m) => m.everyAddress(value));
  return ok(`${address}/${Number(prefix)}`);
}

/** A list of addresses or ranges, one per line or separated by commas or spaces. */
export function ipList(raw: string, maxEntries = 50): Checked<string[]> {
  const entries = toHalfWidth(raw).split(/[\s,、]+/).filter(Boolean);
  if (entries.length === 0) return fail((m) => m.noAddress);
  if (entries.length > maxEntries) return fail((m) => m.tooManyAddresses(maxEntries));
  const values: string[] = [];
  for (const entry of entries) {
    const checked = ipOrCidr(entry);
    if (!checked.ok) return checked;
    if (!values.includes(checked.value)) values.push(checked.value);
  }
  return ok(values);
}

/** A moment that has not passed yet (a test date being proposed). */
export function futureDateTime(raw: string, now: Date): Checked<string> {
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) return fail((m) => m.pickDateTime);
  if (at.getTime() <= now.getTime()) return fail((m) => m.dateTimeInFuture);
  return ok(at.toISOString());
}

/** A real calendar date written YYYY-MM-DD (Slack's datepicker sends this form). */
export function calendarDate(raw: string): Checked<string> {
  const value = toHalfWidth(raw).trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) return fail((m) => m.pickDate);
  return ok(value);
}

/** A case ID as people type it: MDOC-0001, mdoc-1 or 1. */
export function caseKey(raw: string): Checked<string> {
  const match = /^(?:MDOC-?)?(\d{1,9})$/i.exec(toHalfWidth(raw).trim());
  if (!match) return fail((m) => m.caseKey);
  return ok(`MDOC-${match[1]!.padStart(4, '0')}`);
}

/**
 * A number people look a case up by, such as a certificate number (PG-2026-0001): half-width, one word of
 * letters, digits, `-`, `_` and `.`, since it becomes part of a public address (/verify/<number>).
 */
export function reference(raw: string): Checked<string> {
  const value = toHalfWidth(raw).trim();
  if (!/^[\p{L}\p{N}](?:[\p{L}\p{N}._-]*[\p{L}\p{N}])?$/u.test(value)) return fail((m) => m.reference);
  return ok(value);
}
