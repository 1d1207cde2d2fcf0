// Turns the raw bytes of a message to the desk into plain data whose shape the rest of the bot can
// rely on. Mails are hostile: header values are cleaned before anyone shows or reuses them, file names
// are made safe to store and offer for download, every attachment is checked, and bytes that are no
// mail at all are refused as malformed instead of turning into an empty message.
import { simpleParser, type AddressObject, type Attachment, type HeaderValue, type ParsedMail, type SimpleParserOptions } from 'mailparser';
import { z } from 'zod';
import { checkAttachment, contentTypeFor, extensionForType, extensionFromContent, type AttachmentSafety, type FileKind } from './attachment-safety.js';
import { fileNameOf, partHeaderLines, textHeaderOf, type RawHeaderLine } from './raw-headers.js';
import type { HeaderLine } from './authentication-results.js';

export interface InboundAttachment {
  fileName: string;
  contentType: string;
  size: number;
  content: Buffer;
  safety: AttachmentSafety;
}

export interface InboundMail {
  messageId: string | null;
  from: { address: string; name: string } | null;
  to: string[];
  cc: string[];
  deliveredTo: string[];
  subject: string;
  date: Date | null;
  inReplyTo: string | null;
  references: string[];
  text: string;
  attachments: InboundAttachment[];
  /** Every header of the message, top first, unfolded and undecoded: what classifies it and vouches for its sender. */
  headers: HeaderLine[];
}

/** Bytes that are no mail, or that mailparser refuses (a header block over 1 MB, over 1000 parts). */
export class MalformedMail extends Error {
  override name = 'MalformedMail';
}

const PARSER_OPTIONS: SimpleParserOptions = {
  skipImageLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  // Converting a huge HTML body to text could take the process down; past this the text is empty.
  maxHtmlLengthToParse: 5_000_000,
  checksumAlgo: false,
};

/** A mail attached to a mail is opened to check what it carries; this deep and no deeper. */
const MAX_NESTING = 3;
/** A long thread's References can be huge; the newest ids are the ones that name a case. */
const MAX_REFERENCES = 100;
/** Control characters (NUL among them) are no part of an ID: Postgres could not even look one up. */
const MESSAGE_ID = /<[^<>\s\u0000-\u001f\u007f]{1,995}>/g;
const CONTROL = /[\u0000-\u001f\u007f]+/g;
/** Bidirectional overrides make `exe.pdf` of `\u202Efdp.exe`; they have no business in a file name. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;
const MAX_FILE_NAME = 200;

export async function parseInboundMail(raw: Buffer): Promise<InboundMail> {
  return parse(withLineFeeds(raw), 0);
}

/** Old Mac mailers end lines with CR alone, which mailparser reads as one endless header line. */
function withLineFeeds(raw: Buffer): Buffer {
  return raw.includes(0x0d) && !raw.includes(0x0a) ? Buffer.from(raw.toString('latin1').replace(/\r/g, '\r\n'), 'latin1') : raw;
}

async function parse(raw: Buffer, depth: number): Promise<InboundMail> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, PARSER_OPTIONS);
  } catch (error) {
    throw new MalformedMail(`mailparser: ${error instanceof Error ? error.message : String(error)}`);
  }
  const from = firstMailbox(parsed.from);
  const date = dateHeader(parsed);
  const subject = oneLine(rawSubject(parsed) ?? parsed.subject ?? '');
  const text = (parsed.text ?? '').replace(/\r\n?/g, '\n');
  if (!from && !date && subject === '' && text.trim() === '') {
    throw new MalformedMail('From、Date、Subject、本文のいずれもありません');
  }
  const attachments: InboundAttachment[] = [];
  const files = parsed.attachments.filter((a) => !isInlineImage(a));
  const parts = files.length > 0 ? await partHeaderLines(raw) : new Map<string, RawHeaderLine[]>();
  for (const [index, attachment] of files.entries()) {
    attachments.push(await inboundAttachment(attachment, parts.get(attachment.partId ?? ''), index + 1, depth));
  }
  const mail: InboundMail = {
    messageId: messageIds(parsed.messageId)[0] ?? null,
    from,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    deliveredTo: addresses(parsed.headers.get('delivered-to')),
    subject,
    date,
    inReplyTo: messageIds(parsed.inReplyTo)[0] ?? null,
    references: messageIds(parsed.references).slice(-MAX_REFERENCES),
    text,
    attachments,
    headers: parsed.headerLines.map((h) => ({ key: h.key, value: h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() })),
  };
  const checked = INBOUND_MAIL.safeParse(mail);
  if (!checked.success) throw new MalformedMail(`unexpected shape: ${z.prettifyError(checked.error)}`);
  return mail;
}

/**
 * The type the sender declared, lower case. mailparser gives `false` instead of a string for a part
 * whose Content-Type has no type at all (`Content-Type: ; name="a.pdf"`): such a part is plain bytes.
 */
function declaredType(attachment: Attachment): string {
  const type: unknown = attachment.contentType;
  return typeof type === 'string' && type.trim() !== '' ? type.trim().toLowerCase() : 'application/octet-stream';
}

/** Images an HTML body shows in place (cid: links in multipart/related) are part of the text, not files sent. */
function isInlineImage(attachment: Attachment): boolean {
  return attachment.related === true && declaredType(attachment).startsWith('image/');
}

/** Subject read from its raw bytes when the sender wrote them raw (8-bit, or ISO-2022-JP escapes), which mailparser reads as UTF-8. */
function rawSubject(parsed: ParsedMail): string | undefined {
  const line = parsed.headerLines.find((h) => h.key === 'subject')?.line;
  if (line === undefined || !/[\x1b\x80-\xff]/.test(line)) return undefined;
  return textHeaderOf(Buffer.from(line, 'latin1'));
}

/** The name the part's own header bytes give, decoded whatever charset they were written in; else mailparser's. */
async function attachmentName(attachment: Attachment, headerLines: RawHeaderLine[] | undefined, position: number): Promise<string> {
  const type = declaredType(attachment);
  const named = safeFileName((headerLines && fileNameOf(headerLines)) ?? attachment.filename, position, type);
  const unnamed = `attachment-${position}.bin`;
  if (named !== unnamed && /\.[A-Za-z0-9]{1,10}$/.test(named)) return named;
  // A name without an extension gets the one its content shows, so that it opens as what it is (and is checked as that).
  const stem = named === unnamed ? `attachment-${position}` : named;
  return safeFileName(`${stem}.${await extensionFromContent(attachment.content, type)}`, position, type);
}

async function inboundAttachment(attachment: Attachment, headerLines: RawHeaderLine[] | undefined, position: number, depth: number): Promise<InboundAttachment> {
  const fileName = await attachmentName(attachment, headerLines, position);
  const content = attachment.content;
  return {
    fileName,
    // The sender's declared type is not trusted (it may say text/html); the checked name decides.
    contentType: contentTypeFor(fileName),
    size: content.length,
    content,
    safety: isMail(attachment, fileName) ? await attachedMailSafety(fileName, content, depth) : await checkAttachment(fileName, content),
  };
}

function isMail(attachment: Attachment, fileName: string): boolean {
  return declaredType(attachment) === 'message/rfc822' || /\.eml$/i.test(fileName);
}

/** An attached mail is as dangerous as the worst file inside it: a reviewer would open those too. */
async function attachedMailSafety(fileName: string, content: Buffer, depth: number): Promise<AttachmentSafety> {
  if (depth + 1 >= MAX_NESTING) return { ok: false, reason: 'メールが何重にも添付されていて中身を確認できないため' };
  let inner: InboundMail;
  try {
    inner = await parse(content, depth + 1);
  } catch (error) {
    if (error instanceof MalformedMail) return checkAttachment(fileName, content);
    throw error;
  }
  const unsafe = inner.attachments.find((a) => !a.safety.ok);
  return unsafe ? { ok: false, reason: `安全でない添付ファイル（${unsafe.fileName}）を含むメールのため` } : { ok: true, kind: 'text' };
}

/**
 * A file name safe to store, show and offer for download: Unicode NFC, no folder parts, no control
 * or bidirectional characters, no characters Windows forbids, no leading dots (hidden files) or
 * trailing dots and spaces (Windows drops them), at most 200 characters with the extension kept.
 * Never empty: `attachment-<n>` with an extension from the content type instead.
 */
export function safeFileName(raw: string | undefined, position: number, contentType: string): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(CONTROL, '')
    .replace(BIDI_CONTROL, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (cleaned === '') return `attachment-${position}.${extensionForType(contentType)}`;
  const characters = [...cleaned];
  if (characters.length <= MAX_FILE_NAME) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 11 ? cleaned.slice(dot) : '';
  return [...cleaned.slice(0, cleaned.length - extension.length)].slice(0, MAX_FILE_NAME - [...extension].length).join('') + extension;
}

/** A header value on one line: encoded words can decode to line breaks, which must never reach a reply's headers. */
function oneLine(value: string): string {
  return value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === 'object' && value !== null && Array.isArray((value as AddressObject).value);
}

/** Every mailbox of an address header (repeated headers and groups included), lower case, in order, once. */
function mailboxes(header: HeaderValue | undefined): { address: string; name: string }[] {
  const objects = (Array.isArray(header) ? header : [header]).filter(isAddressObject);
  const found = objects
    .flatMap((o) => o.value)
    .flatMap((entry) => entry.group ?? [entry])
    .map((entry) => ({ address: (entry.address ?? '').trim().toLowerCase(), name: oneLine(entry.name ?? '') }))
    .filter((entry) => /^[^\s@\u0000-\u001f\u007f]+@[^\s@\u0000-\u001f\u007f]+$/.test(entry.address));
  return found.filter((entry, i) => found.findIndex((other) => other.address === entry.address) === i);
}

function addresses(header: HeaderValue | undefined): string[] {
  return mailboxes(header).map((m) => m.address);
}

function firstMailbox(header: AddressObject | undefined): InboundMail['from'] {
  return mailboxes(header)[0] ?? null;
}

/** mailparser puts the current time in place of a Date it cannot read; a message without a real date has none. */
function dateHeader(parsed: ParsedMail): Date | null {
  const line = parsed.headerLines.find((h) => h.key === 'date')?.line;
  if (!line) return null;
  const date = new Date(line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The `<id>` tokens of Message-ID, In-Reply-To or References, in their order. */
function messageIds(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return joined.match(MESSAGE_ID) ?? [];
}

const ADDRESS = z.string().regex(/^[^\s@A-Z]+@[^\s@A-Z]+$/);
const FILE_KINDS = ['pdf', 'docx', 'xlsx', 'pptx', 'doc', 'xls', 'ppt', 'zip', 'image', 'text', 'other'] as const satisfies readonly FileKind[];
const SAFETY = z.union([z.object({ ok: z.literal(true), kind: z.enum(FILE_KINDS) }), z.object({ ok: z.literal(false), reason: z.string().min(1) })]);
const INBOUND_MAIL = z.object({
  messageId: z.string().regex(/^<[^<>\s]+>$/).nullable(),
  from: z.object({ address: ADDRESS, name: z.string() }).nullable(),
  to: z.array(ADDRESS),
  cc: z.array(ADDRESS),
  deliveredTo: z.array(ADDRESS),
  subject: z.string().regex(/^[^\u0000-\u001f\u007f]*$/),
  date: z.date().nullable(),
  inReplyTo: z.string().regex(/^<[^<>\s]+>$/).nullable(),
  references: z.array(z.string().regex(/^<[^<>\s]+>$/)),
  text: z.string(),
  attachments: z.array(
    z
      .object({
        fileName: z
          .string()
          .regex(/^[^\u0000-\u001f\u007f/\\]+$/)
          .refine((name) => [...name].length <= MAX_FILE_NAME, 'file name too long'),
        contentType: z.string().min(1),
        size: z.number().int().nonnegative(),
        content: z.instanceof(Buffer),
        safety: SAFETY,
      })
      .refine((a) => a.size === a.content.length, 'size is not the content length'),
  ),
  headers: z.array(z.object({ key: z.string(), value: z.string() })),
});
