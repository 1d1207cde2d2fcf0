// Which claims are free to take (issue #12): a claim of a worker whose heartbeat is fresh holds until its
// lease runs out; one whose worker stopped beating is free at once; one whose worker has no row waits for
// its lease. A started worker beats; a stopped one removes its row.
import { describe, expect, it } from 'vitest';
import { openCase } from '../../src/cases/open-case.js';
import { createOutboxRepository } from '../../src/outbox/outbox-repository.js';
import { createStandInWorker } from '../helpers/outbox-worker.js';
import { useStoreFixture } from '../helpers/store-fixture.js';
import { waitFor } from '../helpers/wait-for.js';

const f = useStoreFixture();
let opened = 0;

async function newCase() {
  opened++;
  const result = await openCase({ cases: f.cases }, {
    procedureId: 'usage',
    requesterId: 'UREQ',
    form: { category: 'private', org_name: `生存確認${opened}`, corporate_number: '4011001098993', department: '部', contact_name: '名', phone: '03-1234-5678', email: `l${opened}@example.jp`, usage_mode: 'remote', krl_proxy: 'no' },
  });
  if (result.kind !== 'opened') throw new Error('intake refused');
  return result.case;
}

async function workerRows(): Promise<{ workerId: string; ageMs: number }[]> {
  return f.prisma.$queryRaw`SELECT worker_id AS "workerId", (extract(epoch FROM now() - beat_at) * 1000)::float8 AS "ageMs" FROM outbox_workers ORDER BY worker_id`;
}

describe('claims and heartbeats', () => {
  it('keeps a live worker\'s claim, frees a silent worker\'s at once, and leaves a rowless one to its lease', async () => {
    const outbox = createOutboxRepository(f.prisma);
    const c = await newCase();

    await outbox.beat('w-live', 'host', 1);
    const held = await outbox.claim('w-live', 10, 60_000, 6_000);
    expect(held.some((n) => n.caseId === c.id)).toBe(true);
    expect(await outbox.claim('w-other', 10, 60_000, 6_000)).toEqual([]);

    // Seven seconds without a beat: dead.
    await f.prisma.$executeRaw`UPDATE outbox_workers SET beat_at = now() - interval '7 seconds' WHERE worker_id = 'w-live'`;
    const taken = await outbox.claim('w-other', 10, 60_000, 6_000);
    expect(taken.map((n) => n.id).sort()).toEqual(held.map((n) => n.id).sort());
    expect(taken.every((n) => n.attempts === 2)).toBe(true);

    // No heartbeat row at all (a snapshot may be too old to see a new one): the lease decides.
    await outbox.release('w-other');
    const rowless = await outbox.claim('w-rowless', 10, 300, 6_000);
    expect(rowless.length).toBe(held.length);
    expect(await outbox.claim('w-other', 10, 60_000, 6_000)).toEqual([]);
    await new Promise((r) => setTimeout(r, 350));
    expect((await outbox.claim('w-other', 10, 60_000, 6_000)).length).toBe(held.length);
    await outbox.release('w-other');
    await f.prisma.$executeRaw`DELETE FROM outbox_workers`;
  });

  it('beats while a worker runs, and a stopped worker hands back its claims and removes its row', async () => {
    const w = createStandInWorker({ prisma: f.prisma, slackUrl: f.slack.url, smtpUrl: f.smtp.url, workerId: 'w-beating', pollMs: 20 });
    w.start();
    await waitFor(async () => (await workerRows()).some((r) => r.workerId === 'w-beating'), 'the first beat');
    await newCase();
    await waitFor(async () => (await createOutboxRepository(f.prisma).dueSoonCount()) === 0, 'the outbox to drain');
    await new Promise((r) => setTimeout(r, 2_300));
    const [row] = await workerRows();
    expect(row!.ageMs).toBeLessThan(2_000);
    await w.stop();
    expect(await workerRows()).toEqual([]);
  });
});
