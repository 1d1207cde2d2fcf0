// caseReferences reads what a mail says about its case: the plus address, the bot's own Message-IDs
// it replies to, and a case ID in the subject, each normalised, none taken from a look-alike.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInboundMail } from '../../src/inbound/inbound-mail.js';
import { caseReferences, deskAddressOf, plusAddress, type CaseReferences } from '../../src/inbound/match-case.js';
import { createMessageIds } from '../../src/mail/message-ids.js';

const FIXTURES = new URL('../fixtures/mail/', import.meta.url);
const DESK = 'desk@example.go.jp';
const referencesOf = async (name: string): Promise<CaseReferences> => caseReferences(await parseInboundMail(readFileSync(new URL(name, FIXTURES))), DESK);

describe('caseReferences of the fixtures', () => {
  it.each<[string, CaseReferences]>([
    // The fixtures reply to mails sent before issue 15, whose Message-IDs had no tag: those are not taken.
    ['iso2022jp-reply.eml', { plusKey: 'MDOC-0001', sentMessageIds: [], subjectKey: 'MDOC-0001' }],
    ['shiftjis-attachment.eml', { sentMessageIds: [], subjectKey: 'MDOC-0002' }],
    ['utf8-gmail-reply.eml', { plusKey: 'MDOC-0003', sentMessageIds: [] }],
    ['apple-mail-reply.eml', { plusKey: 'MDOC-0004', sentMessageIds: [] }],
    ['outlook-english-reply.eml', { plusKey: 'MDOC-0007', sentMessageIds: [], subjectKey: 'MDOC-0007' }],
    ['html-only.eml', { sentMessageIds: [], subjectKey: 'MDOC-0005' }],
    ['forwarded.eml', { sentMessageIds: [], subjectKey: 'MDOC-0006' }],
    ['dangerous-attachments.eml', { plusKey: 'MDOC-0008', sentMessageIds: [] }],
    ['preparation-colon.eml', { sentMessageIds: [] }],
    ['no-match.eml', { sentMessageIds: [] }],
  ])('%s', async (name, expected) => {
    expect(await referencesOf(name)).toEqual(expected);
  });
});

const mail = (over: Partial<Parameters<typeof caseReferences>[0]>) => ({ to: [], cc: [], deliveredTo: [], inReplyTo: null, references: [], subject: '', ...over });

describe('plus addresses', () => {
  it('finds the plus address in To, Cc or Delivered-To, in that order', () => {
    expect(caseReferences(mail({ to: ['desk+mdoc-0001@example.go.jp'], cc: ['desk+mdoc-0002@example.go.jp'] }), DESK).plusKey).toBe('MDOC-0001');
    expect(caseReferences(mail({ cc: ['desk+mdoc-0002@example.go.jp'], deliveredTo: ['desk+mdoc-0003@example.go.jp'] }), DESK).plusKey).toBe('MDOC-0002');
    expect(caseReferences(mail({ deliveredTo: ['desk+mdoc-0003@example.go.jp'] }), DESK).plusKey).toBe('MDOC-0003');
  });

  it('ignores letter case on both sides and allows more than four digits', () => {
    expect(caseReferences(mail({ to: ['DESK+MDOC-12345@EXAMPLE.GO.JP'] }), 'Desk@Example.go.jp').plusKey).toBe('MDOC-12345');
  });

  it.each([
    ['another mailbox', 'other+mdoc-0001@example.go.jp'],
    ['another domain', 'desk+mdoc-0001@example.com'],
    ['a subdomain', 'desk+mdoc-0001@mail.example.go.jp'],
    ['fewer than four digits', 'desk+mdoc-1@example.go.jp'],
    ['no case ID', 'desk+support@example.go.jp'],
    ['a suffix', 'desk+mdoc-0001x@example.go.jp'],
  ])('takes no plus key from %s', (_, address) => {
    expect(caseReferences(mail({ to: [address] }), DESK).plusKey).toBeUndefined();
  });
});

describe('sent message ids', () => {
  const ids = createMessageIds('a key for these tests');
  const sent = (n: number) => ids.forCase(BigInt(n), 'MDOC-0001');

  it('takes In-Reply-To first, then References newest first, each once', () => {
    const refs = caseReferences(mail({ inReplyTo: sent(5), references: [sent(1), '<x@gmail.com>', sent(3), sent(5)] }), DESK);
    expect(refs.sentMessageIds).toEqual([sent(5), sent(3), sent(1)]);
  });

  it.each([
    '<notification-1.MDOC-0001@mdoc-desk>',
    '<notification-1.MDOC-0001.AAAAAAAAAAAAAAAAAAAAAA@evil.example>',
    '<notification-x.MDOC-0001.AAAAAAAAAAAAAAAAAAAAAA@mdoc-desk>',
    '<notification-1.MDOC-1.AAAAAAAAAAAAAAAAAAAAAA@mdoc-desk>',
    '<notification-1.MDOC-0001.AAAA@mdoc-desk>',
    '<xnotification-1.MDOC-0001.AAAAAAAAAAAAAAAAAAAAAA@mdoc-desk>',
    'notification-1.MDOC-0001.AAAAAAAAAAAAAAAAAAAAAA@mdoc-desk',
  ])('ignores the look-alike %s', (id) => {
    expect(caseReferences(mail({ inReplyTo: id, references: [id] }), DESK).sentMessageIds).toEqual([]);
  });
});

describe('subject keys', () => {
  it.each([
    ['Re: 【MDOC-0001】申請書類の送付について', 'MDOC-0001'],
    ['【ＭＤＯＣ－０００２】提出', 'MDOC-0002'],
    ['ｍｄｏｃ－３ について', 'MDOC-0003'],
    ['RE: mdoc-7 materials', 'MDOC-0007'],
    ['MDOC0012', 'MDOC-0012'],
    ['MDOCー0013 の件', 'MDOC-0013'],
    ['[MDOC-12345] long', 'MDOC-12345'],
    ['MDOC-0001 and MDOC-0002', 'MDOC-0001'],
  ])('%j → %s', (subject, key) => {
    expect(caseReferences(mail({ subject }), DESK).subjectKey).toBe(key);
  });

  it.each(['MDOCの利用について', 'XMDOC-0001', 'MDOC-1234567890', 'お問い合わせ'])('finds no case ID in %j', (subject) => {
    expect(caseReferences(mail({ subject }), DESK).subjectKey).toBeUndefined();
  });
});

describe('desk addresses', () => {
  it('plusAddress names the case in lower case', () => {
    expect(plusAddress('desk@example.go.jp', 'MDOC-0001')).toBe('desk+mdoc-0001@example.go.jp');
    expect(plusAddress('desk@example.go.jp', 'MDOC-12345')).toBe('desk+mdoc-12345@example.go.jp');
  });

  it('plusAddress refuses what is no address', () => {
    expect(() => plusAddress('desk', 'MDOC-0001')).toThrow('not a mail address');
  });

  it.each([
    ['mdoc事業者申請窓口 <desk@example.go.jp>', 'desk@example.go.jp'],
    ['"mdoc <desk> 窓口" <desk@example.go.jp>', 'desk@example.go.jp'],
    ['desk@example.go.jp', 'desk@example.go.jp'],
    ['  desk@example.go.jp  ', 'desk@example.go.jp'],
  ])('deskAddressOf(%j) is %s', (from, address) => {
    expect(deskAddressOf(from)).toBe(address);
  });
});
