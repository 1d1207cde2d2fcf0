// Header values read from the bytes the sender wrote. RFC 2047 and RFC 2231 say how a header carries
// text other than ASCII, but old mailers and phones write raw ISO-2022-JP, Shift_JIS (CP932), EUC-JP
// or UTF-8 into the header instead, most of all into an attachment's `filename=`. mailparser reads
// every header as UTF-8 and so turns those into `$B%F%9%H(B` or U+FFFD. Here the raw bytes of a
// header are taken from the message, their charset is told from the bytes themselves, and only then
// are the parameters parsed (a JIS or Shift_JIS character can hold the bytes of `"`, `;` or `\`).
import { Splitter, type SplitterChunk } from '@zone-eu/mailsplit';
import libmime from 'libmime';

/** The escape sequences ISO-2022-JP switches its character sets with. */
const ISO_2022_JP_ESCAPE = /\x1b(?:\$[@B]|\$\(D|\([BJI])/;
const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e\u3000-\u303f]/g;
const HALF_WIDTH_KANA = /[\uff61-\uff9f]/g;
const UNLIKELY = /[\ufffd\ue000-\uf8ff\u0080-\u009f]/g;

function decoded(bytes: Buffer, charset: string): string | undefined {
  try {
    return new TextDecoder(charset, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** How much a decoding reads like Japanese: kana and kanji count for it, half-width kana and control or private characters against. */
function japaneseScore(text: string): number {
  return (text.match(JAPANESE)?.length ?? 0) * 2 - (text.match(HALF_WIDTH_KANA)?.length ?? 0) * 3 - (text.match(UNLIKELY)?.length ?? 0) * 5;
}

/**
 * Raw header bytes as text, by what the bytes are: ASCII as it is, ISO-2022-JP by its escapes, UTF-8
 * when the bytes are valid UTF-8, otherwise Shift_JIS (CP932, as WHATWG decodes it) or EUC-JP,
 * whichever reads more like Japanese (Shift_JIS on a tie: Windows mailers write it).
 */
export function textOfHeaderBytes(bytes: Buffer): string {
  if (ISO_2022_JP_ESCAPE.test(bytes.toString('latin1'))) return new TextDecoder('iso-2022-jp').decode(bytes);
  if (bytes.every((byte) => byte < 0x80)) return bytes.toString('latin1');
  const utf8 = decoded(bytes, 'utf-8');
  if (utf8 !== undefined) return utf8;
  const candidates = ['shift_jis', 'euc-jp'].map((charset) => decoded(bytes, charset)).filter((text): text is string => text !== undefined);
  if (candidates.length === 0) return new TextDecoder('shift_jis').decode(bytes);
  return candidates.reduce((best, text) => (japaneseScore(text) > japaneseScore(best) ? text : best));
}

/** The value of a raw header line (`Name: value`, folded or not), unfolded, as text. */
export function headerLineValue(line: Buffer): string {
  const colon = line.indexOf(0x3a);
  const value = line.subarray(colon + 1);
  return textOfHeaderBytes(value).replace(/\r?\n(?=[ \t])/g, '').trim();
}

function decodeWords(text: string): string {
  try {
    return libmime.decodeWords(text);
  } catch {
    return text;
  }
}

/** A parameter of a structured header (`filename` of Content-Disposition), RFC 2231 and RFC 2047 decoded. */
function parameter(value: string, name: string): string | undefined {
  const parsed = libmime.parseHeaderValue(value, { stripComments: true });
  const raw = parsed.params[name];
  if (typeof raw !== 'string' || raw === '') return undefined;
  // An RFC 2231 value is decoded already; decoding it as encoded words too would let `=?…?=` inside it change the name.
  return (parsed.decodedParams ?? []).includes(name) ? raw : decodeWords(raw);
}

export interface RawHeaderLine {
  key: string;
  /** The whole line as it came, folds included. */
  line: Buffer;
}

/** The file name a MIME part's headers give: `filename` of Content-Disposition, else `name` of Content-Type. */
export function fileNameOf(lines: RawHeaderLine[]): string | undefined {
  const first = (key: string) => lines.find((l) => l.key === key);
  const disposition = first('content-disposition');
  const type = first('content-type');
  return (disposition && parameter(headerLineValue(disposition.line), 'filename')) || (type && parameter(headerLineValue(type.line), 'name')) || undefined;
}

/** A text header (Subject) from its raw line: raw bytes decoded by what they are, then encoded words. */
export function textHeaderOf(line: Buffer): string {
  return decodeWords(headerLineValue(line));
}

/**
 * The raw header lines of every MIME part of a message, by the part ID mailparser gives its
 * attachments (`2`, `1.2`, … ; `''` for a message that is one part). Parts split with the same
 * splitter mailparser uses, so the IDs agree; the first part with an ID wins (an attached message's
 * own headers come after the part that holds it).
 */
export async function partHeaderLines(raw: Buffer): Promise<Map<string, RawHeaderLine[]>> {
  const parts = new Map<string, RawHeaderLine[]>();
  const splitter = new Splitter();
  splitter.end(raw);
  for await (const chunk of splitter as AsyncIterable<SplitterChunk>) {
    if (chunk.type !== 'node' || !chunk.headers) continue;
    const id = chunk._parentBoundary ? (chunk.partNr || []).filter((nr) => typeof nr === 'number').join('.') : '';
    // mailsplit keeps header lines as latin1 strings: one character a byte, the bytes as they came.
    if (!parts.has(id)) parts.set(id, chunk.headers.getList().map((h) => ({ key: h.key, line: Buffer.from(h.line, 'latin1') })));
  }
  return parts;
}

/** The header lines of a message's own header block, read without a MIME parser (for a message the parser failed on). */
export function messageHeaderLines(raw: Buffer): RawHeaderLine[] {
  const text = raw.subarray(0, 65_536).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  return block
    .split(/\r?\n(?![ \t])/)
    .filter((line) => /^[!-9;-~]+:/.test(line))
    .map((line) => ({ key: line.slice(0, line.indexOf(':')).trim().toLowerCase(), line: Buffer.from(line, 'latin1') }));
}
