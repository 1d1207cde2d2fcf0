// Decides whether a file may be handed to the people who will open it: attachments of inbound mail,
// uploads on the web pages and files loaded into the document library. Senders are hostile: they name
// an executable `report.pdf` or hide a macro in an Office file, so the content is sniffed and the name
// is never trusted on its own. A refusal carries a reason in Japanese, shown to reviewers.
import { fileTypeFromBuffer } from 'file-type';

export type FileKind = 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'doc' | 'xls' | 'ppt' | 'zip' | 'image' | 'text' | 'other';

export type AttachmentSafety = { ok: true; kind: FileKind } | { ok: false; reason: string };

/** The content types the bot sends and serves files with, by extension. */
export const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  apk: 'application/vnd.android.package-archive',
  // An Android library archive is a zip; no type of its own is registered.
  aar: 'application/zip',
};

/** Windows runs these on a double-click. Disk images are here because Windows mounts them on a
 * double-click, a common way to get an executable past the mark of the web. */
const RUNNABLE_EXTENSIONS = new Set([
  'exe', 'com', 'scr', 'bat', 'cmd', 'js', 'jse', 'vbs', 'vbe', 'wsf', 'wsh', 'ps1', 'msi', 'msp', 'lnk', 'hta', 'cpl', 'jar', 'reg', 'pif', 'msc',
  'iso', 'img', 'vhd', 'vhdx',
]);

/**
 * What a browser runs when it opens the file (Slack's preview or a download opened from it): SVG and
 * HTML run their scripts, an HTML archive too. An XML file is refused only when it carries a script.
 */
const ACTIVE_EXTENSIONS = new Map([
  ['svg', 'SVG'], ['svgz', 'SVG'], ['html', 'HTML'], ['htm', 'HTML'], ['xhtml', 'HTML'], ['xht', 'HTML'], ['shtml', 'HTML'], ['mht', 'HTML'], ['mhtml', 'HTML'], ['xsl', 'XSL'], ['xslt', 'XSL'],
]);
/** Plain text is shown as text, whatever markup it holds. */
const PLAIN_TEXT_EXTENSIONS = new Set(['txt', 'csv', 'tsv', 'md', 'log']);

/** Office formats made to carry macros. (.xlsb may carry them too; its content is checked instead.) */
const MACRO_EXTENSIONS = new Set(['docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'pptm', 'potm', 'ppam', 'ppsm', 'sldm']);

/** What file-type recognises that runs as a program. */
const EXECUTABLE_TYPES = new Set(['exe', 'elf', 'macho', 'lnk', 'reg', 'chm']);
/** What file-type recognises as a macro-enabled Office package (from its main content type). */
const MACRO_TYPES = new Set(['docm', 'dotm', 'xlsm', 'xltm', 'pptm', 'potm', 'ppsm']);
const KIND_OF_TYPE = new Map<string, FileKind>([
  ['pdf', 'pdf'],
  ['docx', 'docx'],
  ['xlsx', 'xlsx'],
  ['pptx', 'pptx'],
  ['zip', 'zip'],
  ['apk', 'zip'],
  // A zip whose first entry happens to be a Java manifest (an .apk or .aar may be); a .jar by name is refused above.
  ['jar', 'zip'],
  ['png', 'image'],
  ['jpg', 'image'],
  ['gif', 'image'],
  ['webp', 'image'],
  ['bmp', 'image'],
  ['tif', 'image'],
  ['heic', 'image'],
  ['avif', 'image'],
  ['xml', 'text'],
]);

/** Extensions whose content must be what they say: a document that is something else is a disguise. */
const EXPECTED_KINDS = new Map<string, FileKind[]>([
  ['pdf', ['pdf']],
  ['docx', ['docx']],
  ['xlsx', ['xlsx']],
  ['pptx', ['pptx']],
  ['doc', ['doc']],
  ['xls', ['xls']],
  ['ppt', ['ppt']],
  ['zip', ['zip', 'docx', 'xlsx', 'pptx']],
  ['png', ['image']],
  ['jpg', ['image']],
  ['jpeg', ['image']],
  ['gif', ['image']],
]);

/**
 * The extension as Windows sees it: lower case, full-width letters folded, trailing dots and spaces
 * dropped (Windows drops them too, so `a.exe.` runs as `a.exe`).
 */
function extensionOf(fileName: string): string {
  const name = fileName.normalize('NFKC').toLowerCase().replace(/[.\s]+$/u, '');
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1);
}

export function contentTypeFor(fileName: string): string {
  const extension = extensionOf(fileName);
  return Object.hasOwn(CONTENT_TYPES, extension) ? CONTENT_TYPES[extension]! : 'application/octet-stream';
}

export async function checkAttachment(fileName: string, content: Buffer): Promise<AttachmentSafety> {
  const extension = extensionOf(fileName);
  if (RUNNABLE_EXTENSIONS.has(extension)) return refuse(`実行可能なファイル（.${extension}）のため`);
  if (MACRO_EXTENSIONS.has(extension)) return refuse(`マクロを含むことができる形式のファイル（.${extension}）のため`);
  const kind = await sniffKind(content);
  if (kind === 'executable') return refuse('内容が実行可能なファイルのため');
  if (kind === 'macro') return refuse('マクロ（VBA）を含むファイルのため');
  const expected = EXPECTED_KINDS.get(extension);
  if (expected && !expected.includes(kind)) return refuse('拡張子と内容が一致しないため');
  const active = ACTIVE_EXTENSIONS.get(extension) ?? (kind === 'text' && !PLAIN_TEXT_EXTENSIONS.has(extension) ? activeMarkup(content) : undefined);
  if (active) return refuse(`開くとスクリプトが動くおそれのある形式（${active}）のため`);
  return { ok: true, kind };
}

/** Markup that a browser would run: an SVG or HTML document, or XML with a script, an event handler or a stylesheet. */
function activeMarkup(content: Buffer): string | undefined {
  const head = content.subarray(0, 65_536).toString('utf8').toLowerCase();
  if (/<svg[\s>]/.test(head)) return 'SVG';
  if (/<!doctype\s+html|<html[\s>]|<script[\s>]|<iframe[\s>]|<object[\s>]|<embed[\s>]/.test(head)) return 'HTML';
  if (/^\s*<\?xml/.test(head.replace(/^\ufeff/, '')) && /<[\w:]*script[\s>]|javascript:|\son[a-z]+\s*=|<\?xml-stylesheet|http:\/\/www\.w3\.org\/1999\/xhtml/.test(head)) return 'XML';
  return undefined;
}

/**
 * An extension for a file named without one, from what its content is (file-type, then the Office
 * kind of an OLE file, then text or markup), else from the type the sender declared, else `bin`.
 */
export async function extensionFromContent(content: Buffer, declaredType: string): Promise<string> {
  const type = await fileTypeFromBuffer(content).catch(() => undefined);
  if (type?.ext === 'cfb') {
    const kind = oleKind(content);
    return kind === 'macro' || kind === 'other' ? 'bin' : kind;
  }
  if (type) return type.ext;
  if (looksLikeText(content)) {
    const markup = activeMarkup(content);
    return markup === 'SVG' ? 'svg' : markup === 'HTML' ? 'html' : markup === 'XML' ? 'xml' : 'txt';
  }
  return extensionForType(declaredType);
}

/** The extension of a declared content type the bot knows, else `bin`. */
export function extensionForType(contentType: string): string {
  const type = contentType.toLowerCase();
  if (type === 'message/rfc822') return 'eml';
  return Object.entries(CONTENT_TYPES).find(([, known]) => known === type)?.[0] ?? 'bin';
}

const refuse = (reason: string): AttachmentSafety => ({ ok: false, reason });

/** What the bytes are, whatever the file is called. */
export async function sniffKind(content: Buffer): Promise<FileKind | 'executable' | 'macro'> {
  // file-type throws on some hostile archives (an entry that inflates past its limit): not a file we know.
  const type = await fileTypeFromBuffer(content).catch(() => undefined);
  if (type && EXECUTABLE_TYPES.has(type.ext)) return 'executable';
  if (type && MACRO_TYPES.has(type.ext)) return 'macro';
  if (isZip(content)) {
    const names = zipEntryNames(content);
    // A central directory we cannot read is one we cannot vouch for (Office and unzip read it too).
    if (!names) return 'other';
    if (names.some((name) => /(?:^|\/)vbaproject\.bin$/i.test(name))) return 'macro';
  }
  if (type?.ext === 'cfb') return oleKind(content);
  if (type) return KIND_OF_TYPE.get(type.ext) ?? 'other';
  return looksLikeText(content) ? 'text' : 'other';
}

function isZip(content: Buffer): boolean {
  return content.length >= 4 && content.readUInt32LE(0) === 0x04034b50;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;

/**
 * The entry names in a zip's central directory, the list Office and unzip go by; undefined when it
 * cannot be read (truncated, inconsistent, or ZIP64, which no attachment of ours needs). Bounded: the
 * end record lies within the last 64 KiB, and the walk never leaves the directory it declares.
 */
function zipEntryNames(content: Buffer): string[] | undefined {
  const lowest = Math.max(0, content.length - 22 - 0xffff);
  let end = -1;
  for (let at = content.length - 22; at >= lowest; at--) {
    if (content.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end === -1) return undefined;
  const count = content.readUInt16LE(end + 10);
  const size = content.readUInt32LE(end + 12);
  const start = content.readUInt32LE(end + 16);
  if (start + size > end) return undefined;
  const names: string[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    if (at + 46 > start + size || content.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) return undefined;
    const nameLength = content.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + content.readUInt16LE(at + 30) + content.readUInt16LE(at + 32);
    if (next > start + size) return undefined;
    names.push(content.toString('utf8', at + 46, at + 46 + nameLength));
    at = next;
  }
  return names;
}

/**
 * Which Office file an OLE compound file (.doc, .xls, .ppt) is, or whether it carries VBA. Directory
 * entries are 128 bytes and sectors start on 512-byte boundaries, so every entry begins at a multiple
 * of 128: looking at each such slot for a well-formed entry finds them all without walking the sector
 * chains. A forged entry can only make the file look more dangerous, or like a different Office file.
 */
function oleKind(content: Buffer): FileKind | 'macro' {
  const names = new Set<string>();
  for (let at = 512; at + 128 <= content.length; at += 128) {
    const length = content.readUInt16LE(at + 64);
    const type = content[at + 66];
    if (length < 4 || length > 64 || length % 2 !== 0 || (type !== 1 && type !== 2 && type !== 5)) continue;
    if (content.readUInt16LE(at + length - 2) !== 0) continue;
    names.add(content.toString('utf16le', at, at + length - 2).toUpperCase());
  }
  if (names.has('MACROS') || names.has('_VBA_PROJECT_CUR') || names.has('VBA')) return 'macro';
  if (names.has('WORDDOCUMENT')) return 'doc';
  if (names.has('WORKBOOK') || names.has('BOOK')) return 'xls';
  if (names.has('POWERPOINT DOCUMENT')) return 'ppt';
  return 'other';
}

/** Text has no NUL and no control characters but tab, line ends, form feed and ESC (ISO-2022-JP). */
function looksLikeText(content: Buffer): boolean {
  const head = content.subarray(0, 8192);
  if (head.length === 0) return false;
  for (const byte of head) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) || byte === 0x7f) return false;
  }
  return true;
}
