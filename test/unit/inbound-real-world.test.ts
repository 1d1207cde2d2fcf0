// The mail of make-real-world-fixtures.sh, each a problem the desk's public address really meets, from
// the raw bytes to the posts built from them: every post within Slack's limits as the stand-in checks
// them (slack-refusals.ts, written apart from the bot's own limits), before the poster cuts anything.
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { slackRefusal } from '../../src/demo/slack-refusals.js';
import { parseInboundMail, type InboundMail } from '../../src/inbound/inbound-mail.js';
import type { InboundRow } from '../../src/inbound/inbound-record.js';
import { postDetail, WHOLE_TEXT_FILE_NAME } from '../../src/inbound/post-detail.js';
import { storable } from '../../src/inbound/storable.js';
import { inboundDmLine, inboundNoticeMessage, inboundThreadPost, triagePost } from '../../src/slack/views/inbound-posts.js';
import { WHOLE_TEXT_MARK } from '../../src/slack/views/slack-limits.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));
const parse = (name: string): Promise<InboundMail> => parseInboundMail(fixture(name));
const names = (mail: InboundMail) => mail.attachments.map((a) => a.fileName);

/** A row as the repository gives it back: the detail as it was stored (made storable, through JSON). */
async function rowOf(name: string, outcome: InboundRow['outcome'] = 'matched'): Promise<InboundRow> {
  const { detail } = postDetail(await parse(name), name);
  return { id: 42, caseId: 1, outcome, matchedBy: 'plus_address', detail: JSON.parse(JSON.stringify(storable(detail))), postChannel: null, postTs: null, receivedAt: new Date('2026-12-03T00:00:00Z') };
}

describe('a part whose Content-Type has no type (the poison of the issue)', () => {
  it('is what mailparser gives a non-string contentType for', async () => {
    const parsed = await simpleParser(fixture('poison-content-type.eml'));
    expect(parsed.attachments.map((a) => a.contentType)).toEqual([false]);
  });

  it('is taken as plain bytes: named by its Content-Disposition, checked by its content', async () => {
    const mail = await parse('poison-content-type.eml');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ fileName: 'form.pdf', contentType: 'application/pdf', safety: { ok: true, kind: 'pdf' } });
  });
});

describe('text Postgres cannot hold', () => {
  it('keeps the NUL in the parsed text, and stores U+FFFD in its place', async () => {
    const mail = await parse('nul-in-text.eml');
    expect(mail.text).toBe('本文に\u0000NUL文字が入っています。\n二行目\u0000\u0000も。\n');
    // A subject is one line: its NUL is a space already.
    expect(mail.subject).toBe('Re: 【MDOC-0001】NUL 入り');
    const stored = storable(postDetail(mail, 'x').detail);
    expect(stored.text).toBe('本文に\uFFFDNUL文字が入っています。\n二行目\uFFFD\uFFFDも。');
    expect(JSON.stringify(stored)).not.toMatch(/\\u0000/);
  });
});

describe('file names as mailers really write them', () => {
  it('decodes raw ISO-2022-JP, Shift_JIS (CP932), EUC-JP and UTF-8 bytes, RFC 2231 in two charsets and RFC 2047', async () => {
    const mail = await parse('filename-encodings.eml');
    expect(names(mail)).toEqual([
      '申請書あ（生JIS）ソ表.txt',
      '申請書（生SJIS）①ソ表.txt',
      '申請書（生EUC）ソ表.txt',
      '申請書（生UTF-8）①ソ表.txt',
      '申請書（RFC2231 JIS）.txt',
      '申請書（RFC2231 SJIS）ソ表.txt',
      '申請書（RFC2047 JIS）.txt',
      '拡張子のない申請書.pdf',
    ]);
    // Each part says how its name was written: the names went to the right parts.
    expect(mail.attachments.slice(0, 7).map((a) => a.content.toString())).toEqual([
      'raw ISO-2022-JP',
      'raw Shift_JIS',
      'raw EUC-JP',
      'raw UTF-8',
      'RFC 2231 ISO-2022-JP',
      'RFC 2231 Shift_JIS',
      'RFC 2047 ISO-2022-JP in name=',
    ]);
  });

  it('which mailparser alone garbles: it reads the raw bytes of a header as UTF-8', async () => {
    const parsed = await simpleParser(fixture('filename-encodings.eml'));
    expect(parsed.attachments[0]!.filename).toContain('$B');
    expect(parsed.attachments.slice(0, 3).map((a) => a.filename)).not.toContain('申請書（生SJIS）①ソ表.txt');
    expect(parsed.attachments[1]!.filename).not.toMatch(/申請書/);
    expect(parsed.attachments[2]!.filename).not.toMatch(/申請書/);
  });

  it('gives a name without an extension the one its content shows', async () => {
    const mail = await parse('filename-encodings.eml');
    expect(mail.attachments.at(-1)).toMatchObject({ fileName: '拡張子のない申請書.pdf', contentType: 'application/pdf', safety: { ok: true, kind: 'pdf' } });
  });

  it('reads a subject written in raw CP932 bytes', async () => {
    expect((await parse('raw-cp932-subject.eml')).subject).toBe('Re: 【MDOC-0001】①申請書の再提出');
  });
});

describe('attachments held to the web door’s rules', () => {
  it('refuses SVG, HTML and XML with a script, and keeps plain XML', async () => {
    const mail = await parse('active-content.eml');
    expect(mail.attachments.map((a) => [a.fileName, a.safety.ok ? 'ok' : a.safety.reason])).toEqual([
      ['diagram.svg', '開くとスクリプトが動くおそれのある形式（SVG）のため'],
      ['form.html', '開くとスクリプトが動くおそれのある形式（HTML）のため'],
      ['data.xml', '開くとスクリプトが動くおそれのある形式（XML）のため'],
      ['plain.xml', 'ok'],
    ]);
    const { detail, files } = postDetail(mail, 'x');
    expect(files.map((f) => f.fileName)).toEqual(['plain.xml']);
    expect(detail.attachments.filter((a) => a.refused).map((a) => a.fileName)).toEqual(['diagram.svg', 'form.html', 'data.xml']);
  });

  it('lists an empty attachment and uploads only the file with bytes', async () => {
    const { detail, files } = postDetail(await parse('empty-attachment.eml'), 'x');
    expect(detail.attachments).toEqual([
      { fileName: 'empty.txt', size: 0 },
      { fileName: 'ok.pdf', size: 431 },
    ]);
    expect(files.map((f) => f.fileName)).toEqual(['ok.pdf']);
    const post = inboundThreadPost(await rowOf('empty-attachment.eml'), 'MDOC-0001', []);
    expect(JSON.stringify(post.blocks)).toContain('empty.txt（0 バイトの空のファイル）');
  });
});

describe('a long subject and text', () => {
  it('puts the whole mail in a UTF-8 text file for the thread', async () => {
    const mail = await parse('long-subject.eml');
    expect(mail.subject.length).toBeGreaterThan(9_000);
    const { detail, files } = postDetail(mail, 'x');
    const whole = files.find((f) => f.fileName === WHOLE_TEXT_FILE_NAME)!;
    expect(detail.wholeText).toEqual({ fileName: WHOLE_TEXT_FILE_NAME, size: whole.content.length });
    const text = whole.content.toString('utf8');
    expect(text).toContain(`件名: ${mail.subject}\n`);
    expect(text).toContain('0300 行目: <注意> & 確認');
    expect(whole.contentType).toBe('text/plain; charset=utf-8');
  });

  it('is cut in the post with the mark that says where the whole of it is', async () => {
    const post = inboundThreadPost(await rowOf('long-subject.eml'), 'MDOC-0001', []);
    const blocks = JSON.stringify(post.blocks);
    expect(blocks).toContain(WHOLE_TEXT_MARK);
    expect(blocks).toContain(WHOLE_TEXT_FILE_NAME);
    expect(post.text.length).toBeLessThan(400);
  });
});

describe('every post built from these mails', () => {
  const fixtures = ['poison-content-type.eml', 'nul-in-text.eml', 'long-subject.eml', 'empty-attachment.eml', 'filename-encodings.eml', 'raw-cp932-subject.eml', 'active-content.eml'];
  const button = { type: 'button' as const, text: { type: 'plain_text' as const, text: '申請書の受領を記録' }, action_id: 'mdoc_action:receive', value: '{"case":1}' };

  it.each(fixtures)('%s: thread post, triage post, DM line and notices are within Slack’s limits as they are built', async (name) => {
    const row = await rowOf(name);
    const posts = [
      inboundThreadPost(row, 'MDOC-0001', [button]),
      triagePost({ ...row, outcome: 'unmatched' }),
      inboundDmLine(row, 'MDOC-0001', 'UREQ'),
      inboundDmLine(row, 'MDOC-0001', 'UREQ', 'en'),
      inboundNoticeMessage(row, 'refused_attachments'),
      inboundNoticeMessage({ ...row, detail: { ...row.detail, problem: 'TypeError: '.repeat(500) } }, 'refused'),
    ];
    for (const post of posts) expect(slackRefusal('chat.postMessage', { channel: 'C1', ...post })).toBeUndefined();
  });
});
