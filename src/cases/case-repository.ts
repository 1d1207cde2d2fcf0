// Cases, their transitions and the outbox rows written with them: reads through Prisma, writes as SQL on
// the pg pool Prisma shares (see below why).
import type pg from 'pg';
import { poolOf } from '../db/prisma.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { CaseSnapshot, TransitionRecord } from '../workflow/transition.js';
import { caseKey, type CaseRecord, type TransitionRow } from './case.js';
import { stepsOfLane, type CaseFilter } from './case-filter.js';
import type { NotificationDraft } from './notifications.js';

type CaseRow = Prisma.CaseGetPayload<object>;
type TransitionDbRow = Prisma.TransitionGetPayload<object>;

export interface NewCase {
  procedure: string;
  snapshot: CaseSnapshot;
  record: TransitionRecord;
  orgName: string;
  corporateNumber: string;
  applicantEmail: string;
  /** Identifies the submission; creating twice with one key returns the first case. */
  intakeKey?: string;
  notifications: (caseId: number) => NotificationDraft[];
}

export interface CommitTransition {
  caseId: number;
  expectedVersion: number;
  next: CaseSnapshot;
  record: TransitionRecord;
  notifications: NotificationDraft[];
}

function toCase(row: CaseRow): CaseRecord {
  return { ...row, fields: row.fields as CaseRecord['fields'] };
}

function toTransition(row: TransitionDbRow): TransitionRow {
  const { version, fromStep, toStep, action, actorId, comment, createdAt } = row;
  return { version, fromStep, toStep, action, actorId, comment, createdAt, data: row.data as TransitionRow['data'] };
}

// The statements of a transition run on every click, on plain pg from the pool Prisma shares: Prisma's
// per-query and interactive-transaction overhead cost several times the statements themselves
// (docs/benchmarks.md).
async function enqueue(client: pg.PoolClient, caseId: number, drafts: NotificationDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  // `ord` keeps the drafts' order in the ids, which is the delivery order within a stream.
  const rows = drafts.map((d, ord) => ({ ord, case_id: d.caseId ?? caseId, stream: d.stream, kind: d.kind, payload: d.payload, next_attempt_at: d.notBefore?.toISOString() ?? null }));
  await client.query(
    `INSERT INTO notifications (case_id, stream, kind, payload, next_attempt_at)
     SELECT case_id, stream, kind, payload, coalesce(next_attempt_at, now())
     FROM jsonb_to_recordset($1::jsonb) AS x(ord int, case_id int, stream text, kind text, payload jsonb, next_attempt_at timestamptz)
     ORDER BY ord`,
    [JSON.stringify(rows)],
  );
}

/** BEGIN … COMMIT on one pooled connection; ROLLBACK on any error, or when `work` returns undefined. */
async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T | undefined>): Promise<T | undefined> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query(result === undefined ? 'ROLLBACK' : 'COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function appendTransition(client: pg.PoolClient, caseId: number, version: number, r: TransitionRecord): Promise<void> {
  await client.query(
    `INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, comment, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [caseId, version, r.fromStep, r.toStep, r.action, r.actorId, r.comment, JSON.stringify(r.data)],
  );
}

function whereOf(filter: CaseFilter): Prisma.CaseWhereInput {
  const and: Prisma.CaseWhereInput[] = [];
  if (!filter.includeClosed) and.push({ closed: false });
  if (filter.procedure) and.push({ procedure: filter.procedure });
  if (filter.step) and.push({ step: filter.step });
  if (filter.lane) and.push({ OR: stepsOfLane(filter.lane).map((s) => ({ procedure: s.procedure, step: s.step })) });
  if (filter.text) {
    const digits = filter.text.replace(/[\s-]/g, '');
    and.push({ OR: [{ orgName: { contains: filter.text, mode: 'insensitive' } }, ...(/^\d+$/.test(digits) ? [{ corporateNumber: { contains: digits } }] : [])] });
  }
  return { AND: and };
}

export function createCaseRepository(prisma: PrismaClient) {
  const pool = poolOf(prisma);
  return {
    /** Inserts the case, its opening transition and its first notifications, all or nothing. */
    async create(input: NewCase): Promise<CaseRecord> {
      if (input.intakeKey) {
        const existing = await prisma.case.findUnique({ where: { intakeKey: input.intakeKey } });
        if (existing) return toCase(existing);
      }
      const created = await inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('cases', 'id'))::int AS id`);
        const id = rows[0]!.id;
        const snapshot = input.snapshot;
        await client.query(
          `INSERT INTO cases (id, key, procedure, step, version, closed, requester_id, intake_key, org_name, corporate_number, applicant_email, fields)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)`,
          [id, caseKey(id), input.procedure, snapshot.step, snapshot.version, snapshot.closed, snapshot.requesterId, input.intakeKey ?? null, input.orgName, input.corporateNumber, input.applicantEmail, JSON.stringify(snapshot.fields)],
        );
        await appendTransition(client, id, snapshot.version, input.record);
        await enqueue(client, id, input.notifications(id));
        return id;
      });
      const row = await prisma.case.findUniqueOrThrow({ where: { id: created! } });
      return toCase(row);
    },

    /**
     * The transition in one transaction: claim the expected version (exactly one row must change),
     * append the transition, enqueue its notifications. 'stale' when someone else moved the case first.
     */
    async commitTransition(input: CommitTransition): Promise<'ok' | 'stale'> {
      const outcome = await inTransaction(pool, async (client) => {
        const claimed = await client.query(
          `UPDATE cases SET step = $1, version = $2, closed = $3, fields = $4::jsonb, updated_at = now() WHERE id = $5 AND version = $6`,
          [input.next.step, input.next.version, input.next.closed, JSON.stringify(input.next.fields), input.caseId, input.expectedVersion],
        );
        if (claimed.rowCount !== 1) return undefined;
        await appendTransition(client, input.caseId, input.next.version, input.record);
        await enqueue(client, input.caseId, input.notifications);
        return 'ok' as const;
      });
      return outcome ?? 'stale';
    },

    /** Every case a filter selects, and all their transitions, for the CSV export. */
    async exportRows(filter: CaseFilter): Promise<{ cases: CaseRecord[]; transitions: { case: CaseRecord; transition: TransitionRow }[] }> {
      const rows = await prisma.case.findMany({ where: whereOf(filter), orderBy: { id: 'asc' }, include: { transitions: { orderBy: { version: 'asc' } } } });
      const cases = rows.map(toCase);
      return { cases, transitions: rows.flatMap((row, i) => row.transitions.map((t) => ({ case: cases[i]!, transition: toTransition(t) }))) };
    },

    async findByKey(key: string): Promise<CaseRecord | undefined> {
      const row = await prisma.case.findUnique({ where: { key } });
      return row ? toCase(row) : undefined;
    },

    async findById(id: number): Promise<CaseRecord | undefined> {
      const row = await prisma.case.findUnique({ where: { id } });
      return row ? toCase(row) : undefined;
    },

    async transitionAt(caseId: number, version: number): Promise<TransitionRow | undefined> {
      const row = await prisma.transition.findUnique({ where: { caseId_version: { caseId, version } } });
      return row ? toTransition(row) : undefined;
    },

    async history(caseId: number): Promise<TransitionRow[]> {
      const rows = await prisma.transition.findMany({ where: { caseId }, orderBy: { version: 'asc' } });
      return rows.map(toTransition);
    },

    /** Open usage cases that named this certification case as theirs. */
    async findLinkedUsageCases(certificationKey: string): Promise<CaseRecord[]> {
      const rows = await prisma.case.findMany({ where: { closed: false, procedure: 'usage', fields: { path: ['linked_certification'], equals: certificationKey } } });
      return rows.map(toCase);
    },

    /** One page of the cases a filter selects, newest activity first, and how many there are in all. */
    async list(filter: CaseFilter, page: number, pageSize: number): Promise<{ cases: CaseRecord[]; total: number }> {
      const where = whereOf(filter);
      const [rows, total] = await Promise.all([
        prisma.case.findMany({ where, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], skip: page * pageSize, take: pageSize }),
        prisma.case.count({ where }),
      ]);
      return { cases: rows.map(toCase), total };
    },

    async setCardMessage(caseId: number, channel: string, ts: string): Promise<void> {
      await prisma.case.update({ where: { id: caseId }, data: { cardChannel: channel, cardTs: ts } });
    },

    async setDmMessage(caseId: number, channel: string, ts: string): Promise<void> {
      await prisma.case.update({ where: { id: caseId }, data: { dmChannel: channel, dmTs: ts } });
    },
  };
}

export type CaseRepository = ReturnType<typeof createCaseRepository>;
