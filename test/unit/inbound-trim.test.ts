// trimQuoted keeps what the sender wrote this time and drops the history each mailer quotes under it;
// a forward is kept whole.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInboundMail } from '../../src/inbound/inbound-mail.js';
import { trimQuoted } from '../../src/inbound/trim-quoted.js';

const FIXTURES = new URL('../fixtures/mail/', import.meta.url);
const trimmedFixture = async (name: string): Promise<string> => trimQuoted((await parseInboundMail(readFileSync(new URL(name, FIXTURES)))).text);

describe('trimQuoted on the reply fixtures', () => {
  it('Outlook (Japanese): cuts at -----Original Message----- and the 差出人 block', async () => {
    const text = await trimmedFixture('iso2022jp-reply.eml');
    expect(text).toBe(
      'mdoc事業者申請窓口 ご担当者様\n\nお世話になっております。株式会社サンプルの田中です。\n申請書類を受領いたしました。記入のうえ、改めて返送いたします。\n\n株式会社サンプル\n田中 太郎',
    );
    expect(text).not.toMatch(/Original Message|差出人|送信日時|申請書類をお送りします/);
  });

  it('Gmail (Japanese): cuts at the 「日付 名前 <address>:」 line and the quoted lines', async () => {
    const text = await trimmedFixture('utf8-gmail-reply.eml');
    expect(text).toBe('山本です。\n\n情報開示申請書（Excel）を添付いたします。\nご確認をお願いいたします。');
    expect(text).not.toMatch(/2026年|>|申請書類をお送りします/);
  });

  it('Apple Mail (Japanese): cuts at 「…のメール:」', async () => {
    const text = await trimmedFixture('apple-mail-reply.eml');
    expect(text).toBe('ご担当者様\n\n検証環境アクセス申請書を添付いたします。\nよろしくお願いいたします。\n\n鈴木');
    expect(text).not.toMatch(/のメール|お送りください/);
  });

  it('English: cuts at "On … wrote:"', async () => {
    const text = await trimmedFixture('outlook-english-reply.eml');
    expect(text).toBe('Hello,\n\nThank you for the materials. We will start the development next week.\n\nBest regards,\nJohn');
    expect(text).not.toMatch(/wrote|Dear John/);
  });

  it('keeps a forward whole: its header block and the forwarded question', async () => {
    expect(await trimmedFixture('forwarded.eml')).toBe(
      [
        '上司からの質問を転送します。',
        '',
        '---------- Forwarded message ---------',
        '差出人: 鈴木 一郎 <ichiro@example.co.jp>',
        'Date: 2026年11月30日(月) 18:00',
        'Subject: 検証環境について',
        'To: 田中 太郎 <taro@example.co.jp>',
        '',
        '',
        '検証環境のテストはいつから実施できますか？',
        '資料を添付します。',
      ].join('\n'),
    );
  });

  it('leaves a mail without history as it was, less the trailing line end', async () => {
    expect(await trimmedFixture('no-match.eml')).toBe('はじめてご連絡いたします。\nカード代替電磁的記録の利用を検討しています。\n手続きの流れを教えてください。');
  });
});

describe('trimQuoted', () => {
  it('normalises CRLF and drops trailing blank lines', () => {
    expect(trimQuoted('a\r\nb\r\n\r\n  \r\n')).toBe('a\nb');
    expect(trimQuoted('a\rb')).toBe('a\nb');
  });

  it.each([
    ['-----Original Message-----'],
    ['----- Original Message -----'],
    ['-----original message-----'],
    ['-------- Original Message --------'],
    ['-----元のメッセージ-----'],
  ])('cuts at %j and everything after it', (marker) => {
    expect(trimQuoted(`返信です。\n\n${marker}\nFrom: x\n本文`)).toBe('返信です。');
  });

  it('cuts at an Outlook header block with the rule above it', () => {
    const text = '承知しました。\n\n________________________________\n差出人: 窓口 <desk@example.go.jp>\n送信日時: 2026年12月1日 10:00\n宛先: 田中\n件名: 件名\n\n本文';
    expect(trimQuoted(text)).toBe('承知しました。');
  });

  it('cuts at an English Outlook block (From: … Sent: …)', () => {
    expect(trimQuoted('OK.\n\nFrom: Desk <desk@example.go.jp>\nSent: Tuesday, December 1, 2026 10:00 AM\nTo: John\nSubject: x\n\nold')).toBe('OK.');
  });

  it('keeps a From: line that starts no header block', () => {
    expect(trimQuoted('From: 株式会社サンプルより\nよろしくお願いします。')).toBe('From: 株式会社サンプルより\nよろしくお願いします。');
  });

  it('cuts at a Gmail attribution wrapped onto two lines (English)', () => {
    expect(trimQuoted('Thanks.\n\nOn Tue, Dec 1, 2026 at 10:00 AM mdoc desk <desk+mdoc-0001@example.go.jp>\nwrote:\n\n> old')).toBe('Thanks.');
  });

  it('cuts at a Gmail attribution wrapped onto two lines (Japanese)', () => {
    expect(trimQuoted('了解です。\n\n2026年12月1日(火) 10:00 mdoc事業者申請窓口 <\ndesk+mdoc-0001@example.go.jp>:\n\n> 古い本文')).toBe('了解です。');
  });

  it('cuts at 「…のメッセージ:」', () => {
    expect(trimQuoted('了解です。\n\n2026/12/01 10:00 窓口 <desk@example.go.jp> のメッセージ:\n\n古い本文')).toBe('了解です。');
  });

  it('keeps a line of the reply that only looks like the start of an attribution', () => {
    expect(trimQuoted('2026年12月1日に送付します。\n\n2026年12月1日(火) 10:00 窓口 <desk@example.go.jp>:\n> 古い本文')).toBe('2026年12月1日に送付します。');
  });

  it('keeps 「以下のメッセージ:」 written in the reply itself', () => {
    expect(trimQuoted('以下のメッセージ:\nテストです。')).toBe('以下のメッセージ:\nテストです。');
  });

  it('drops the attribution of any mailer right above the quoted block', () => {
    expect(trimQuoted('はい。\n\n田中 太郎 wrote:\n> 質問\n')).toBe('はい。');
  });

  it('keeps answers written between quoted lines', () => {
    const text = 'Desk wrote:\n> 質問1\n回答1\n> 質問2\n回答2\n';
    expect(trimQuoted(text)).toBe('回答1\n回答2');
  });

  it('trims a reply above a forward it quotes, and keeps a forward whole even when it quotes', () => {
    expect(trimQuoted('上です。\n\n-----Original Message-----\n---------- Forwarded message ---------\n本文')).toBe('上です。');
    expect(trimQuoted('転送します。\n\n---------- Forwarded message ---------\n差出人: a <a@example.com>\nDate: x\n\n> 引用\n-----Original Message-----\n元')).toBe(
      '転送します。\n\n---------- Forwarded message ---------\n差出人: a <a@example.com>\nDate: x\n\n> 引用\n-----Original Message-----\n元',
    );
  });

  it('keeps an Apple Mail forward', () => {
    expect(trimQuoted('FYI\n\nBegin forwarded message:\n\nFrom: a <a@example.com>\nDate: December 1, 2026\n\nbody')).toBe('FYI\n\nBegin forwarded message:\n\nFrom: a <a@example.com>\nDate: December 1, 2026\n\nbody');
  });
});
