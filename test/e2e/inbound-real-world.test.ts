// The desk mailbox as it really is, read by the real bot (Postgres, the Web API stand-in that refuses
// what Slack refuses, Dovecot or the inbox folder): the poison messages of issue 15 followed by good
// mail that must all arrive, a message that fails every try refused and filed apart while the others go
// on, a database outage in the middle of a mailbox that refuses nothing and loses nothing, and posts
// that Slack takes however long the mail.
import { readdir, readFile, utimes, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEWER, REVIEW_CHANNEL, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack, threadReplies } from '../helpers/case-walk.js';
import { freshDatabase } from '../helpers/database.js';
import { ImapServer } from '../helpers/imap-server.js';
import { replyMail } from '../helpers/reply-mail.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait-for.js';
import { WHOLE_TEXT_FILE_NAME } from '../../src/inbound/post-detail.js';
import { WHOLE_TEXT_MARK } from '../../src/slack/views/slack-limits.js';

const fixture = (name: string) => readFile(`test/fixtures/mail/${name}`);

const intake = {
  category: choice('private'),
  org_name: '実世界受信株式会社',
  corporate_number: '4011001098993',
  department: 'デジタル推進部',
  contact_name: '田中 太郎',
  phone: '03-1234-5678',
  email: 'taro@example.co.jp',
  usage_mode: choice('remote'),
  krl_proxy: choice('no'),
};

/** A good reply to MDOC-0001 with a small PDF whose bytes say which one it is. */
const good = (n: number) =>
  Buffer.from(replyMail({ caseKey: 'MDOC-0001', messageId: `good-${n}`, n, subject: `Re: [MDOC-0001] good ${n}`, body: `本文 ${n}`, pdf: Buffer.from(`%PDF-1.4\n% good ${n}\n%%EOF\n`) }));

/** The mailbox of the issue: each poison message of sections 1 and 2, with good mail before, between and after. */
async function realWorldMailbox(): Promise<{ name: string; raw: Buffer }[]> {
  const names = ['poison-content-type.eml', 'nul-in-text.eml', 'long-subject.eml', 'empty-attachment.eml', 'filename-encodings.eml', 'raw-cp932-subject.eml', 'active-content.eml'];
  const mailbox = [{ name: 'good-1.eml', raw: good(1) }];
  for (const [i, name] of names.entries()) mailbox.push({ name, raw: await fixture(name) }, { name: `good-${i + 2}.eml`, raw: good(i + 2) });
  return mailbox;
}

/**
 * The senders of these mailboxes besides the applicant (taro@), made contacts of MDOC-0001 as a reviewer
 * would make them (issue 15), so that their mail is taken as the applicant's like the rest.
 */
async function addSenders(h: Harness): Promise<void> {
  const c = await h.bot.db.prisma.case.findUniqueOrThrow({ where: { key: 'MDOC-0001' } });
  const addresses = ['applicant@example.co.jp', 'hanako@example.ne.jp', 'attacker@example.net'];
  await h.bot.db.prisma.caseContact.createMany({ data: addresses.map((address) => ({ caseId: c.id, address, addedBy: REVIEWER })) });
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const mailPosts = (h: Harness) => threadReplies(h, 'MDOC-0001').filter((c) => String(c.args.text).includes('メールを受信しました'));
const threadFiles = (h: Harness) => {
  const card = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).startsWith('MDOC-0001 '));
  return h.slack.threadFiles(REVIEW_CHANNEL, card!.result.ts);
};
const dead = (h: Harness) => h.bot.db.prisma.notification.findMany({ where: { deadAt: { not: null } } });
/** The value of mdoc_inbound_mails_total for one result on GET /metrics. */
async function inboundCount(h: Harness, result: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${h.bot.port}/metrics`)).text();
  return Number(new RegExp(`^mdoc_inbound_mails_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
}

/** Drops files into the inbox folder, finished and in this order (the folder source takes the oldest first). */
async function dropAll(h: Harness, files: { name: string; raw: Buffer }[]): Promise<string> {
  const inbox = path.join(h.dataDir, 'inbox');
  await mkdir(inbox, { recursive: true });
  const start = Date.now() - 60_000;
  for (const [i, file] of files.entries()) {
    await writeFile(path.join(inbox, file.name), file.raw);
    const at = new Date(start + i * 1_000);
    await utimes(path.join(inbox, file.name), at, at);
  }
  return inbox;
}

/** Makes Postgres refuse any inbound message whose subject holds REFUSE-ME, unless it is recorded as refused: a real error no retry cures. */
async function refuseInDatabase(url: string): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  await client.query(`CREATE FUNCTION refuse_me() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.subject LIKE '%REFUSE-ME%' AND NEW.outcome <> 'refused' THEN RAISE EXCEPTION 'this message cannot be stored'; END IF;
      RETURN NEW;
    END $$`);
  await client.query(`CREATE TRIGGER refuse_me BEFORE INSERT ON inbound_messages FOR EACH ROW EXECUTE FUNCTION refuse_me()`);
  await client.end();
}

describe('the poison messages of the issue, then good mail', () => {
  it('in the inbox folder: every message is taken, in its thread, within Slack’s limits; nothing waits, nothing is refused', async () => {
    const h = await startHarness();
    cleanup.push(() => h.stop());
    expect(await openCaseThroughSlack(h, 'new usage', REQUESTER, intake)).toBe('MDOC-0001');
    await addSenders(h);
    const mailbox = await realWorldMailbox();
    const inbox = await dropAll(h, mailbox);

    await waitFor(async () => (await readdir(path.join(inbox, 'done')).catch(() => [])).length === mailbox.length, 'every file in done/', 30_000);
    expect((await readdir(path.join(inbox, 'done'))).sort()).toEqual(mailbox.map((m) => m.name).sort());
    expect(await readdir(path.join(inbox, 'failed'))).toEqual([]);
    await h.settle();

    const rows = await h.bot.db.prisma.inboundMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.outcome)).toEqual(mailbox.map(() => 'matched'));
    // The raw bytes as they came, whatever was stored beside them.
    for (const [i, row] of rows.entries()) expect(Buffer.compare(row.raw, mailbox[i]!.raw)).toBe(0);
    const nul = rows.find((r) => r.messageId === '<nul-in-text-0001@example.co.jp>')!;
    expect((nul.detail as { text: string }).text).toBe('本文に\uFFFDNUL文字が入っています。\n二行目\uFFFD\uFFFDも。');

    // Every post reached the thread as it was built: Slack (the stand-in) refused none, nothing went dead.
    expect(mailPosts(h)).toHaveLength(mailbox.length);
    expect(h.slack.refusedForContent).toBe(0);
    expect(await dead(h)).toEqual([]);
    const long = mailPosts(h).find((c) => JSON.stringify(c.args.blocks).includes(WHOLE_TEXT_MARK))!;
    expect(long.args.text.length).toBeLessThan(400);
    const files = threadFiles(h);
    const whole = files.find((f) => f.title === WHOLE_TEXT_FILE_NAME)!;
    expect(whole.content!.toString('utf8')).toContain(`件名: Re: 【MDOC-0001】${'申請書の提出についてのご連絡'.repeat(700)}\n`);
    expect(files.map((f) => f.title)).toEqual(
      expect.arrayContaining(['form.pdf', 'ok.pdf', '申請書あ（生JIS）ソ表.txt', '申請書（生SJIS）①ソ表.txt', '申請書（生EUC）ソ表.txt', '申請書（RFC2231 SJIS）ソ表.txt', '拡張子のない申請書.pdf', 'plain.xml']),
    );
    // Listed, not uploaded: the empty file and the active content.
    for (const name of ['empty.txt', 'diagram.svg', 'form.html', 'data.xml']) expect(files.map((f) => f.title)).not.toContain(name);
    expect(files.every((f) => f.content!.length > 0)).toBe(true);
    const activeNotice = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && String(c.args.text).includes('diagram.svg'))!;
    expect(activeNotice.args.text).toContain('開くとスクリプトが動くおそれのある形式（SVG）');
    expect(await inboundCount(h, 'matched')).toBe(mailbox.length);
    expect(await inboundCount(h, 'refused')).toBe(0);
  });

  it('in IMAP on Dovecot: every message is taken and flagged $MdocTaken', async () => {
    const imap = await new ImapServer().start();
    cleanup.push(() => imap.stop());
    const h = await startHarness({ env: { IMAP_URL: imap.url } });
    cleanup.push(() => h.stop());
    expect(await openCaseThroughSlack(h, 'new usage', REQUESTER, intake)).toBe('MDOC-0001');
    await addSenders(h);
    const mailbox = await realWorldMailbox();
    for (const m of mailbox) await imap.append(m.raw);

    await waitFor(async () => (await h.bot.db.prisma.inboundMessage.count()) === mailbox.length, 'every message taken', 30_000);
    await h.settle();
    expect((await h.bot.db.prisma.inboundMessage.findMany()).every((r) => r.outcome === 'matched')).toBe(true);
    expect(mailPosts(h)).toHaveLength(mailbox.length);
    expect(h.slack.refusedForContent).toBe(0);
    expect(await dead(h)).toEqual([]);
    await waitFor(async () => (await imap.messages()).every((m) => m.flags.includes('$MdocTaken')), 'every message flagged');
    expect(await imap.messages()).toHaveLength(mailbox.length);
  });
});

describe('a message that fails every try', () => {
  it('in IMAP: the mail after it still arrives; it is recorded as refused with its bytes, told, flagged $MdocFailed, counted', async () => {
    const imap = await new ImapServer().start();
    const db = await freshDatabase();
    cleanup.push(() => db.drop(), () => imap.stop());
    const h = await startHarness({ db, env: { IMAP_URL: imap.url } });
    cleanup.push(() => h.stop());
    expect(await openCaseThroughSlack(h, 'new usage', REQUESTER, intake)).toBe('MDOC-0001');
    await addSenders(h);
    await refuseInDatabase(db.url);
    const poison = Buffer.from(replyMail({ caseKey: 'MDOC-0001', messageId: 'refuse-me', n: 9, subject: 'Re: [MDOC-0001] REFUSE-ME', body: '保存できないメール', pdf: Buffer.from('%PDF-1.4\n%%EOF\n') }));
    await imap.append(good(1));
    await imap.append(poison);
    await imap.append(good(2));

    await waitFor(() => mailPosts(h).length === 2, 'the two good messages');
    const notice = await waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).includes('取り込めなかったメールとして分けました')), 'the refusal told', 10_000);
    expect(notice.args.text).toContain('REFUSE-ME');
    expect(notice.args.text).toContain('this message cannot be stored');
    expect(notice.args.text).not.toContain('inbound-repository.ts');
    const refused = await h.bot.db.prisma.inboundMessage.findFirstOrThrow({ where: { outcome: 'refused' } });
    expect(Buffer.compare(refused.raw, poison)).toBe(0);
    expect(refused.subject).toBe('Re: [MDOC-0001] REFUSE-ME');
    expect(refused.caseId).toBeNull();
    await waitFor(async () => (await imap.messages()).some((m) => m.flags.includes('$MdocFailed')), 'the poison flagged');
    const box = await imap.messages();
    expect(box).toHaveLength(3);
    expect(box.map((m) => m.flags.includes('$MdocFailed'))).toEqual([false, true, false]);
    expect(box.map((m) => m.flags.includes('$MdocTaken'))).toEqual([true, false, true]);
    expect(await inboundCount(h, 'refused')).toBe(1);
    expect(await inboundCount(h, 'matched')).toBe(2);
  });

  it('in IMAP with MDOC_IMAP_FAILED_FOLDER: it moves there, nothing is deleted', async () => {
    const imap = await new ImapServer().start();
    const db = await freshDatabase();
    cleanup.push(() => db.drop(), () => imap.stop());
    const h = await startHarness({ db, env: { IMAP_URL: imap.url, MDOC_IMAP_FAILED_FOLDER: 'Failed' } });
    cleanup.push(() => h.stop());
    await refuseInDatabase(db.url);
    await imap.append(Buffer.from(replyMail({ caseKey: 'MDOC-0001', messageId: 'refuse-me', n: 9, subject: 'REFUSE-ME', body: 'x', pdf: Buffer.from('%PDF-1.4\n%%EOF\n') })));
    await waitFor(async () => (await imap.messages('Failed')).length === 1, 'the poison in the failed folder', 10_000);
    expect(await imap.messages('INBOX')).toEqual([]);
  });

  it('in the inbox folder: it moves to failed/ with its reason beside it', async () => {
    const db = await freshDatabase();
    cleanup.push(() => db.drop());
    const h = await startHarness({ db });
    cleanup.push(() => h.stop());
    await refuseInDatabase(db.url);
    const poison = Buffer.from(replyMail({ caseKey: 'MDOC-0001', messageId: 'refuse-me', n: 9, subject: 'REFUSE-ME', body: 'x', pdf: Buffer.from('%PDF-1.4\n%%EOF\n') }));
    const inbox = await dropAll(h, [{ name: 'poison.eml', raw: poison }, { name: 'after.eml', raw: Buffer.from('From: a@example.jp\r\nTo: desk@example.go.jp\r\nSubject: after\r\n\r\nhi\r\n') }]);
    await waitFor(async () => (await readdir(path.join(inbox, 'failed')).catch(() => [])).length === 2, 'the poison in failed/', 10_000);
    expect((await readdir(path.join(inbox, 'failed'))).sort()).toEqual(['poison.eml', 'poison.eml.reason.txt']);
    expect(Buffer.compare(await readFile(path.join(inbox, 'failed', 'poison.eml')), poison)).toBe(0);
    expect(await readFile(path.join(inbox, 'failed', 'poison.eml.reason.txt'), 'utf8')).toContain('this message cannot be stored');
    expect(await readdir(path.join(inbox, 'done'))).toEqual(['after.eml']);
  });
});

describe('a database outage in the middle of a mailbox', () => {
  it('refuses nothing and loses nothing: every message is taken once, posted once and flagged', async () => {
    const imap = await new ImapServer().start();
    const db = await freshDatabase();
    const proxy = await new TcpProxy(Number(new URL(db.url).port || 5432)).start();
    const url = new URL(db.url);
    url.port = String(proxy.port);
    cleanup.push(() => db.drop(), () => imap.stop(), () => proxy.stop());
    // A delivery made while its result could not be recorded is claimed again after this lease.
    const h = await startHarness({ db, databaseUrl: url.toString(), env: { IMAP_URL: imap.url }, outboxLeaseMs: 2_000 });
    cleanup.push(() => h.stop());
    expect(await openCaseThroughSlack(h, 'new usage', REQUESTER, intake)).toBe('MDOC-0001');
    await addSenders(h);
    const count = 30;
    for (let n = 1; n <= count; n++) await imap.append(good(n));

    // Watched on the database itself, not through the proxy that is about to be cut.
    const direct = new pg.Client(db.url);
    await direct.connect();
    cleanup.push(() => direct.end());
    const taken = async () => Number((await direct.query('SELECT count(*) AS n FROM inbound_messages')).rows[0].n);
    await waitFor(async () => (await taken()) >= 3, 'the first messages taken', 15_000);
    proxy.cut();
    const during = await taken();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await taken()).toBe(during);
    proxy.restore();

    await waitFor(async () => (await taken()) === count, 'every message after the outage', 60_000);
    await h.settle();
    const rows = await h.bot.db.prisma.inboundMessage.findMany();
    expect(rows.filter((r) => r.outcome !== 'matched')).toEqual([]);
    expect(new Set(rows.map((r) => r.messageId)).size).toBe(count);
    expect(mailPosts(h)).toHaveLength(count);
    expect(threadFiles(h).map((f) => f.title).sort()).toEqual(Array.from({ length: count }, (_, i) => `form-${i + 1}.pdf`).sort());
    await waitFor(async () => (await imap.messages()).every((m) => m.flags.includes('$MdocTaken')), 'every message flagged');
    expect((await imap.messages()).some((m) => m.flags.includes('$MdocFailed'))).toBe(false);
    expect(await h.bot.db.prisma.inboundMessage.count({ where: { outcome: 'refused' } })).toBe(0);
  });
});

describe('a post Slack refuses all the same', () => {
  it('is posted in its minimal version instead of going dead', async () => {
    const h = await startHarness();
    cleanup.push(() => h.stop());
    expect(await openCaseThroughSlack(h, 'new usage', REQUESTER, intake)).toBe('MDOC-0001');
    await addSenders(h);
    h.slack.fail('chat.postMessage', { error: 'invalid_blocks', channel: REVIEW_CHANNEL });
    await dropAll(h, [{ name: 'good.eml', raw: good(1) }]);
    const minimal = await waitFor(() => mailPosts(h).find((c) => c.result.ok), 'the minimal post');
    expect(JSON.stringify(minimal.args.blocks)).toContain('簡略な形で投稿しています');
    expect(mailPosts(h).map((c) => c.result.ok)).toEqual([false, true]);
    await h.settle();
    expect(await dead(h)).toEqual([]);
  });
});
