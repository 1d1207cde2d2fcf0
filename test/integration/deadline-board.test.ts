// The queries behind Home, the daily digest and the export, on a real Postgres and a fixed clock: who a
// case waits on, how cases are grouped against their deadlines, in which order, and the export's pages.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseRepository, type CaseRepository } from '../../src/cases/case-repository.js';
import { createPrisma, type PrismaClient } from '../../src/db/prisma.js';
import type { ScratchDatabase } from '../../src/db/scratch-database.js';
import { freshDatabase } from '../helpers/database.js';

const jst = (local: string) => new Date(`${local}+09:00`);
const NOW = jst('2026-11-30T10:00:00'); // Monday: due soon reaches Wednesday 12/02

let db: ScratchDatabase;
let prisma: PrismaClient;
let cases: CaseRepository;

/** A case at `step`, requested by `requester`, due on `due` (end of that Tokyo day), or without a deadline. */
async function seed(client: pg.Client, id: number, step: string, requester: string, due?: string, closed = false) {
  await client.query(
    `INSERT INTO cases (id, key, procedure, step, closed, requester_id, org_name, corporate_number, applicant_email, fields, step_since, due_date, overdue_at)
     VALUES ($1, $2, 'usage', $3, $4, $5, 'org', '4011001098993', 'a@example.jp', '{"org_name":"org"}', $6, $7::date, ($7::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo')`,
    [id, `MDOC-${String(id).padStart(4, '0')}`, step, closed, requester, jst(`2026-11-${String(10 + id).padStart(2, '0')}T09:00:00`), due ?? null],
  );
}

beforeAll(async () => {
  db = await freshDatabase();
  const client = new pg.Client(db.url);
  await client.connect();
  await seed(client, 1, '(2)-b', 'UA', '2026-11-27'); // agency, overdue
  await seed(client, 2, '(2)-c', 'UA', '2026-12-02'); // agency, due soon (the last such day)
  await seed(client, 3, '(2)-b', 'UB', '2026-12-03'); // agency, later
  await seed(client, 4, '(2)-b', 'UB'); // agency, no deadline
  await seed(client, 5, '(2)-a', 'UA'); // applicant step of UA's case
  await seed(client, 6, '(2)-a', 'UB'); // applicant step of UB's case
  await seed(client, 7, '(3)-d', 'UB', '2026-11-30'); // operator, due today: soon
  await seed(client, 8, '(2)-b', 'UA', '2026-11-01', true); // closed: never waiting
  await client.query(`INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id) VALUES (4, 1, '(1)-a', '(1)-b', 'open', 'UB'), (7, 1, '(1)-a', '(1)-b', 'open', 'UB'), (7, 2, '(1)-b', '(2)-a', 'send_documents', 'UR')`);
  await client.end();
  prisma = createPrisma(db.url, 4);
  cases = createCaseRepository(prisma, () => NOW);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const keys = (board: { cases: { key: string }[] }) => board.cases.map((c) => c.key);

describe('what waits on whom', () => {
  it('gives a reviewer every open case at an agency step, overdue first, then by due date, then the longest waiting', async () => {
    const board = await cases.waitingOn({ lanes: ['agency'], requesterId: 'UX' }, 10);
    expect(keys(board)).toEqual(['MDOC-0001', 'MDOC-0002', 'MDOC-0003', 'MDOC-0004']);
    expect(board.counts).toEqual({ overdue: 1, due_soon: 1, other: 2 });
  });

  it('gives a requester the applicant steps of their own cases only', async () => {
    const board = await cases.waitingOn({ lanes: [], requesterId: 'UA' }, 10);
    expect(keys(board)).toEqual(['MDOC-0005']);
    expect(board.counts).toEqual({ overdue: 0, due_soon: 0, other: 1 });
  });

  it('counts every case of a group even when it shows fewer', async () => {
    const board = await cases.waitingOn({ lanes: ['agency', 'operator'], requesterId: 'UB' }, 2);
    expect(keys(board)).toEqual(['MDOC-0001', 'MDOC-0007']);
    expect(board.counts).toEqual({ overdue: 1, due_soon: 2, other: 3 });
  });
});

describe('the digest', () => {
  it('lists open cases overdue or due within two business days, nothing else', async () => {
    const board = await cases.dueSoonBoard(10);
    expect(keys(board)).toEqual(['MDOC-0001', 'MDOC-0007', 'MDOC-0002']);
    expect(board.counts).toEqual({ overdue: 1, due_soon: 2, other: 0 });
  });
});

describe('/mdoc list overdue', () => {
  it('selects the open cases past their deadline', async () => {
    const { cases: found } = await cases.list({ includeClosed: false, overdue: true }, 0, 20);
    expect(found.map((c) => c.key)).toEqual(['MDOC-0001']);
  });
});

describe('/mdoc search', () => {
  it('matches the typed text literally: % and _ are no wildcards', async () => {
    await prisma.case.updateMany({ where: { id: 3 }, data: { orgName: '100%_株式会社' } });
    const search = async (text: string) => (await cases.list({ includeClosed: true, text }, 0, 20)).cases.map((c) => c.key);
    try {
      expect(await search('%_株')).toEqual(['MDOC-0003']);
      expect(await search('o%g')).toEqual([]);
      expect(await search('O_G')).toEqual([]);
      expect(await search('ORG')).toHaveLength(7);
    } finally {
      await prisma.case.updateMany({ where: { id: 3 }, data: { orgName: 'org' } });
    }
  });
});

describe('the export', () => {
  it('reads every selected case once, a page at a time, in ID order, each with its transitions', async () => {
    const pages = [];
    for await (const page of cases.exportPages({ includeClosed: true }, 3)) pages.push(page);
    expect(pages.map((p) => keys(p))).toEqual([
      ['MDOC-0001', 'MDOC-0002', 'MDOC-0003'],
      ['MDOC-0004', 'MDOC-0005', 'MDOC-0006'],
      ['MDOC-0007', 'MDOC-0008'],
    ]);
    expect(pages.map((p) => p.transitions.map(({ case: c, transition: t }) => `${c.key}@${t.version}`))).toEqual([[], ['MDOC-0004@1'], ['MDOC-0007@1', 'MDOC-0007@2']]);
    const open = [];
    for await (const page of cases.exportPages({ includeClosed: false, overdue: true }, 3)) open.push(...keys(page));
    expect(open).toEqual(['MDOC-0001']);
  });
});
