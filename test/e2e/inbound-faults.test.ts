// The desk mailbox under faults: two bot processes reading one mailbox while the IMAP server restarts in
// the middle of it. Every message is taken once and posted once, with its file uploaded once.
import { afterAll, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEW_CHANNEL, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack, threadReplies } from '../helpers/case-walk.js';
import { freshDatabase } from '../helpers/database.js';
import { ImapServer } from '../helpers/imap-server.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { waitFor } from '../helpers/wait-for.js';
import { replyMail } from '../helpers/reply-mail.js';
import { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** A reply to the case with a small attachment whose bytes say which message it is. */
const reply = (key: string, n: number) =>
  replyMail({ caseKey: key, messageId: `fault-${n}`, n, subject: `Re: [${key}] message ${n}`, body: `本文 ${n}`, pdf: Buffer.from(`%PDF-1.4\n% message ${n}\n%%EOF\n`) });

describe('two bot processes on one mailbox while the IMAP server restarts', () => {
  it('take each message once, and post it and its file once', async () => {
    const [db, slack, smtp, imap] = await Promise.all([freshDatabase(), new SlackApiStandIn().start(), new SmtpSink().start(), new ImapServer().start()]);
    const env = { IMAP_URL: imap.url };
    const a: Harness = await startHarness({ db, slack, smtp, env });
    const b: Harness = await startHarness({ db, slack, smtp, env });
    cleanup.push(() => db.drop(), () => slack.stop(), () => smtp.stop(), () => imap.stop(), () => a.stop(), () => b.stop());
    const key = await openCaseThroughSlack(a, 'new usage', REQUESTER, {
      category: choice('private'),
      org_name: '障害試験株式会社',
      corporate_number: '4011001098993',
      department: '部',
      contact_name: '名',
      phone: '03-1234-5678',
      email: 'applicant@example.co.jp',
      usage_mode: choice('remote'),
      krl_proxy: choice('no'),
    });

    for (let n = 1; n <= 6; n++) await imap.append(reply(key, n));
    // While the bots are busy with the first ones, the server goes away and comes back.
    await waitFor(() => a.bot.db.prisma.inboundMessage.count().then((c) => c >= 1), 'the first message taken');
    await imap.restart();
    for (let n = 7; n <= 12; n++) await imap.append(reply(key, n));

    await waitFor(() => a.bot.db.prisma.inboundMessage.count().then((c) => c === 12), 'all twelve messages taken', 30_000);
    await waitFor(async () => (await a.bot.db.prisma.notification.count({ where: { deliveredAt: null, deadAt: null, kind: { not: 'overdue' } } })) === 0, 'everything delivered', 20_000);
    await new Promise((r) => setTimeout(r, 500));

    const rows = await a.bot.db.prisma.inboundMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.messageId).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `<fault-${i + 1}@example.co.jp>`).sort());
    expect(rows.every((r) => r.outcome === 'matched')).toBe(true);
    const posts = threadReplies(a, key).filter((c) => String(c.args.text).includes('メールを受信しました'));
    expect(posts).toHaveLength(12);
    const card = slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts)!;
    const files = slack.threadFiles(REVIEW_CHANNEL, card.result.ts);
    expect(files.map((f) => f.title).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `form-${i + 1}.pdf`).sort());
    for (const f of files) expect(f.content!.toString()).toContain(`% message ${f.title!.match(/\d+/)![0]}`);
    const mailbox = await imap.messages();
    expect(mailbox).toHaveLength(12);
    expect(mailbox.every((m) => m.flags.includes('$MdocTaken'))).toBe(true);
  });
});
