// checkAttachment refuses executables and macros by name and by content, and documents whose content
// is not what their extension says; sniffKind judges the bytes alone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAttachment, CONTENT_TYPES, contentTypeFor, extensionFromContent, sniffKind } from '../../src/inbound/attachment-safety.js';

const part = (name: string): Buffer => readFileSync(new URL(`../fixtures/mail/attachments/${name}`, import.meta.url));

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** An OLE compound file header followed by directory entries with these names (what the sniffer reads). */
function ole(...names: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header);
  const entries = ['Root Entry', ...names].map((name, i) => {
    const entry = Buffer.alloc(128);
    entry.write(name, 0, 'utf16le');
    entry.writeUInt16LE((name.length + 1) * 2, 64);
    entry[66] = i === 0 ? 5 : 2;
    return entry;
  });
  return Buffer.concat([header, ...entries]);
}

describe('sniffKind', () => {
  it.each([
    ['disclosure-application.pdf', 'pdf'],
    ['disclosure-application.xlsx', 'xlsx'],
    ['access-application.docx', 'docx'],
    ['macro.docm', 'macro'],
    ['hidden-macro.docx', 'macro'],
    ['invoice.pdf.exe', 'executable'],
    ['disguised-report.pdf', 'executable'],
  ])('%s is %s', async (name, kind) => {
    expect(await sniffKind(part(name))).toBe(kind);
  });

  it('knows ELF, images, text and what it cannot tell', async () => {
    expect(await sniffKind(ELF)).toBe('executable');
    expect(await sniffKind(PNG)).toBe('image');
    expect(await sniffKind(Buffer.from('事業者名,法人番号\r\n株式会社サンプル,4011001098993\r\n'))).toBe('text');
    expect(await sniffKind(Buffer.from([0x00, 0x01, 0x02, 0x03]))).toBe('other');
    expect(await sniffKind(Buffer.alloc(0))).toBe('other');
  });

  it('reads an OLE file’s directory: Word, Excel, PowerPoint, and VBA in any of them', async () => {
    expect(await sniffKind(ole('WordDocument', '1Table'))).toBe('doc');
    expect(await sniffKind(ole('Workbook'))).toBe('xls');
    expect(await sniffKind(ole('PowerPoint Document'))).toBe('ppt');
    expect(await sniffKind(ole('WordDocument', 'Macros', 'VBA'))).toBe('macro');
    expect(await sniffKind(ole('Workbook', '_VBA_PROJECT_CUR'))).toBe('macro');
    expect(await sniffKind(ole('Something'))).toBe('other');
  });

  it('cannot vouch for a zip whose central directory is cut off', async () => {
    const docx = part('access-application.docx');
    expect(await sniffKind(docx.subarray(0, docx.length - 30))).toBe('other');
  });
});

describe('checkAttachment', () => {
  it.each([
    ['invoice.pdf.exe', '実行可能なファイル（.exe）のため'],
    ['SETUP.EXE', '実行可能なファイル（.exe）のため'],
    ['run.exe.', '実行可能なファイル（.exe）のため'],
    ['run.exe  ', '実行可能なファイル（.exe）のため'],
    ['ｒｕｎ．ｅｘｅ', '実行可能なファイル（.exe）のため'],
    ['script.js', '実行可能なファイル（.js）のため'],
    ['tool.jar', '実行可能なファイル（.jar）のため'],
    ['shortcut.lnk', '実行可能なファイル（.lnk）のため'],
    ['disk.iso', '実行可能なファイル（.iso）のため'],
    ['macro.docm', 'マクロを含むことができる形式のファイル（.docm）のため'],
    ['book.XLSM', 'マクロを含むことができる形式のファイル（.xlsm）のため'],
    ['addin.xlam', 'マクロを含むことができる形式のファイル（.xlam）のため'],
    ['slides.pptm', 'マクロを含むことができる形式のファイル（.pptm）のため'],
  ])('refuses %j by name', async (name, reason) => {
    expect(await checkAttachment(name, part('ok.pdf'))).toEqual({ ok: false, reason });
  });

  it('refuses an executable whatever it is called', async () => {
    expect(await checkAttachment('report.pdf', part('disguised-report.pdf'))).toEqual({ ok: false, reason: '内容が実行可能なファイルのため' });
    expect(await checkAttachment('notes.txt', part('invoice.pdf.exe'))).toEqual({ ok: false, reason: '内容が実行可能なファイルのため' });
    expect(await checkAttachment('library.aar', ELF)).toEqual({ ok: false, reason: '内容が実行可能なファイルのため' });
  });

  it('refuses a macro hidden in a package named .docx', async () => {
    expect(await checkAttachment('申請書.docx', part('hidden-macro.docx'))).toEqual({ ok: false, reason: 'マクロ（VBA）を含むファイルのため' });
    expect(await checkAttachment('申請書.doc', ole('WordDocument', 'Macros'))).toEqual({ ok: false, reason: 'マクロ（VBA）を含むファイルのため' });
  });

  it.each([
    ['申請書.docx', 'disclosure-application.pdf'],
    ['申請書.xlsx', 'access-application.docx'],
    ['申請書.pdf', 'access-application.docx'],
    ['image.png', 'ok.pdf'],
  ])('refuses %s whose content is %s', async (name, content) => {
    expect(await checkAttachment(name, part(content))).toEqual({ ok: false, reason: '拡張子と内容が一致しないため' });
  });

  it('refuses a document whose content cannot be told, and an old Office name on something else', async () => {
    expect(await checkAttachment('申請書.pdf', Buffer.from('not a pdf'))).toEqual({ ok: false, reason: '拡張子と内容が一致しないため' });
    expect(await checkAttachment('申請書.doc', ole('Workbook'))).toEqual({ ok: false, reason: '拡張子と内容が一致しないため' });
    expect(await checkAttachment('archive.zip', part('access-application.docx').subarray(0, 100))).toEqual({ ok: false, reason: '拡張子と内容が一致しないため' });
  });

  it.each([
    ['【申請書】情報開示申請書.pdf', 'ok.pdf', 'pdf'],
    ['情報開示申請書_山本.XLSX', 'disclosure-application.xlsx', 'xlsx'],
    ['検証環境アクセス申請書.docx', 'access-application.docx', 'docx'],
    ['bundle.zip', 'access-application.docx', 'docx'],
    ['notes', 'ok.pdf', 'pdf'],
  ] as const)('accepts %s', async (name, content, kind) => {
    expect(await checkAttachment(name, part(content))).toEqual({ ok: true, kind });
  });

  it('accepts old Office files, text and images that are what they say', async () => {
    expect(await checkAttachment('申請書.doc', ole('WordDocument'))).toEqual({ ok: true, kind: 'doc' });
    expect(await checkAttachment('申請書.xls', ole('Workbook'))).toEqual({ ok: true, kind: 'xls' });
    expect(await checkAttachment('ip.csv', Buffer.from('203.0.113.10\n'))).toEqual({ ok: true, kind: 'text' });
    expect(await checkAttachment('README.md', Buffer.from('# Readme\n'))).toEqual({ ok: true, kind: 'text' });
    expect(await checkAttachment('screen.png', PNG)).toEqual({ ok: true, kind: 'image' });
  });
});

describe('content types', () => {
  it('has one for every extension the desk sends and serves', () => {
    expect(Object.keys(CONTENT_TYPES).sort()).toEqual(['aar', 'apk', 'csv', 'doc', 'docx', 'gif', 'jpeg', 'jpg', 'md', 'pdf', 'png', 'ppt', 'pptx', 'txt', 'xls', 'xlsx', 'zip']);
  });

  it.each([
    ['申請書.PDF', 'application/pdf'],
    ['a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['verifier.apk', 'application/vnd.android.package-archive'],
    ['photo.jpeg', 'image/jpeg'],
    ['ip.csv', 'text/csv'],
    ['noextension', 'application/octet-stream'],
    ['x.constructor', 'application/octet-stream'],
    ['x.exe', 'application/octet-stream'],
  ])('contentTypeFor(%j) is %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });
});

describe('active content (what a browser runs when it opens the file)', () => {
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const html = Buffer.from('<!DOCTYPE html><html><body>hi</body></html>');

  it.each([
    ['drawing.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'SVG'],
    ['page.html', Buffer.from('<p>hi</p>'), 'HTML'],
    ['page.HTM', Buffer.from('<p>hi</p>'), 'HTML'],
    ['archive.mht', Buffer.from('MIME-Version: 1.0'), 'HTML'],
    ['style.xsl', Buffer.from('<?xml version="1.0"?><xsl:stylesheet/>'), 'XSL'],
    ['drawing.dat', svg, 'SVG'],
    ['page', html, 'HTML'],
    ['data.xml', Buffer.from('<?xml version="1.0"?><a onload="alert(1)"/>'), 'XML'],
    ['data.xml', Buffer.from('<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?><a/>'), 'XML'],
  ])('refuses %s as %s', async (name, content, kind) => {
    expect(await checkAttachment(name, content)).toEqual({ ok: false, reason: `開くとスクリプトが動くおそれのある形式（${kind}）のため` });
  });

  it('accepts plain XML, and markup in a plain text file (shown as text)', async () => {
    expect(await checkAttachment('data.xml', Buffer.from('<?xml version="1.0"?><application><name>x</name></application>'))).toEqual({ ok: true, kind: 'text' });
    expect(await checkAttachment('note.txt', html)).toEqual({ ok: true, kind: 'text' });
    expect(await checkAttachment('table.csv', svg)).toEqual({ ok: true, kind: 'text' });
  });
});

describe('extensionFromContent', () => {
  it.each([
    ['disclosure-application.pdf', 'pdf'],
    ['disclosure-application.xlsx', 'xlsx'],
    ['access-application.docx', 'docx'],
    ['invoice.pdf.exe', 'exe'],
  ])('names the content of %s .%s', async (name, extension) => {
    expect(await extensionFromContent(part(name), 'application/octet-stream')).toBe(extension);
  });

  it('tells old Office files, text, markup and images apart, and falls back on the declared type', async () => {
    expect(await extensionFromContent(ole('WordDocument'), 'application/octet-stream')).toBe('doc');
    expect(await extensionFromContent(Buffer.from('申請書の本文\n'), 'application/octet-stream')).toBe('txt');
    expect(await extensionFromContent(Buffer.from('<html><body></body></html>'), 'text/plain')).toBe('html');
    expect(await extensionFromContent(PNG, 'application/octet-stream')).toBe('png');
    expect(await extensionFromContent(Buffer.from([0x00, 0x01, 0x02]), 'application/pdf')).toBe('pdf');
    expect(await extensionFromContent(Buffer.from([0x00, 0x01, 0x02]), 'application/x-unknown')).toBe('bin');
  });
});
