// classifyMail on every fixture of the mail folder: bounces (RFC 3464 reports and the plain-text kinds
// of Postfix, Exchange, qmail, Exim, Gmail, au, docomo and SoftBank), automatic replies and people's
// mail, each told apart, and what each bounce says read out of it.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyMail, type ClassifiedMail, type MailKind } from '../../src/inbound/classify-mail.js';
import { parseInboundMail } from '../../src/inbound/inbound-mail.js';

const FIXTURES = new URL('../fixtures/mail/', import.meta.url);
/** The stand-in for the bot's own Message-ID that the bounce fixtures return (make-fixtures.sh). */
const RETURNED = '<notification-7.MDOC-0001.RETURNED_MESSAGE_TAG__@mdoc-desk>';
const classify = async (name: string): Promise<MailKind> => classifyMail(await parseInboundMail(readFileSync(new URL(name, FIXTURES))));

const KINDS: Record<string, MailKind['kind']> = {
  'active-content.eml': 'person',
  'apple-mail-reply.eml': 'person',
  'auth-results-forged-below.eml': 'person',
  'auth-results-other-id.eml': 'person',
  'auth-results-pass.eml': 'person',
  'auto-reply-out-of-office.eml': 'auto_reply',
  'auto-reply-outlook.eml': 'auto_reply',
  'auto-reply-precedence-bulk.eml': 'auto_reply',
  'auto-reply-x-autoreply.eml': 'auto_reply',
  'bounce-au.eml': 'bounce',
  'bounce-docomo.eml': 'bounce',
  'bounce-exchange-headers.eml': 'bounce',
  'bounce-exim.eml': 'bounce',
  'bounce-gmail.eml': 'bounce',
  'bounce-postfix-dsn.eml': 'bounce',
  'bounce-qmail.eml': 'bounce',
  'bounce-softbank.eml': 'bounce',
  'bounce-unmatched.eml': 'bounce',
  'dangerous-attachments.eml': 'person',
  'delayed-dsn.eml': 'auto_reply',
  'dmarc-fail.eml': 'person',
  'dmarc-none-spf-aligned.eml': 'person',
  'empty-attachment.eml': 'person',
  'filename-encodings.eml': 'person',
  'forged-in-reply-to.eml': 'person',
  'forwarded.eml': 'person',
  'html-only.eml': 'person',
  'iso2022jp-reply.eml': 'person',
  'long-subject.eml': 'person',
  'no-match.eml': 'person',
  'nul-in-text.eml': 'person',
  'outlook-english-reply.eml': 'person',
  'poison-content-type.eml': 'person',
  'preparation-colon.eml': 'person',
  'preparation-headings.eml': 'person',
  'preparation-slash.eml': 'person',
  'raw-cp932-subject.eml': 'person',
  'read-receipt.eml': 'auto_reply',
  'shiftjis-attachment.eml': 'person',
  'stranger-plus.eml': 'person',
  'stranger-subject.eml': 'person',
  'utf8-gmail-reply.eml': 'person',
};

describe('classifyMail on the fixtures', () => {
  it('has an expected kind for every fixture that is a mail', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml') && f !== 'malformed.eml');
    expect(files.sort()).toEqual(Object.keys(KINDS).sort());
  });

  it.each(Object.entries(KINDS))('%s is a %s', async (name, kind) => {
    expect((await classify(name)).kind).toBe(kind);
  });
});

describe('what a bounce says', () => {
  it.each<[string, { form: 'dsn' | 'text'; status?: string; recipients: string[]; diagnostic: RegExp }]>([
    ['bounce-postfix-dsn.eml', { form: 'dsn', status: '5.1.1', recipients: ['taro@example.co.jp'], diagnostic: /^550 5\.1\.1 <taro@example\.co\.jp>: Recipient address rejected: User unknown in local recipient table$/ }],
    ['bounce-exchange-headers.eml', { form: 'dsn', status: '5.2.2', recipients: ['taro@example.co.jp'], diagnostic: /mailbox full/ }],
    ['bounce-docomo.eml', { form: 'dsn', status: '5.2.0', recipients: ['sample-taro@docomo.ne.jp'], diagnostic: /^550 Unknown user sample-taro@docomo\.ne\.jp$/ }],
    ['bounce-qmail.eml', { form: 'text', status: '5.1.1', recipients: [], diagnostic: /^Hi\. This is the qmail-send program[\s\S]*no mailbox here by that name/ }],
    ['bounce-exim.eml', { form: 'text', status: '5.1.1', recipients: ['taro@example.co.jp'], diagnostic: /could not be delivered[\s\S]*550 5\.1\.1 User unknown$/ }],
    ['bounce-gmail.eml', { form: 'text', recipients: ['taro.sample@gmail.com'], diagnostic: /does not exist/ }],
    ['bounce-au.eml', { form: 'text', recipients: [], diagnostic: /送信先のメールアドレスが見つかりませんでした/ }],
    ['bounce-softbank.eml', { form: 'text', status: '5.1.1', recipients: [], diagnostic: /宛先のメールアドレスは存在しません/ }],
  ])('%s: its status, recipients and diagnostic, and the Message-ID of the mail it returns', async (name, expected) => {
    const kind = await classify(name);
    if (kind.kind !== 'bounce') throw new Error(`${name} is no bounce`);
    const report = kind.report;
    expect(report.form).toBe(expected.form);
    expect(report.status).toBe(expected.status);
    expect(report.recipients.map((r) => r.address)).toEqual(expected.recipients);
    expect(report.diagnostic).toMatch(expected.diagnostic);
    // The bounce's own words, not the copy of the returned mail under them.
    expect(report.diagnostic).not.toContain('Message-ID');
    expect(report.returnedIds[0]).toBe(RETURNED);
    expect(report.failed).toBe(true);
  });

  it('reads the returned ID of a mail that is not ours as it is (nothing of ours matches it later)', async () => {
    const kind = await classify('bounce-unmatched.eml');
    expect(kind.kind === 'bounce' && kind.report.returnedIds).toEqual(['<hello-0001@example.net>']);
  });

  it('keeps what it reads short, however long the bounce', () => {
    const mail = person({
      headers: [{ key: 'content-type', value: 'multipart/report; report-type=delivery-status' }],
      text: `Final-Recipient: rfc822; ${'a'.repeat(5000)}@example.jp\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 ${'x'.repeat(5000)}\n`,
    });
    const kind = classifyMail(mail);
    if (kind.kind !== 'bounce') throw new Error('no bounce');
    expect([...kind.report.recipients[0]!.address!].length).toBeLessThanOrEqual(300);
    expect([...kind.report.diagnostic].length).toBeLessThanOrEqual(1000);
  });

  it('counts a report of delays only as no bounce, and one that says expired as a bounce', () => {
    const report = (action: string, status: string) =>
      classifyMail(person({ headers: [{ key: 'content-type', value: 'multipart/report; report-type=delivery-status' }], text: `Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822; a@example.jp\nAction: ${action}\nStatus: ${status}\n` })).kind;
    expect(report('delayed', '4.4.1')).toBe('auto_reply');
    expect(report('delivered', '2.0.0')).toBe('auto_reply');
    expect(report('expired', '4.4.7')).toBe('bounce');
    expect(report('failed', '5.1.1')).toBe('bounce');
  });
});

/** A plain person's mail, changed where a test says. */
function person(over: Partial<ClassifiedMail>): ClassifiedMail {
  return { headers: [], from: { address: 'taro@example.co.jp', name: '' }, subject: '申請書の提出', text: 'お世話になっております。', inReplyTo: null, references: [], attachments: [], ...over };
}

describe('automatic replies', () => {
  it.each([
    ['auto-replied', 'auto_reply'],
    ['auto-generated', 'auto_reply'],
    ['auto-notified; owner-email="x@example.jp"', 'auto_reply'],
    ['no', 'person'],
    ['No (a person wrote this)', 'person'],
  ])('Auto-Submitted: %s makes a %s', (value, kind) => {
    expect(classifyMail(person({ headers: [{ key: 'auto-submitted', value }] })).kind).toBe(kind);
  });

  it.each(['x-autoreply', 'x-autorespond'])('%s makes an automatic reply', (key) => {
    expect(classifyMail(person({ headers: [{ key, value: 'yes' }] })).kind).toBe('auto_reply');
  });

  it.each([
    ['auto_reply', 'auto_reply'],
    ['bulk', 'auto_reply'],
    ['junk', 'auto_reply'],
    ['list', 'person'],
    ['first-class', 'person'],
  ])('Precedence: %s makes a %s', (value, kind) => {
    expect(classifyMail(person({ headers: [{ key: 'precedence', value }] })).kind).toBe(kind);
  });

  it.each([
    '不在: 【MDOC-0001】申請書類の送付について',
    '【不在】12/8まで',
    '不在通知 Re: 書類',
    'Re: 自動返信: お問い合わせ',
    '自動応答: 申請書',
    'Out of Office: documents',
    'Automatic reply: MDOC-0001',
    'Auto reply: documents',
    'AutoReply: documents',
  ])('the subject 「%s」 makes an automatic reply', (subject) => {
    expect(classifyMail(person({ subject })).kind).toBe('auto_reply');
  });

  it.each(['不在時の連絡先について', 'Re: 申請書類の送付について', '自動化の相談', 'Office move', 'Reply: 書類'])('the subject 「%s」 is a person\'s', (subject) => {
    expect(classifyMail(person({ subject })).kind).toBe('person');
  });
});

describe('bounces in plain text', () => {
  it('a bounce subject from a person who forwards a bounce stays a person\'s mail', () => {
    expect(classifyMail(person({ subject: 'Fwd: Undelivered Mail Returned to Sender', text: '先ほどのメールが届かなかったようです。' })).kind).toBe('person');
  });

  it('a mailer daemon that says a mail could not be delivered is a bounce, whatever its subject', () => {
    expect(classifyMail(person({ from: { address: 'postmaster@example.co.jp', name: '' }, subject: 'E', text: 'Your message did not reach the following recipient(s):' })).kind).toBe('bounce');
  });

  it('X-Failed-Recipients alone makes a bounce', () => {
    expect(classifyMail(person({ headers: [{ key: 'x-failed-recipients', value: 'a@example.jp, <b@example.jp>' }] })).kind).toBe('bounce');
  });

  it('a bounce subject with the returned mail attached is a bounce even from an ordinary sender (au one net)', () => {
    const kind = classifyMail(person({ from: { address: 'info@example.jp', name: '' }, subject: 'メールエラー通知', attachments: [{ fileName: 'attachment-1.eml', content: Buffer.from('Message-ID: <x@y>\r\n\r\n') }] }));
    expect(kind.kind).toBe('bounce');
  });
});
