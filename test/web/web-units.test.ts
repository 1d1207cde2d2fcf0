// The web door's pure parts: tokens, the streamed form reader, what each step's page offers, the
// settings, mail text that links nowhere, and request paths made readable.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { inertText } from '../../src/mail/inert-text.js';
import { readableUrl } from '../../src/slack/receiver.js';
import { PROCEDURES, procedureById } from '../../src/workflow/procedures/index.js';
import { stepsOf, pageAction } from '../../src/web/case-guidance.js';
import { BadBody, BodyTooLarge, readFormBody } from '../../src/web/form-body.js';
import { createTokenSigner } from '../../src/web/link-tokens.js';

const SECRET = 'unit-test-secret-that-is-long-enough-0123';
const DAY = 86_400_000;

describe('link tokens', () => {
  const signer = createTokenSigner(SECRET);
  const now = new Date('2026-12-01T00:00:00Z');
  const claims = { purpose: 'case' as const, id: 42, generation: 3, expiresAt: new Date(now.getTime() + 90 * DAY) };

  it('round-trip the case, the generation and the expiry, and nothing else verifies', () => {
    const token = signer.sign(claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(signer.verify(token, 'case', now)).toEqual({ ok: true, claims });
    expect(signer.verify(token, 'apply', now)).toEqual({ ok: false, reason: 'unknown' });
    expect(createTokenSigner(`${SECRET}x`).verify(token, 'case', now)).toEqual({ ok: false, reason: 'unknown' });
    for (let i = 0; i < token.length; i++) {
      const flipped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(signer.verify(flipped, 'case', now).ok, `altered at ${i}`).toBe(false);
    }
    for (const junk of ['', 'abc', `${token}A`, token.slice(1), '../../etc/passwd', 'A'.repeat(500)]) expect(signer.verify(junk, 'case', now)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('expire', () => {
    const token = signer.sign(claims);
    expect(signer.verify(token, 'case', new Date(claims.expiresAt.getTime() + 1000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('bind form tokens to their cookie', () => {
    const token = signer.formToken('cookie-a');
    expect(signer.formTokenMatches('cookie-a', token)).toBe(true);
    expect(signer.formTokenMatches('cookie-b', token)).toBe(false);
    expect(signer.formTokenMatches('cookie-a', '')).toBe(false);
    expect(signer.formTokenMatches('cookie-a', 'x')).toBe(false);
  });
});

/** A request whose body arrives in chunks of `size` bytes, as a slow upload does. */
function chunked(body: Buffer, contentType: string, size: number, contentLength = true): Request {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < body.length; i += size) controller.enqueue(new Uint8Array(body.subarray(i, i + size)));
      controller.close();
    },
  });
  return new Request('http://x/', { method: 'POST', body: stream, headers: { 'content-type': contentType, ...(contentLength ? { 'content-length': String(body.length) } : {}) }, duplex: 'half' } as RequestInit);
}

function multipart(boundary: string, parts: { name: string; value?: string; file?: { name: string; type: string; content: Buffer } }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.file ? `form-data; name="${p.name}"; filename="${p.file.name}"` : `form-data; name="${p.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.file ? `Content-Type: ${p.file.type}\r\n` : ''}\r\n`));
    chunks.push(p.file ? p.file.content : Buffer.from(p.value ?? ''));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe('the streamed form reader', () => {
  const boundary = '----mdocBoundary7MA4YWxk';
  const type = `multipart/form-data; boundary=${boundary}`;
  const limits = { maxBytes: 64 * 1024, maxFileBytes: 8 * 1024, maxFieldBytes: 1024, maxParts: 10 };
  // Bytes that contain the boundary's start, CRLFs and every byte value.
  const file = Buffer.concat([Buffer.from(`\r\n--${boundary.slice(0, 10)}\r\n`), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n-')]);
  const body = multipart(boundary, [
    { name: '_csrf', value: 'token' },
    { name: 'ip_ranges', value: '203.0.113.10\r\n198.51.100.0/24' },
    { name: 'document_0', file: { name: 'C:\\fakepath\\申請書.pdf', type: 'application/pdf', content: file } },
    { name: 'document_1', file: { name: '', type: 'application/octet-stream', content: Buffer.alloc(0) } },
  ]);

  it('reads fields and files exactly, however the body is cut into chunks', async () => {
    for (const size of [1, 2, 3, 7, 13, 64, 1000, body.length]) {
      const read = await readFormBody(chunked(body, type, size), limits);
      expect(read.fields._csrf, `chunks of ${size}`).toEqual(['token']);
      expect(read.fields.ip_ranges).toEqual(['203.0.113.10\r\n198.51.100.0/24']);
      expect(read.files).toHaveLength(1);
      expect(read.files[0]!.field).toBe('document_0');
      expect(read.files[0]!.fileName).toBe('申請書.pdf');
      expect(read.files[0]!.content.equals(file)).toBe(true);
    }
  });

  it('refuses a body over the limit as it arrives, with or without Content-Length', async () => {
    const big = multipart(boundary, [{ name: 'document_0', file: { name: 'a.pdf', type: 'application/pdf', content: Buffer.alloc(100 * 1024, 1) } }]);
    await expect(readFormBody(chunked(big, type, 4096), limits)).rejects.toBeInstanceOf(BodyTooLarge);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 4096;
        controller.enqueue(new Uint8Array(4096));
      },
    });
    const request = new Request('http://x/', { method: 'POST', body: endless, headers: { 'content-type': type }, duplex: 'half' } as RequestInit);
    await expect(readFormBody(request, limits)).rejects.toBeInstanceOf(BodyTooLarge);
    expect(pulled).toBeLessThan(limits.maxBytes + 3 * 4096);
  });

  it('drops a file over its own limit and names it, reading the rest', async () => {
    const over = multipart(boundary, [
      { name: 'document_0', file: { name: 'a.pdf', type: 'application/pdf', content: Buffer.alloc(9 * 1024, 1) } },
      { name: 'version', value: '3' },
    ]);
    const read = await readFormBody(chunked(over, type, 500), limits);
    expect(read.oversized).toEqual(['document_0']);
    expect(read.files).toEqual([]);
    expect(read.fields.version).toEqual(['3']);
  });

  it('refuses what is not a well-formed form', async () => {
    await expect(readFormBody(chunked(Buffer.from('{}'), 'application/json', 10), limits)).rejects.toBeInstanceOf(BadBody);
    await expect(readFormBody(chunked(body.subarray(0, body.length - 20), type, 50), limits)).rejects.toBeInstanceOf(BadBody);
    const url = await readFormBody(chunked(Buffer.from('a=1&b=%E3%81%82&a=2'), 'application/x-www-form-urlencoded', 3), limits);
    expect(url.fields).toEqual({ a: ['1', '2'], b: ['あ'] });
  });
});

describe('what the case page offers', () => {
  it('a button at exactly the confirmation steps, and an upload at exactly the document steps, the issue lists', () => {
    const everything = { env_test: 'yes', usage_mode: 'remote', krl_proxy: 'yes' };
    const offered = (id: string, kind: 'confirm' | 'upload') =>
      stepsOf(procedureById(id), everything)
        .filter((s) => pageAction(procedureById(id), s, everything).kind === kind)
        .map((s) => s.code);
    expect(offered('usage', 'confirm')).toEqual(['(2)-e', '(3)-a', '(3)-e', '(3)-f', '(4)-f']);
    expect(offered('usage', 'upload')).toEqual(['(2)-a', '(3)-b', '(4)-a']);
    for (const id of ['cert_in_person', 'cert_remote']) {
      expect(offered(id, 'confirm')).toEqual(['(1)-g', '(2)-d', '(2)-e', '(3)-a', '(4)-e']);
      expect(offered(id, 'upload')).toEqual(['(1)-c', '(2)-a', '(3)-b', '(4)-a']);
    }
    // The access application's fields, where the issue asks for them.
    for (const [id, code] of [['usage', '(3)-b'], ['cert_remote', '(2)-a']] as const) {
      const procedure = procedureById(id);
      const action = pageAction(procedure, procedure.steps.find((s) => s.code === code)!, everything);
      expect(action.kind === 'upload' && action.form?.fields.map((f) => f.name)).toEqual(['ip_ranges', 'apple_account_email']);
    }
    expect(PROCEDURES).toHaveLength(3);
  });
});

describe('settings', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', MDOC_REVIEWER_CHANNEL: 'C1' };

  it('refuse a link secret shorter than 32 bytes, without printing it', () => {
    const short = 'short-secret-Ω-1234567';
    expect(() => loadConfig({ ...base, MDOC_LINK_SECRET: short })).toThrow(/MDOC_LINK_SECRET: must be at least 32 bytes/);
    try {
      loadConfig({ ...base, MDOC_LINK_SECRET: short });
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
    expect(loadConfig({ ...base, MDOC_LINK_SECRET: 'x'.repeat(32) }).web.linkSecret).toBe('x'.repeat(32));
  });

  it('default to 90 days, no fixed base URL and a generated secret', () => {
    expect(loadConfig(base).web).toEqual({ publicBaseUrl: undefined, linkSecret: undefined, linkDays: 90 });
    expect(loadConfig({ ...base, PUBLIC_BASE_URL: 'https://desk.example.jp/', MDOC_LINK_DAYS: '30' }).web).toEqual({ publicBaseUrl: 'https://desk.example.jp', linkSecret: undefined, linkDays: 30 });
    expect(() => loadConfig({ ...base, PUBLIC_BASE_URL: 'ftp://x' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ ...base, PUBLIC_BASE_URL: 'https://x.example.jp/mdoc' })).toThrow(/PUBLIC_BASE_URL: must be scheme, host and port only/);
    expect(loadConfig({ ...base, PUBLIC_BASE_URL: 'http://127.0.0.1:8080' }).web.publicBaseUrl).toBe('http://127.0.0.1:8080');
    expect(() => loadConfig({ ...base, MDOC_LINK_DAYS: '0' })).toThrow(/MDOC_LINK_DAYS/);
  });
});

describe('text from a form, repeated in a mail', () => {
  it('becomes no link: dots inside names become [.] and :// becomes [:]//, the rest stays as typed', () => {
    expect(inertText('https://evil.example/x?a=b')).toBe('https[:]//evil[.]example/x?a=b');
    expect(inertText('www.example.co.jp')).toBe('www[.]example[.]co[.]jp');
    expect(inertText('例え.テスト')).toBe('例え[.]テスト');
    expect(inertText('ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('ｅｘａｍｐｌｅ[.]ｃｏｍ');
    expect(inertText('example。com')).toBe('example[.]com');
    expect(inertText('taro@example.jp')).toBe('taro@example[.]jp');
    // What is no host name is left alone: a sentence's full stop, 「Co., Ltd.」, a name.
    for (const plain of ['株式会社テスト', 'ABC Co., Ltd.', '第一営業部。東京', '山田 花子', 'Inc.']) expect(inertText(plain)).toBe(plain);
  });
});

describe('request paths the receivers cannot decode', () => {
  it('have their percent signs escaped, the query left as it is; every other path is unchanged', () => {
    expect(readableUrl('/c/%E0')).toBe('/c/%25E0');
    expect(readableUrl('/%E0%A4?x=%zz')).toBe('/%25E0%25A4?x=%zz');
    for (const url of ['/apply?flow=usage', '/c/AbC-_1', '/%E3%81%82', '/slack/events', '/']) expect(readableUrl(url)).toBe(url);
  });
});
