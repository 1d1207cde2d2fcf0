// Who wrote a mail: Authentication-Results read as RFC 8601 writes them, only our server's topmost one
// believed; the verdict on the From domain; addresses compared the way mailboxes are; and whether a
// sender counts as the applicant.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ourAuthenticationResults, parseAuthenticationResults, type HeaderLine } from '../../src/inbound/authentication-results.js';
import { contactAddresses, normalizeAddress, senderStanding } from '../../src/inbound/contacts.js';
import { parseInboundMail } from '../../src/inbound/inbound-mail.js';
import { verifySender, type SenderVerification } from '../../src/inbound/sender-verification.js';

const OURS = 'mx.example.go.jp';
const FIXTURES = new URL('../fixtures/mail/', import.meta.url);
const ar = (value: string): HeaderLine => ({ key: 'authentication-results', value });

describe('parseAuthenticationResults', () => {
  it('reads the authserv-id, each method and result, and their properties, past comments', () => {
    expect(
      parseAuthenticationResults(
        'mx.example.go.jp 1; dkim=pass (2048-bit key; unprotected) header.d=example.co.jp header.i=@example.co.jp header.b="Ab;Cd"; spf=pass (domain of x designates (nested) 192.0.2.1) smtp.mailfrom=taro@example.co.jp; dmarc=pass (p=NONE) header.from=example.co.jp',
      ),
    ).toEqual({
      authservId: 'mx.example.go.jp',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.d': 'example.co.jp', 'header.i': '@example.co.jp', 'header.b': 'Ab;Cd' } },
        { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'taro@example.co.jp' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'example.co.jp' } },
      ],
    });
  });

  it('lowers the case of methods and results, reads a method version, and takes "none" as no results', () => {
    expect(parseAuthenticationResults('"mx.example.go.jp"; DKIM/1=PASS header.d=Example.CO.JP')).toEqual({ authservId: 'mx.example.go.jp', results: [{ method: 'dkim', result: 'pass', props: { 'header.d': 'Example.CO.JP' } }] });
    expect(parseAuthenticationResults('mx.example.go.jp; none')).toEqual({ authservId: 'mx.example.go.jp', results: [] });
  });

  it('finds no authserv-id in an empty or broken header', () => {
    expect(parseAuthenticationResults('')).toBeUndefined();
    expect(parseAuthenticationResults('(only a comment); dmarc=pass')).toBeUndefined();
  });

  it('believes the topmost header under our id only, comparing the id without case', () => {
    const headers = [ar('other.example; dmarc=pass'), ar('MX.Example.GO.JP; dmarc=fail'), ar('mx.example.go.jp; dmarc=pass')];
    expect(ourAuthenticationResults(headers, OURS)?.results[0]?.result).toBe('fail');
    expect(ourAuthenticationResults([ar('other.example; dmarc=pass')], OURS)).toBeUndefined();
  });
});

describe('verifySender', () => {
  const verify = (value: string | undefined, from = 'taro@example.co.jp') => verifySender(value ? [ar(value)] : [], from, OURS);

  it('checks nothing without MDOC_AUTHSERV_ID, and says so', () => {
    expect(verifySender([ar(`${OURS}; dmarc=fail`)], 'taro@example.co.jp', undefined)).toEqual({ state: 'unverified' });
  });

  it('is missing when our server wrote no verdict', () => {
    expect(verify(undefined)).toEqual({ state: 'missing' });
  });

  it.each<[string, SenderVerification]>([
    [`${OURS}; dmarc=pass header.from=example.co.jp`, { state: 'pass', dmarc: 'pass' }],
    [`${OURS}; dmarc=bestguesspass header.from=example.co.jp`, { state: 'pass', dmarc: 'bestguesspass' }],
    [`${OURS}; dkim=pass header.d=example.co.jp; spf=pass smtp.mailfrom=taro@example.co.jp; dmarc=fail header.from=example.co.jp`, { state: 'fail', dmarc: 'fail', dkim: 'pass', spf: 'pass' }],
    // No DMARC policy: an SPF or DKIM pass for the From domain (or its parent or child) is what DMARC would check.
    [`${OURS}; spf=pass smtp.mailfrom=taro@example.co.jp; dmarc=none header.from=example.co.jp`, { state: 'pass', dmarc: 'none', spf: 'pass' }],
    [`${OURS}; dkim=pass header.d=mail.example.co.jp`, { state: 'pass', dkim: 'pass' }],
    [`${OURS}; spf=pass smtp.mailfrom=bounce@example.co.jp.`, { state: 'pass', spf: 'pass' }],
    // A pass for another domain says nothing about this From; a public suffix is no parent.
    [`${OURS}; dkim=pass header.d=mailer.example.net; spf=pass smtp.mailfrom=x@mailer.example.net`, { state: 'none', dkim: 'pass', spf: 'pass' }],
    [`${OURS}; dkim=pass header.d=co.jp`, { state: 'none', dkim: 'pass' }],
    [`${OURS}; spf=softfail smtp.mailfrom=taro@example.co.jp; dmarc=none`, { state: 'none', dmarc: 'none', spf: 'softfail' }],
    // A DMARC result about another From domain is not this mail's.
    [`${OURS}; dmarc=fail header.from=other.example`, { state: 'none' }],
  ])('%s → %j', (value, expected) => {
    expect(verify(value)).toEqual(expected);
  });

  it.each<[string, SenderVerification['state']]>([
    ['dmarc-fail.eml', 'fail'],
    ['auth-results-forged-below.eml', 'fail'],
    ['auth-results-pass.eml', 'pass'],
    ['auth-results-other-id.eml', 'missing'],
    ['dmarc-none-spf-aligned.eml', 'pass'],
  ])('%s: %s', async (name, state) => {
    const mail = await parseInboundMail(readFileSync(new URL(name, FIXTURES)));
    expect(verifySender(mail.headers, mail.from?.address ?? null, OURS).state).toBe(state);
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['Taro@Example.CO.JP', 'taro@example.co.jp'],
    ['  taro@example.co.jp.  ', 'taro@example.co.jp'],
    ['taro@ｅｘａｍｐｌｅ．ｃｏ．ｊｐ', 'taro@example.co.jp'],
    ['taro@例え.jp', 'taro@xn--r8jz45g.jp'],
    ['Taro.Yamada+MDOC@example.jp', 'taro.yamada+mdoc@example.jp'],
    // A full-width local part is another mailbox on a server that takes Unicode: not folded.
    ['ｔａｒｏ@example.co.jp', 'ｔａｒｏ@example.co.jp'],
  ])('%s → %s', (address, expected) => {
    expect(normalizeAddress(address)).toBe(expected);
  });

  it.each(['', 'taro', '@example.jp', 'taro@', 'taro @example.jp', '<taro@example.jp>', 'taro@exa mple.jp'])('%j is no address', (address) => {
    expect(normalizeAddress(address)).toBeUndefined();
  });
});

describe('contacts and the sender standing', () => {
  const fields = { email: 'Taro@Example.co.jp', apple_account_email: 'dev@example.co.jp', contact_name: '田中' };

  it("takes the forms' contact addresses and the added ones, normalised, once each", () => {
    expect(contactAddresses(fields, ['hanako@example.co.jp', 'TARO@example.co.jp'])).toEqual(['taro@example.co.jp', 'hanako@example.co.jp']);
  });

  it.each<[string | null, SenderVerification, ReturnType<typeof senderStanding>]>([
    ['taro@example.co.jp', { state: 'unverified' }, { standing: 'applicant' }],
    ['TARO@EXAMPLE.CO.JP', { state: 'pass', dmarc: 'pass' }, { standing: 'applicant' }],
    ['taro@example.co.jp', { state: 'fail', dmarc: 'fail' }, { standing: 'stranger', reason: 'dmarc_fail' }],
    ['taro@example.co.jp', { state: 'missing' }, { standing: 'stranger', reason: 'not_verified' }],
    ['taro@example.co.jp', { state: 'none' }, { standing: 'stranger', reason: 'not_verified' }],
    ['suzuki@other.example.com', { state: 'pass', dmarc: 'pass' }, { standing: 'stranger', reason: 'not_contact' }],
    ['suzuki@other.example.com', { state: 'fail', dmarc: 'fail' }, { standing: 'stranger', reason: 'not_contact' }],
    // The Apple account the access form asks for is not where the applicant writes from.
    ['dev@example.co.jp', { state: 'unverified' }, { standing: 'stranger', reason: 'not_contact' }],
    [null, { state: 'unverified' }, { standing: 'stranger', reason: 'no_sender' }],
  ])('%s with %j', (from, verification, expected) => {
    expect(senderStanding(from, contactAddresses(fields, []), verification)).toEqual(expected);
  });
});
