// Every mail fixture through parseInboundMail: decoded Japanese headers and bodies, RFC 2231 names,
// attachment bytes exactly as make-fixtures.sh put them in, and what counts as no mail at all.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MalformedMail, parseInboundMail, safeFileName, type InboundMail } from '../../src/inbound/inbound-mail.js';

const FIXTURES = new URL('../fixtures/mail/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));
const part = (name: string): Buffer => readFileSync(new URL(`attachments/${name}`, FIXTURES));
const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');
const parse = (name: string): Promise<InboundMail> => parseInboundMail(fixture(name));

/** The attachments without their bytes, and the bytes' digests for comparison with the generator's copies. */
function summary(mail: InboundMail) {
  return mail.attachments.map(({ content, ...rest }) => ({ ...rest, sha256: sha256(content) }));
}

describe('the fixtures', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml'));

  it('are all there', () => {
    expect(files.sort()).toEqual([
      'active-content.eml',
      'apple-mail-reply.eml',
      'auth-results-forged-below.eml',
      'auth-results-other-id.eml',
      'auth-results-pass.eml',
      'auto-reply-out-of-office.eml',
      'auto-reply-outlook.eml',
      'auto-reply-precedence-bulk.eml',
      'auto-reply-x-autoreply.eml',
      'bounce-au.eml',
      'bounce-docomo.eml',
      'bounce-exchange-headers.eml',
      'bounce-exim.eml',
      'bounce-gmail.eml',
      'bounce-postfix-dsn.eml',
      'bounce-qmail.eml',
      'bounce-softbank.eml',
      'bounce-unmatched.eml',
      'dangerous-attachments.eml',
      'delayed-dsn.eml',
      'dmarc-fail.eml',
      'dmarc-none-spf-aligned.eml',
      'empty-attachment.eml',
      'filename-encodings.eml',
      'forged-in-reply-to.eml',
      'forwarded.eml',
      'html-only.eml',
      'iso2022jp-reply.eml',
      'long-subject.eml',
      'malformed.eml',
      'no-match.eml',
      'nul-in-text.eml',
      'outlook-english-reply.eml',
      'poison-content-type.eml',
      'preparation-colon.eml',
      'preparation-headings.eml',
      'preparation-slash.eml',
      'raw-cp932-subject.eml',
      'read-receipt.eml',
      'shiftjis-attachment.eml',
      'stranger-plus.eml',
      'stranger-subject.eml',
      'utf8-gmail-reply.eml',
    ]);
  });

  it.each(files.filter((f) => f !== 'malformed.eml'))('%s ends every line with CRLF', (name) => {
    const raw = fixture(name).toString('latin1');
    expect(raw.endsWith('\r\n')).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('parseInboundMail', () => {
  it('decodes an ISO-2022-JP reply from Outlook', async () => {
    const mail = await parse('iso2022jp-reply.eml');
    expect(mail).toEqual({
      messageId: '<OS3P286MB0001A1B2C3D4E5F6@OS3P286MB0001.JPNP286.PROD.OUTLOOK.COM>',
      from: { address: 'taro@example.co.jp', name: '田中 太郎' },
      to: ['desk+mdoc-0001@example.go.jp'],
      cc: [],
      deliveredTo: ['desk@example.go.jp'],
      subject: 'Re: 【MDOC-0001】申請書類の送付について',
      date: new Date('2026-12-01T02:30:00Z'),
      inReplyTo: '<notification-12.MDOC-0001@mdoc-desk>',
      references: ['<notification-12.MDOC-0001@mdoc-desk>'],
      text: [
        'mdoc事業者申請窓口 ご担当者様',
        '',
        'お世話になっております。株式会社サンプルの田中です。',
        '申請書類を受領いたしました。記入のうえ、改めて返送いたします。',
        '',
        '株式会社サンプル',
        '田中 太郎',
        '',
        '-----Original Message-----',
        '差出人: mdoc事業者申請窓口 <desk+mdoc-0001@example.go.jp>',
        '送信日時: 2026年12月1日 10:00',
        '宛先: 田中 太郎 <taro@example.co.jp>',
        '件名: 【MDOC-0001】申請書類の送付について',
        '',
        '株式会社サンプル',
        '田中 太郎 様',
        '',
        'カード代替電磁的記録の利用に係る申請書類をお送りします。',
        '',
      ].join('\n'),
      attachments: [],
      headers: expect.arrayContaining([{ key: 'subject', value: '=?ISO-2022-JP?B?UmU6IBskQiFaGyhCTURPQy0=?= =?ISO-2022-JP?B?MDAwMRskQiFbPz1AQT1xTmAkThsoQg==?= =?ISO-2022-JP?B?GyRCQXdJVSRLJEQkJCRGGyhC?=' }]),
    });
    // Every header, top first, unfolded, as it came: what classifies the mail and vouches for its sender.
    expect(mail.headers.map((h) => h.key)).toEqual(['return-path', 'delivered-to', 'message-id', 'from', 'to', 'subject', 'date', 'in-reply-to', 'references', 'mime-version', 'content-type', 'content-transfer-encoding', 'x-mailer']);
  });

  it('decodes Shift_JIS quoted-printable text, a full-width subject and an RFC 2231 file name', async () => {
    const mail = await parse('shiftjis-attachment.eml');
    expect(mail.from).toEqual({ address: 'hanako@example.ne.jp', name: '佐藤 花子' });
    expect(mail.subject).toBe('【ＭＤＯＣ－０００２】情報開示申請書の提出');
    expect(mail.text).toBe('ご担当者様\n\n情報開示申請書を提出いたします。\nご確認のほど、よろしくお願いいたします。\n\n佐藤 花子\n');
    expect(summary(mail)).toEqual([
      {
        fileName: '【申請書】情報開示申請書.pdf',
        contentType: 'application/pdf',
        size: part('disclosure-application.pdf').length,
        safety: { ok: true, kind: 'pdf' },
        sha256: sha256(part('disclosure-application.pdf')),
      },
    ]);
    expect(mail.attachments[0]!.content.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  });

  it('takes the text part of a Gmail multipart/alternative reply and its .xlsx', async () => {
    const mail = await parse('utf8-gmail-reply.eml');
    expect(mail.subject).toBe('Re: 情報開示申請書のご提出について');
    expect(mail.from).toEqual({ address: 'jiro.yamamoto@gmail.com', name: '山本 次郎' });
    expect(mail.to).toEqual(['desk+mdoc-0003@example.go.jp']);
    expect(mail.deliveredTo).toEqual(['desk+mdoc-0003@example.go.jp']);
    expect(mail.date).toEqual(new Date('2026-12-01T05:12:45Z'));
    expect(mail.inReplyTo).toBe('<notification-9.MDOC-0003@mdoc-desk>');
    expect(mail.references).toEqual(['<notification-7.MDOC-0003@mdoc-desk>', '<CAJx0003aaaa@mail.gmail.com>', '<notification-9.MDOC-0003@mdoc-desk>']);
    expect(mail.text).toBe(
      [
        '山本です。',
        '',
        '情報開示申請書（Excel）を添付いたします。',
        'ご確認をお願いいたします。',
        '',
        '2026年12月1日(火) 10:00 mdoc事業者申請窓口 <desk+mdoc-0003@example.go.jp>:',
        '',
        '> 山本 次郎 様',
        '>',
        '> 申請書類をお送りします。',
        '> 【申請書】情報開示申請書にご記入のうえ、ご返送ください。',
        '>',
        '',
      ].join('\n'),
    );
    expect(summary(mail)).toEqual([
      {
        fileName: '情報開示申請書_山本.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        size: part('disclosure-application.xlsx').length,
        safety: { ok: true, kind: 'xlsx' },
        sha256: sha256(part('disclosure-application.xlsx')),
      },
    ]);
  });

  it('reads Apple Mail: Delivered-To lower-cased, a .docx named in RFC 2231 continuations', async () => {
    const mail = await parse('apple-mail-reply.eml');
    expect(mail.messageId).toBe('<A1B2C3D4-0004-4E5F-8A9B-0C1D2E3F4A5B@example.jp>');
    expect(mail.to).toEqual(['desk@example.go.jp']);
    expect(mail.deliveredTo).toEqual(['desk+mdoc-0004@example.go.jp']);
    expect(mail.subject).toBe('Re: 検証環境アクセス申請書');
    expect(mail.inReplyTo).toBe('<20261201100000.0004@example.go.jp>');
    expect(mail.text).toBe(
      [
        'ご担当者様',
        '',
        '検証環境アクセス申請書を添付いたします。',
        'よろしくお願いいたします。',
        '',
        '鈴木',
        '',
        '2026/12/01 10:00、mdoc事業者申請窓口 <desk@example.go.jp>のメール:',
        '',
        '> 鈴木 一郎 様',
        '>',
        '> 検証環境アクセス申請書をお送りください。',
        '',
      ].join('\n'),
    );
    expect(summary(mail)).toEqual([
      {
        fileName: '【申請書】検証環境アクセス申請書.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        size: part('access-application.docx').length,
        safety: { ok: true, kind: 'docx' },
        sha256: sha256(part('access-application.docx')),
      },
    ]);
  });

  it('lower-cases addresses and keeps display names as given', async () => {
    const mail = await parse('outlook-english-reply.eml');
    expect(mail.from).toEqual({ address: 'john.smith@example.com', name: 'Smith, John' });
    expect(mail.to).toEqual(['desk@example.go.jp']);
    expect(mail.cc).toEqual(['desk+mdoc-0007@example.go.jp', 'alice@example.com']);
    expect(mail.subject).toBe('RE: Re: mdoc-7 materials');
    expect(mail.date).toEqual(new Date('2026-12-01T02:15:00Z'));
    expect(mail.text).toBe(
      'Hello,\n\nThank you for the materials. We will start the development next week.\n\nBest regards,\nJohn\n\n' +
        'On Tue, Dec 1, 2026 at 10:00 AM Desk <desk@example.go.jp> wrote:\n> Dear John Smith,\n>\n> Please find the materials attached.\n',
    );
  });

  it('turns an HTML-only body into text without its script and style', async () => {
    const mail = await parse('html-only.eml');
    expect(mail.subject).toBe('【MDOC-0005】質問');
    expect(mail.text).toBe('お世話になっております。\n\n検証環境のIPアドレスは\n複数登録できますか？\n\nよろしくお願いします。');
    expect(mail.text).not.toMatch(/leak|font-family|document\.write|alert/);
  });

  it('keeps an inline forward as text and the forwarded PDF as an attachment', async () => {
    const mail = await parse('forwarded.eml');
    expect(mail.subject).toBe('Fwd: 【MDOC-0006】検証環境について');
    expect(mail.text).toContain('---------- Forwarded message ---------\n差出人: 鈴木 一郎 <ichiro@example.co.jp>\n');
    expect(mail.text).toContain('検証環境のテストはいつから実施できますか？\n資料を添付します。\n');
    expect(summary(mail)).toEqual([
      { fileName: 'material.pdf', contentType: 'application/pdf', size: part('forwarded-material.pdf').length, safety: { ok: true, kind: 'pdf' }, sha256: sha256(part('forwarded-material.pdf')) },
    ]);
  });

  it('decodes the preparation applications in all three encodings', async () => {
    expect((await parse('preparation-colon.eml')).text).toContain('法人番号：４０１１００１０９８９９３\n');
    expect((await parse('preparation-headings.eml')).text).toContain('搭載サービス　開始前における　カード代替電磁的記録\n利用準備を 申請します。\n\n【事業者名・団体名】\n株式会社サンプル\n');
    expect((await parse('preparation-slash.eml')).text).toContain('搭載ｻｰﾋﾞｽ開始前におけるｶｰﾄﾞ代替電磁的記録利用準備を申請します。\n');
  });

  it('keeps every attachment of a dangerous mail, each with its verdict, bytes unchanged', async () => {
    const mail = await parse('dangerous-attachments.eml');
    expect(summary(mail)).toEqual([
      {
        fileName: 'invoice.pdf.exe',
        contentType: 'application/octet-stream',
        size: part('invoice.pdf.exe').length,
        safety: { ok: false, reason: '実行可能なファイル（.exe）のため' },
        sha256: sha256(part('invoice.pdf.exe')),
      },
      {
        fileName: 'macro.docm',
        contentType: 'application/octet-stream',
        size: part('macro.docm').length,
        safety: { ok: false, reason: 'マクロを含むことができる形式のファイル（.docm）のため' },
        sha256: sha256(part('macro.docm')),
      },
      {
        fileName: 'report.pdf',
        contentType: 'application/pdf',
        size: part('disguised-report.pdf').length,
        safety: { ok: false, reason: '内容が実行可能なファイルのため' },
        sha256: sha256(part('disguised-report.pdf')),
      },
      { fileName: 'ok.pdf', contentType: 'application/pdf', size: part('ok.pdf').length, safety: { ok: true, kind: 'pdf' }, sha256: sha256(part('ok.pdf')) },
    ]);
  });

  it('reads a plain question with nothing that names a case', async () => {
    const mail = await parse('no-match.eml');
    expect(mail).toMatchObject({
      from: { address: 'saburo@example.com', name: '高橋 三郎' },
      to: ['desk@example.go.jp'],
      cc: ['desk+mdoc-0009@other.example.com'],
      deliveredTo: [],
      subject: 'MDOCの利用について',
      inReplyTo: '<notification-3.MDOC-0009@example.com>',
      references: ['<older-0001@example.com>'],
      text: 'はじめてご連絡いたします。\nカード代替電磁的記録の利用を検討しています。\n手続きの流れを教えてください。\n',
      attachments: [],
    });
  });
});

describe('malformed mail', () => {
  it('refuses binary garbage: mailparser reads it as broken headers with no From, Date, Subject or body', async () => {
    await expect(parse('malformed.eml')).rejects.toThrow(MalformedMail);
    await expect(parse('malformed.eml')).rejects.toThrow('From、Date、Subject、本文のいずれもありません');
  });

  it('refuses an empty message', async () => {
    await expect(parseInboundMail(Buffer.alloc(0))).rejects.toThrow(MalformedMail);
  });

  it('refuses what mailparser itself throws on (a header block over 1 MB)', async () => {
    const raw = Buffer.from(`From: a@example.com\r\nX-Junk: ${'a'.repeat(1_100_000)}\r\n\r\nbody\r\n`);
    await expect(parseInboundMail(raw)).rejects.toThrow(/^mailparser: Max header size/);
  });

  it('accepts a mail that has only a body, or only a From', async () => {
    expect((await parseInboundMail(Buffer.from('\r\nonly a body\r\n'))).text).toBe('only a body\n');
    expect((await parseInboundMail(Buffer.from('From: a@example.com\r\n\r\n'))).from).toEqual({ address: 'a@example.com', name: '' });
  });
});

describe('hostile headers', () => {
  it('keeps a subject on one line when an encoded word decodes to a line break', async () => {
    const word = Buffer.from('請求書\r\nBcc: victim@example.com').toString('base64');
    const mail = await parseInboundMail(Buffer.from(`From: a@example.com\r\nSubject: =?UTF-8?B?${word}?=\r\n\r\nx\r\n`));
    expect(mail.subject).toBe('請求書 Bcc: victim@example.com');
  });

  it('gives no date for a Date header that is no date (mailparser would put the current time)', async () => {
    const mail = await parseInboundMail(Buffer.from('From: a@example.com\r\nDate: yesterday-ish\r\n\r\nx\r\n'));
    expect(mail.date).toBeNull();
  });

  it('ignores a Message-ID that is no message id', async () => {
    const mail = await parseInboundMail(Buffer.from('From: a@example.com\r\nMessage-ID: not an id\r\nIn-Reply-To: <a@b> <c@d>\r\n\r\nx\r\n'));
    expect(mail.messageId).toBeNull();
    expect(mail.inReplyTo).toBe('<a@b>');
  });

  it('opens an attached mail and refuses it when it carries a dangerous file', async () => {
    const wrap = (inner: Buffer) =>
      Buffer.concat([
        Buffer.from(
          'From: a@example.com\r\nSubject: fw\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n' +
            '--b\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="original.eml"\r\n\r\n',
        ),
        inner,
        Buffer.from('\r\n--b--\r\n'),
      ]);
    const dangerous = await parseInboundMail(wrap(fixture('dangerous-attachments.eml')));
    expect(dangerous.attachments.map((a) => [a.fileName, a.safety])).toEqual([['original.eml', { ok: false, reason: '安全でない添付ファイル（invoice.pdf.exe）を含むメールのため' }]]);
    const harmless = await parseInboundMail(wrap(fixture('forwarded.eml')));
    expect(harmless.attachments.map((a) => [a.fileName, a.safety])).toEqual([['original.eml', { ok: true, kind: 'text' }]]);
  });
});

describe('safeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\申請書.pdf', '申請書.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['a\u0000b\r\nc.pdf', 'abc.pdf'],
    ['.htaccess', 'htaccess'],
    ['report.pdf. . ', 'report.pdf'],
    ['a<b>:c|d?.txt', 'a_b__c_d_.txt'],
    ['ﾃｽﾄ.pdf', 'ﾃｽﾄ.pdf'],
    ['が.pdf'.normalize('NFD'), 'が.pdf'],
  ])('%j → %j', (raw, safe) => {
    expect(safeFileName(raw, 1, 'application/pdf')).toBe(safe);
  });

  it('names a nameless attachment after its position and content type', () => {
    expect(safeFileName(undefined, 2, 'application/pdf')).toBe('attachment-2.pdf');
    expect(safeFileName('///', 3, 'message/rfc822')).toBe('attachment-3.eml');
    expect(safeFileName('', 4, 'application/x-unknown')).toBe('attachment-4.bin');
  });

  it('cuts a long name to 200 characters and keeps the extension', () => {
    const name = safeFileName(`${'長'.repeat(300)}.docx`, 1, 'application/octet-stream');
    expect([...name].length).toBe(200);
    expect(name).toBe(`${'長'.repeat(195)}.docx`);
  });
});
