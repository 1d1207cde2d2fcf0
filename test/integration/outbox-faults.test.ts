// Faults of delivery: a process killed at every point of a delivery, rate limits, coalescing, dead
// notifications. At least once underneath; exactly once in what people see.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyAction } from '../../src/cases/apply-action.js';
import { openCase } from '../../src/cases/open-case.js';
import type { FailpointName } from '../../src/outbox/failpoints.js';
import { createOutboxRepository } from '../../src/outbox/outbox-repository.js';
import type { SlackPacerOptions } from '../../src/outbox/slack-pacer.js';
import type { Actor } from '../../src/workflow/authorize.js';
import { useStoreFixture } from '../helpers/store-fixture.js';
import { createStandInWorker, drainWith } from '../helpers/outbox-worker.js';
import { readFile } from 'node:fs/promises';
import { standInTaker } from '../helpers/message-taker.js';

const reviewer: Actor = { userId: 'UREV', roles: new Set(['reviewer']) };
const f = useStoreFixture();
let opened = 0;

/** A new case moved one step, so that every kind of notification is queued. */
async function caseWithTransition(requester = 'UREQ', applicantEmail?: string) {
  opened++;
  const result = await openCase({ cases: f.cases }, {
    procedureId: 'usage',
    requesterId: requester,
    form: { category: 'private', org_name: `障害試験${opened}`, corporate_number: '4011001098993', department: '部', contact_name: '名', phone: '03-1234-5678', email: applicantEmail ?? `f${opened}@example.jp`, usage_mode: 'remote', krl_proxy: 'no' },
  });
  if (result.kind !== 'opened') throw new Error('intake refused');
  await applyAction({ cases: f.cases }, { caseKey: result.case.key, expectedVersion: 1, actionId: 'send_documents', actor: reviewer });
  return result.case;
}

function worker(workerId: string, pacing?: SlackPacerOptions) {
  return createStandInWorker({ prisma: f.prisma, slackUrl: f.slack.url, smtpUrl: f.smtp.url, workerId, pacing, maxAttempts: 5 });
}

const drain = (w: ReturnType<typeof worker>) => drainWith(f.prisma, w);

function runChild(failpoint: FailpointName): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/outbox-child.ts'], {
      env: { ...process.env, DATABASE_URL: f.db.url, SLACK_API_URL: f.slack.url, SMTP_URL: f.smtp.url, MDOC_FAILPOINT: failpoint, MDOC_FAILPOINT_SKIP: '1', LEASE_MS: '300' },
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Messages the stand-in holds, per notification ID in their metadata. */
function postsPerNotification(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of f.slack.callsOf('chat.postMessage')) {
    const id = call.args.metadata?.event_payload?.notification_id;
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('a process killed in the middle of a delivery', () => {
  it.each(['delivery.before-call', 'delivery.after-call', 'delivery.before-commit'] as const)(
    'at %s: every notification is delivered, no message is shown twice, a resent mail keeps its Message-ID',
    async (point) => {
      const c = await caseWithTransition();
      let kills = 0;
      for (let run = 0; run < 40; run++) {
        const exit = await runChild(point);
        if (exit.code === 0) break;
        expect(exit.signal).toBe('SIGKILL');
        kills++;
        await new Promise((r) => setTimeout(r, 350)); // the dead process's claim expires
      }
      expect(kills).toBeGreaterThan(3);
      const rows = await f.prisma.notification.findMany({ where: { caseId: c.id, kind: { not: 'overdue' } } }) // the overdue reminder waits for its deadline;
      expect(rows.filter((r) => !r.deliveredAt || r.deadAt)).toEqual([]);
      const posts = postsPerNotification();
      const postKinds = rows.filter((r) => ['card.post', 'dm.post', 'thread.reply', 'dm.reply'].includes(r.kind));
      for (const r of postKinds) expect(posts.get(String(r.id)), `${r.kind} #${r.id}`).toBe(1);
      const mails = f.smtp.mails.filter((m) => m.to.includes(`f${opened}@example.jp`));
      expect(mails.length).toBeGreaterThanOrEqual(1);
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(1);
      if (point !== 'delivery.before-call') expect(rows.some((r) => r.attempts > 1)).toBe(true);
    },
    120_000,
  );
});

describe('a mail taken from the desk mailbox, its deliverer killed right after each Slack call', () => {
  it('is posted once and its files uploaded once, the upload found again after a kill between the upload and the commit', async () => {
    // The fixture's sender (Hanako@Example.NE.JP) is the case's applicant: its mail is told to the requester too.
    const c = await caseWithTransition('UREQ', 'hanako@example.ne.jp');
    await drain(worker('w-before-mail'));
    const take = standInTaker(f.prisma, f.cases);
    const raw = await readFile('test/fixtures/mail/shiftjis-attachment.eml');
    const mail = raw.toString('latin1').replace(/^Subject: .*$/m, `Subject: [${c.key}] forms`);
    expect(await take({ sourceKey: 'file:crash-test', raw: Buffer.from(mail, 'latin1'), size: raw.length, origin: 'crash-test.eml' })).toEqual({ taken: true });
    const uploadsBefore = f.slack.callsOf('files.completeUploadExternal').length;
    let kills = 0;
    for (let run = 0; run < 20; run++) {
      const exit = await runChild('delivery.after-call');
      if (exit.code === 0) break;
      kills++;
      await new Promise((r) => setTimeout(r, 350));
    }
    // The first run lets the thread post pass and dies right after the upload, before its commit.
    expect(kills).toBeGreaterThanOrEqual(1);
    const rows = await f.prisma.notification.findMany({ where: { caseId: c.id, kind: { in: ['inbound.post', 'files.upload', 'dm.inbound'] } } });
    expect(rows.map((r) => r.kind).sort()).toEqual(['dm.inbound', 'files.upload', 'inbound.post']);
    expect(rows.every((r) => r.deliveredAt)).toBe(true);
    expect(rows.find((r) => r.kind === 'files.upload')!.attempts).toBeGreaterThan(1);
    const posts = postsPerNotification();
    for (const r of rows.filter((r) => r.kind !== 'files.upload')) expect(posts.get(String(r.id)), r.kind).toBe(1);
    expect(f.slack.callsOf('files.completeUploadExternal').length - uploadsBefore).toBe(1);
  }, 60_000);
});

describe('rate limits', () => {
  it('paces chat.postMessage per channel so that Slack answers no 429', async () => {
    // The pacer keeps a margin over Slack's interval: a cold first call can arrive late and its successor on time.
    const w = worker('w-paced', { intervals: { 'chat.postMessage': 450 }, maxWaitMs: 1_000 });
    await drain(w);
    f.slack.paceMs = 200;
    f.slack.rateLimited = 0;
    const before = f.slack.callsOf('chat.postMessage').length;
    for (let i = 0; i < 3; i++) await caseWithTransition();
    await drain(w);
    const posts = f.slack.callsOf('chat.postMessage').slice(before).filter((c) => c.args.channel === 'C0REVIEW');
    expect(posts.length).toBe(6); // per case: the card and one thread reply
    expect(f.slack.rateLimited).toBe(0);
    for (let i = 1; i < posts.length; i++) expect(posts[i]!.at - posts[i - 1]!.at).toBeGreaterThanOrEqual(200);
    f.slack.paceMs = 0;
  });

  it('honours a 429 for its method and channel only, without holding back other channels', async () => {
    const w = worker('w-429', { intervals: { 'chat.postMessage': 1 }, maxWaitMs: 5_000 });
    await drain(w);
    f.slack.fail('chat.postMessage', { status: 429, retryAfter: 2, channel: 'C0REVIEW' }, 1);
    const c = await caseWithTransition();
    const started = Date.now();
    await drain(w);
    const mine = f.slack.callsOf('chat.postMessage').filter((call) => call.at >= started);
    const dm = mine.find((call) => call.args.channel !== 'C0REVIEW' && !call.args.thread_ts)!;
    const card = mine.find((call) => call.args.channel === 'C0REVIEW' && !call.args.thread_ts && String(call.args.text).startsWith(c.key))!;
    expect(dm.at - started).toBeLessThan(1_000);
    expect(card.at - started).toBeGreaterThanOrEqual(1_900);
    const row = await f.prisma.notification.findFirstOrThrow({ where: { caseId: c.id, kind: 'card.post' } });
    expect(row.lastError).toBeNull();
    expect(row.deliveredAt).not.toBeNull();
  });
});

describe('coalescing', () => {
  it('turns several queued updates of one card into one chat.update of its latest state', async () => {
    const w = worker('w-coalesce');
    await drain(w);
    const c = await caseWithTransition();
    await applyAction({ cases: f.cases }, { caseKey: c.key, expectedVersion: 2, actionId: 'record_submission', actor: { userId: 'UREQ', roles: new Set() } });
    await applyAction({ cases: f.cases }, { caseKey: c.key, expectedVersion: 3, actionId: 'accept', actor: reviewer });
    const before = f.slack.callsOf('chat.update').length;
    await drain(w);
    const card = await f.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    const updates = f.slack.callsOf('chat.update').slice(before).filter((u) => u.args.ts === card.cardTs);
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0]!.args.blocks)).toContain('(2)-c 承認');
    const replies = f.slack.callsOf('chat.postMessage').filter((p) => p.args.thread_ts === card.cardTs);
    expect(replies.map((r) => String(r.args.text).slice(0, 5))).toEqual(['(2)-a', '(2)-b', '(2)-c']);
  });
});

describe('a notification that cannot be delivered', () => {
  it('stops at once when the mail server refuses the address', async () => {
    const w = worker('w-refused');
    await drain(w);
    const c = await caseWithTransition('UREQ', 'refused@example.jp');
    await drain(w);
    const mail = await f.prisma.notification.findFirstOrThrow({ where: { caseId: c.id, kind: 'mail' } });
    expect(mail.deadAt).not.toBeNull();
    expect(mail.attempts).toBe(1);
    expect(mail.lastError).toContain('no such user');
  });

  it('dies at once on a permanent error and is announced in the reviewer channel', async () => {
    const w = worker('w-dead');
    await drain(w);
    f.slack.fail('conversations.open', { error: 'user_not_found' }, 1);
    const c = await caseWithTransition('UGONE');
    await drain(w);
    const dead = await f.prisma.notification.findFirstOrThrow({ where: { caseId: c.id, kind: 'dm.post' } });
    expect(dead.deadAt).not.toBeNull();
    expect(dead.attempts).toBe(1);
    const notice = f.slack.callsOf('chat.postMessage').find((p) => p.args.channel === 'C0REVIEW' && String(p.args.text).includes(`#${dead.id}`));
    expect(String(notice?.args.text)).toContain('user_not_found');
    expect(String(notice?.args.text)).toContain('/mdoc admin retry-dead');
    // The DM stream's later notifications go on being tried after the dead head.
    expect(await f.prisma.notification.count({ where: { caseId: c.id, stream: `dm:${c.id}`, deliveredAt: null, deadAt: null } })).toBe(0);

    expect(await createOutboxRepository(f.prisma).retryDead()).toBeGreaterThanOrEqual(1);
    await drain(w);
    expect((await f.prisma.notification.findUniqueOrThrow({ where: { id: dead.id } })).deliveredAt).not.toBeNull();
  });
});
