// The case store and the outbox on a real Postgres: one transaction per transition, the version check
// under concurrency, the append-only record, delivery after Slack and SMTP failures, and a restart.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyAction } from '../../src/cases/apply-action.js';
import { openCase } from '../../src/cases/open-case.js';
import { applyMigrations } from '../../src/db/schema-engine.js';
import { createOutboxRepository } from '../../src/outbox/outbox-repository.js';
import type { Actor } from '../../src/workflow/authorize.js';
import { useStoreFixture } from '../helpers/store-fixture.js';
import { createStandInWorker, drainWith } from '../helpers/outbox-worker.js';

const reviewer: Actor = { userId: 'UREV', roles: new Set(['reviewer']) };
const INTAKE = {
  category: 'private',
  org_name: '株式会社ストア',
  corporate_number: '4011001098993',
  department: '開発部',
  contact_name: '田中',
  phone: '03-1234-5678',
  email: 'store@example.co.jp',
  usage_mode: 'remote',
  krl_proxy: 'no',
};

const f = useStoreFixture();

async function newCase() {
  const result = await openCase({ cases: f.cases }, { procedureId: 'usage', requesterId: 'UREQ', form: INTAKE });
  if (result.kind !== 'opened') throw new Error('intake refused');
  return result.case;
}

function worker(workerId: string) {
  return createStandInWorker({ prisma: f.prisma, slackUrl: f.slack.url, smtpUrl: f.smtp.url, workerId });
}

const drain = (w: ReturnType<typeof worker>) => drainWith(f.prisma, w);

describe('migrations', () => {
  it('apply once on a fresh database and then find nothing to do', async () => {
    expect(await applyMigrations(f.db.url)).toEqual([]);
    const client = new pg.Client(f.db.url);
    await client.connect();
    const { rows } = await client.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
    await client.end();
    expect(rows.length).toBeGreaterThan(0);
  });

  it('make the transition record append-only: a raw UPDATE or DELETE fails', async () => {
    const c = await newCase();
    const client = new pg.Client(f.db.url);
    await client.connect();
    try {
      await expect(client.query(`UPDATE transitions SET actor_id = 'UEVIL' WHERE case_id = $1`, [c.id])).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM transitions WHERE case_id = $1`, [c.id])).rejects.toThrow(/append-only/);
      const { rows } = await client.query(`SELECT actor_id FROM transitions WHERE case_id = $1`, [c.id]);
      expect(rows).toEqual([{ actor_id: 'UREQ' }]);
    } finally {
      await client.end();
    }
  });
});

describe('a transition', () => {
  it('writes the case, the transition row and its notifications together', async () => {
    const c = await newCase();
    const result = await applyAction({ cases: f.cases, operatorEmail: 'ops@example.jp' }, { caseKey: c.key, expectedVersion: 1, actionId: 'send_documents', actor: reviewer });
    expect(result.kind).toBe('applied');
    const row = await f.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ step: '(2)-a', version: 2 });
    const transitions = await f.prisma.transition.findMany({ where: { caseId: c.id }, orderBy: { version: 'asc' } });
    expect(transitions.map((t) => [t.version, t.fromStep, t.toStep, t.action, t.actorId])).toEqual([
      [1, '(1)-a', '(1)-b', 'open', 'UREQ'],
      [2, '(1)-b', '(2)-a', 'send_documents', 'UREV'],
    ]);
    const kinds = (await f.prisma.notification.findMany({ where: { caseId: c.id }, orderBy: { id: 'asc' } })).map((n) => n.kind);
    // (1)-b has a target of 3 business days, so opening the case also schedules its overdue reminder;
    // each change also refreshes the Home tabs of those who see the case.
    expect(kinds).toEqual(['card.post', 'dm.post', 'overdue', 'home.fanout', 'thread.reply', 'card.update', 'dm.reply', 'dm.update', 'mail', 'home.fanout']);
  });

  it('writes nothing when any part of it fails', async () => {
    const c = await newCase();
    const before = await f.prisma.notification.count({ where: { caseId: c.id } });
    await expect(
      f.cases.commitTransition({
        caseId: c.id,
        expectedVersion: 1,
        next: { ...c, step: '(2)-a', version: 2 },
        record: { fromStep: '(1)-b', toStep: '(2)-a', action: 'send_documents', actorId: 'UREV', comment: null, data: {} },
        clock: { since: new Date() },
        // The outbox insert violates NOT NULL, so the transaction fails after the case and transition writes.
        notifications: [{ stream: null as never, kind: 'mail', payload: {} }],
      }),
    ).rejects.toThrow();
    expect(await f.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ step: '(1)-b', version: 1 });
    expect(await f.prisma.transition.count({ where: { caseId: c.id } })).toBe(1);
    expect(await f.prisma.notification.count({ where: { caseId: c.id } })).toBe(before);
  });

  it('is applied once when twenty clicks race for the same version', async () => {
    const c = await newCase();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        applyAction({ cases: f.cases, operatorEmail: 'ops@example.jp' }, { caseKey: c.key, expectedVersion: 1, actionId: 'send_documents', actor: { userId: `UREV${i}`, roles: new Set(['reviewer']) } }),
      ),
    );
    const applied = results.filter((r) => r.kind === 'applied');
    expect(applied).toHaveLength(1);
    const stale = results.filter((r) => r.kind === 'stale');
    expect(stale).toHaveLength(19);
    const winner = applied[0]!.kind === 'applied' ? applied[0]!.record.actorId : '';
    for (const r of stale) expect(r.kind === 'stale' && r.doneBy?.actorId).toBe(winner);
    expect(await f.prisma.transition.count({ where: { caseId: c.id } })).toBe(2);
    expect(await f.prisma.notification.count({ where: { caseId: c.id, kind: 'mail' } })).toBe(1);
    expect(await f.prisma.notification.count({ where: { caseId: c.id, kind: 'thread.reply' } })).toBe(1);
  });
});

describe('the outbox', () => {
  it('delivers in order after Slack and SMTP fail for a while', async () => {
    const w = worker('w-faults');
    await drain(w); // what earlier tests left, so that the faults below hit this case
    const c = await newCase();
    await applyAction({ cases: f.cases }, { caseKey: c.key, expectedVersion: 1, actionId: 'send_documents', actor: reviewer });
    f.slack.fail('chat.postMessage', { status: 503 }, 3);
    f.slack.fail('chat.update', { error: 'internal_error' }, 2);
    f.smtp.refuseNext = 2;
    await drain(w);
    const posts = f.slack.callsOf('chat.postMessage').filter((p) => String(p.args.text).includes(c.key) || p.args.thread_ts);
    const card = posts.find((p) => p.args.channel === 'C0REVIEW' && !p.args.thread_ts && String(p.args.text).startsWith(c.key))!;
    const reply = f.slack.callsOf('chat.postMessage').find((p) => p.args.thread_ts && String(p.args.text).includes(c.key) && p.args.channel === 'C0REVIEW')!;
    expect(card).toBeDefined();
    expect(reply.at).toBeGreaterThanOrEqual(card.at);
    const mails = f.smtp.mails.filter((m) => m.subject.includes(c.key));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.messageId).toMatch(/^<notification-\d+\.MDOC-\d+\.[A-Za-z0-9_-]{22}@mdoc-desk>$/);
    const rows = await f.prisma.notification.findMany({ where: { caseId: c.id, kind: { not: 'overdue' } } }) // the overdue reminder waits for its deadline;
    expect(rows.filter((r) => !r.deliveredAt || r.deadAt)).toEqual([]);
    expect(rows.every((r) => r.deliveredAt && !r.deadAt)).toBe(true);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
  });

  it('stops at once on an error that cannot succeed, and keeps the rest of the stream going', async () => {
    const c = await newCase();
    // Aimed at the reviewer channel: the DM root of the same case is posted in the same batch.
    f.slack.fail('chat.postMessage', { error: 'channel_not_found', channel: 'C0REVIEW' }, 1);
    const w = worker('w-dead');
    await drain(w);
    const card = await f.prisma.notification.findFirstOrThrow({ where: { caseId: c.id, kind: 'card.post' } });
    expect(card.deadAt).not.toBeNull();
    expect(card.attempts).toBe(1);
    expect(card.lastError).toBe('channel_not_found');
  });

  it('is delivered by a new process after the old one died holding a claim', async () => {
    const c = await newCase();
    const outbox = createOutboxRepository(f.prisma);
    // The old process claims the card and dies before delivering it.
    const claimed = await outbox.claim('w-died', 10, 200);
    expect(claimed.some((n) => n.caseId === c.id)).toBe(true);
    const fresh = worker('w-restarted');
    expect(await fresh.runOnce()).toBe(0); // still leased to the dead worker
    await new Promise((r) => setTimeout(r, 250));
    await drain(fresh);
    const card = f.slack.callsOf('chat.postMessage').filter((p) => !p.args.thread_ts && String(p.args.text).startsWith(c.key) && p.args.channel === 'C0REVIEW');
    expect(card).toHaveLength(1);
  });

  it('lets two workers share the table without delivering anything twice', async () => {
    const opened = await Promise.all(Array.from({ length: 6 }, () => newCase()));
    for (const c of opened) await applyAction({ cases: f.cases }, { caseKey: c.key, expectedVersion: 1, actionId: 'send_documents', actor: reviewer });
    const before = f.slack.calls.length;
    const mailsBefore = f.smtp.mails.length;
    const a = worker('w-a');
    const b = worker('w-b');
    await Promise.all([drain(a), drain(b)]);
    const calls = f.slack.calls.slice(before).filter((call) => call.method === 'chat.postMessage');
    const keys = calls.map((call) => `${call.args.channel}|${call.args.thread_ts ?? ''}|${call.args.text}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Each case: card, DM root, thread reply, DM reply.
    expect(calls).toHaveLength(opened.length * 4);
    expect(f.smtp.mails.length - mailsBefore).toBe(opened.length);
  });
});
