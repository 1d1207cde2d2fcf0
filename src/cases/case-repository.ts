// Cases, their transitions and the outbox rows written with them, in plain SQL on the pg pool that Prisma
// shares. Prisma owns the schema and the migrations; at run time its query engine would cost the process
// several times these statements, and tens of megabytes of memory (docs/benchmarks.md).
import type pg from 'pg';
import { poolOf } from '../db/prisma.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { CaseSnapshot, TransitionRecord } from '../workflow/transition.js';
import { caseKey, type CaseRecord, type TransitionRow } from './case.js';
import { stepsOfLane, type CaseFilter } from './case-filter.js';
import { dueSoonUntil, type DeadlineStanding, type StepClock } from '../workflow/deadlines.js';
import type { Lane } from '../workflow/types.js';
import type { NotificationDraft } from './notifications.js';
import { fileColumns, type IncomingFile } from './case-files.js';
import { inTransaction } from '../db/transaction.js';
import type { MissingDocument, PlannedAttachment } from '../documents/attachment-plan.js';
import { assignInbound } from '../inbound/inbound-repository.js';
import { ENQUEUE_SELECT, enqueueDrafts, notificationRows } from '../outbox/enqueue.js';


export interface NewCase {
  procedure: string;
  snapshot: CaseSnapshot;
  record: TransitionRecord;
  clock: StepClock;
  orgName: string;
  corporateNumber: string;
  applicantEmail: string;
  /** Identifies the submission; creating twice with one key returns the first case. */
  intakeKey?: string;
  /** The mail the case is opened from: it moves into the new case's thread, with these notifications. */
  adopt?: { inboundId: number; notifications: (caseId: number) => NotificationDraft[] };
  notifications: (caseId: number) => NotificationDraft[];
}

export interface CommitTransition {
  caseId: number;
  expectedVersion: number;
  next: CaseSnapshot;
  record: TransitionRecord;
  clock: StepClock;
  notifications: NotificationDraft[];
  /** Files brought by the step, stored with the transition's version. */
  files?: IncomingFile[];
}


/** A case row as CaseRecord, for the reads in plain SQL. */
const CASE_COLUMNS = `id, key, procedure, step, version, closed, requester_id AS "requesterId", fields,
  card_channel AS "cardChannel", card_ts AS "cardTs", dm_channel AS "dmChannel", dm_ts AS "dmTs",
  created_at AS "createdAt", updated_at AS "updatedAt", step_since AS "stepSince",
  to_char(due_date, 'YYYY-MM-DD') AS "dueDate", overdue_at AS "overdueAt"`;

/** A transition row as TransitionRow. */
const TRANSITION_COLUMNS = `version, from_step AS "fromStep", to_step AS "toStep", action, actor_id AS "actorId", comment, data, created_at AS "createdAt"`;

/** The step clock as the cases table stores it: step_since, due_date, overdue_at. */
const clockColumns = (clock: StepClock) => [clock.since.toISOString(), clock.deadline?.date ?? null, clock.deadline?.overdueAt.toISOString() ?? null];


// The statements of a transition run on every click, on plain pg from the pool Prisma shares: Prisma's
// per-query and interactive-transaction overhead cost several times the statements themselves
// (docs/benchmarks.md).
async function appendTransition(client: pg.PoolClient, caseId: number, version: number, r: TransitionRecord): Promise<void> {
  await client.query(
    `INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, comment, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [caseId, version, r.fromStep, r.toStep, r.action, r.actorId, r.comment, JSON.stringify(r.data)],
  );
}

/** A filter as SQL over the cases table, with its parameters numbered from `first`. */
function whereOf(filter: CaseFilter, now: Date, first = 1): { sql: string; params: unknown[] } {
  const and: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${first + params.push(value) - 1}`;
  if (filter.overdue) and.push(`overdue_at <= ${param(now)}`);
  if (!filter.includeClosed) and.push('NOT closed');
  if (filter.procedure) and.push(`procedure = ${param(filter.procedure)}`);
  if (filter.step) and.push(`step = ${param(filter.step)}`);
  if (filter.lane) {
    const pairs = stepsOfLane(filter.lane);
    and.push(`(procedure, step) IN (SELECT * FROM unnest(${param(pairs.map((p) => p.procedure))}::text[], ${param(pairs.map((p) => p.step))}::text[]))`);
  }
  if (filter.text) {
    const digits = filter.text.replace(/[\s-]/g, '');
    const name = `org_name ILIKE ${param(`%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`;
    and.push(/^\d+$/.test(digits) ? `(${name} OR corporate_number LIKE ${param(`%${digits}%`)})` : name);
  }
  return { sql: and.length ? and.join(' AND ') : 'true', params };
}

/** `now` is the clock "overdue" is judged by (tests fix it). */
/** Cases grouped against their deadlines: the first `limit` by urgency, and how many stand in each group. */
export interface DeadlineBoard {
  cases: CaseRecord[];
  counts: Record<DeadlineStanding, number>;
}

/** A mail of a case as `/mdoc status` shows it. */
export interface SentMail {
  version: number;
  to: string;
  subject: string;
  attachments: PlannedAttachment[];
  missing: MissingDocument[];
  deliveredAt: Date | null;
  dead: boolean;
}

/** Whom a person's Home shows as waiting on them: the lanes they hold, and the applicant steps of their own cases. */
export interface Waiting {
  lanes: Lane[];
  requesterId: string;
}

export function createCaseRepository(prisma: PrismaClient, now: () => Date = () => new Date()) {
  const pool = poolOf(prisma);

  /**
   * Open cases grouped by deadline: the most urgent first (overdue, then due soonest, then waiting
   * longest), at most `limit` of them, and the size of each group counted in one scan. `condition` is
   * SQL over the cases table whose parameters are written {1}, {2}, … for `params`.
   */
  async function deadlineBoard(condition: string, params: unknown[], limit: number): Promise<DeadlineBoard> {
    const at = now();
    const numbered = (offset: number) => condition.replace(/\{(\d+)\}/g, (_, i: string) => `$${Number(i) + offset}`);
    const [rows, counts] = await Promise.all([
      pool.query<CaseRecord>(
        `SELECT ${CASE_COLUMNS} FROM cases WHERE NOT closed AND (${numbered(0)})
         ORDER BY overdue_at ASC NULLS LAST, step_since ASC, id ASC LIMIT $${params.length + 1}`,
        [...params, limit],
      ),
      pool.query<{ overdue: number; due_soon: number; all: number }>(
        `SELECT count(*) FILTER (WHERE overdue_at <= $1)::int AS overdue,
                count(*) FILTER (WHERE overdue_at > $1 AND due_date <= $2::date)::int AS due_soon,
                count(*)::int AS all
         FROM cases WHERE NOT closed AND (${numbered(2)})`,
        [at, dueSoonUntil(at), ...params],
      ),
    ]);
    const c = counts.rows[0]!;
    return { cases: rows.rows, counts: { overdue: c.overdue, due_soon: c.due_soon, other: c.all - c.overdue - c.due_soon } };
  }

  /** The (procedure, step) pairs a lane acts at, as two parallel arrays for unnest(). */
  const lanePairs = (lanes: Lane[]) => {
    const pairs = lanes.flatMap(stepsOfLane);
    return [pairs.map((p) => p.procedure), pairs.map((p) => p.step)];
  };

  return {
    /** Inserts the case, its opening transition and its first notifications, all or nothing. */
    async create(input: NewCase): Promise<CaseRecord> {
      const existing = async () => {
        if (!input.intakeKey) return undefined;
        const { rows } = await pool.query<CaseRecord>(`SELECT ${CASE_COLUMNS} FROM cases WHERE intake_key = $1`, [input.intakeKey]);
        return rows[0];
      };
      const earlier = await existing();
      if (earlier) return earlier;
      const created = await inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('cases', 'id'))::int AS id`);
        const id = rows[0]!.id;
        const snapshot = input.snapshot;
        // Two submissions of one intake racing each other: the second inserts nothing and returns the first's case.
        const inserted = await client.query(
          `INSERT INTO cases (id, key, procedure, step, version, closed, requester_id, intake_key, org_name, corporate_number, applicant_email, fields, step_since, due_date, overdue_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15) ON CONFLICT (intake_key) DO NOTHING`,
          [id, caseKey(id), input.procedure, snapshot.step, snapshot.version, snapshot.closed, snapshot.requesterId, input.intakeKey ?? null, input.orgName, input.corporateNumber, input.applicantEmail, JSON.stringify(snapshot.fields), ...clockColumns(input.clock)],
        );
        if (inserted.rowCount !== 1) return undefined;
        await appendTransition(client, id, snapshot.version, input.record);
        await enqueueDrafts(client, id, input.notifications(id));
        if (input.adopt && (await assignInbound(client, input.adopt.inboundId, id, 'desk'))) await enqueueDrafts(client, id, input.adopt.notifications(id));
        return id;
      });
      if (created === undefined) return (await existing())!;
      const { rows } = await pool.query<CaseRecord>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [created]);
      return rows[0]!;
    },

    /**
     * The transition in one transaction: claim the expected version (exactly one row must change),
     * append the transition, enqueue its notifications. 'stale' when someone else moved the case first.
     */
    async commitTransition(input: CommitTransition): Promise<'ok' | 'stale'> {
      // One statement is one transaction, and one round trip instead of five (BEGIN, three writes,
      // COMMIT). The transition and the notifications are written only if the version was claimed.
      const r = input.record;
      const { rows } = await pool.query<{ claimed: number }>(
        `WITH claimed AS (
           UPDATE cases SET step = $1, version = $2, closed = $3, fields = $4::jsonb, updated_at = now(), step_since = $7, due_date = $8, overdue_at = $9
           WHERE id = $5 AND version = $6 RETURNING id),
         appended AS (
           INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, comment, data)
           SELECT id, $2, $10, $11, $12, $13, $14, $15::jsonb FROM claimed),
         queued AS (${ENQUEUE_SELECT.replace('$1::jsonb', '$16::jsonb').replace('FROM jsonb_to_recordset', 'FROM claimed, jsonb_to_recordset')}),
         stored AS (
           INSERT INTO case_files (case_id, version, file_name, content_type, size, sha256, content, document)
           SELECT claimed.id, $2, f.name, f.type, f.size, f.sha256, f.content, f.document
           FROM claimed, unnest($17::text[], $18::text[], $19::int[], $20::text[], $21::bytea[], $22::text[]) AS f(name, type, size, sha256, content, document))
         SELECT count(*)::int AS claimed FROM claimed`,
        [
          input.next.step, input.next.version, input.next.closed, JSON.stringify(input.next.fields), input.caseId, input.expectedVersion, ...clockColumns(input.clock),
          r.fromStep, r.toStep, r.action, r.actorId, r.comment, JSON.stringify(r.data), notificationRows(input.caseId, input.notifications),
          ...fileColumns(input.files ?? []),
        ],
      );
      return rows[0]?.claimed === 1 ? 'ok' : 'stale';
    },

    /**
     * Every case a filter selects, with all its transitions, a page of cases at a time in ID order, for
     * the CSV export: memory holds one page, however large the record has grown.
     */
    async *exportPages(filter: CaseFilter, pageSize = 500): AsyncGenerator<{ cases: CaseRecord[]; transitions: { case: CaseRecord; transition: TransitionRow }[] }> {
      const where = whereOf(filter, now(), 3);
      for (let after = 0; ; ) {
        const { rows: cases } = await pool.query<CaseRecord>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id > $1 AND ${where.sql} ORDER BY id LIMIT $2`, [after, pageSize, ...where.params]);
        if (cases.length === 0) return;
        const { rows } = await pool.query<TransitionRow & { caseId: number }>(
          `SELECT case_id AS "caseId", ${TRANSITION_COLUMNS}, hash FROM transitions WHERE case_id = ANY($1::int[]) ORDER BY case_id, version`,
          [cases.map((c) => c.id)],
        );
        const byId = new Map(cases.map((c) => [c.id, c]));
        yield { cases, transitions: rows.map(({ caseId, ...transition }) => ({ case: byId.get(caseId)!, transition })) };
        after = cases.at(-1)!.id;
      }
    },

    // Every click and every delivery reads its case first: plain SQL, like the writes.
    async findByKey(key: string): Promise<CaseRecord | undefined> {
      const { rows } = await pool.query<CaseRecord>(`SELECT ${CASE_COLUMNS} FROM cases WHERE key = $1`, [key]);
      return rows[0];
    },

    async findById(id: number): Promise<CaseRecord | undefined> {
      const { rows } = await pool.query<CaseRecord>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [id]);
      return rows[0];
    },

    /** One transition: every thread reply, DM reply and card render reads one, so in plain SQL. */
    async transitionAt(caseId: number, version: number): Promise<TransitionRow | undefined> {
      const { rows } = await pool.query<TransitionRow>(`SELECT ${TRANSITION_COLUMNS} FROM transitions WHERE case_id = $1 AND version = $2`, [caseId, version]);
      return rows[0];
    },

    /** Every transition of a case: what `/mdoc status` answers, so in plain SQL too. */
    async history(caseId: number): Promise<TransitionRow[]> {
      const { rows } = await pool.query<TransitionRow>(`SELECT ${TRANSITION_COLUMNS} FROM transitions WHERE case_id = $1 ORDER BY version`, [caseId]);
      return rows;
    },

    /** The mails of a case, oldest first, with the file versions each carries and whether it went out. */
    async sentMails(caseId: number): Promise<SentMail[]> {
      const { rows } = await pool.query<SentMail>(
        `SELECT (payload->>'version')::int AS version, payload->>'to' AS "to", payload->'mail'->>'subject' AS subject,
                coalesce(payload->'attachments', '[]'::jsonb) AS attachments, coalesce(payload->'missing', '[]'::jsonb) AS missing,
                delivered_at AS "deliveredAt", dead_at IS NOT NULL AS dead
         FROM notifications WHERE case_id = $1 AND kind = 'mail' ORDER BY id`,
        [caseId],
      );
      return rows;
    },

    /** Open usage cases that named this certification case as theirs. */
    async findLinkedUsageCases(certificationKey: string): Promise<CaseRecord[]> {
      const { rows } = await pool.query<CaseRecord>(
        `SELECT ${CASE_COLUMNS} FROM cases WHERE NOT closed AND procedure = 'usage' AND fields->>'linked_certification' = $1`,
        [certificationKey],
      );
      return rows;
    },

    /** One page of the cases a filter selects, newest activity first, and how many there are in all. */
    async list(filter: CaseFilter, page: number, pageSize: number): Promise<{ cases: CaseRecord[]; total: number }> {
      const at = now();
      const paged = whereOf(filter, at, 3);
      const counted = whereOf(filter, at);
      const [rows, total] = await Promise.all([
        pool.query<CaseRecord>(`SELECT ${CASE_COLUMNS} FROM cases WHERE ${paged.sql} ORDER BY updated_at DESC, id DESC OFFSET $1 LIMIT $2`, [page * pageSize, pageSize, ...paged.params]),
        pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE ${counted.sql}`, counted.params),
      ]);
      return { cases: rows.rows, total: total.rows[0]!.n };
    },

    /** The daily digest: open cases overdue or due soon. */
    dueSoonBoard(limit: number): Promise<DeadlineBoard> {
      return deadlineBoard('due_date <= {1}::date', [dueSoonUntil(now())], limit);
    },

    /** A person's Home: open cases at a step of a lane they hold, or at an applicant step of a case they requested. */
    waitingOn({ lanes, requesterId }: Waiting, limit: number): Promise<DeadlineBoard> {
      return deadlineBoard(
        `(procedure, step) IN (SELECT * FROM unnest({1}::text[], {2}::text[]))
         OR (requester_id = {3} AND (procedure, step) IN (SELECT * FROM unnest({4}::text[], {5}::text[])))`,
        [...lanePairs(lanes), requesterId, ...lanePairs(['applicant'])],
        limit,
      );
    },

    /** The cases a person registered, open ones first, newest activity first. */
    async requestedBy(requesterId: string, limit: number): Promise<{ cases: CaseRecord[]; total: number }> {
      const [rows, total] = await Promise.all([
        pool.query<CaseRecord>(`SELECT ${CASE_COLUMNS} FROM cases WHERE requester_id = $1 ORDER BY closed, updated_at DESC, id DESC LIMIT $2`, [requesterId, limit]),
        pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE requester_id = $1`, [requesterId]),
      ]);
      return { cases: rows.rows, total: total.rows[0]!.n };
    },

    /** The newest transitions, of every case or of one requester's cases. */
    async latestTransitions(limit: number, requesterId?: string): Promise<{ case: CaseRecord; transition: TransitionRow }[]> {
      const { rows } = await pool.query<{ caseId: number; transition: TransitionRow }>(
        `SELECT t.case_id AS "caseId", json_build_object('version', t.version, 'fromStep', t.from_step, 'toStep', t.to_step, 'action', t.action,
                'actorId', t.actor_id, 'comment', t.comment, 'data', t.data, 'createdAt', t.created_at) AS transition
         FROM transitions t ${requesterId ? 'JOIN cases c ON c.id = t.case_id WHERE c.requester_id = $2' : ''} ORDER BY t.id DESC LIMIT $1`,
        requesterId ? [limit, requesterId] : [limit],
      );
      const cases = await pool.query<CaseRecord>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ANY($1::int[])`, [[...new Set(rows.map((r) => r.caseId))]]);
      const byId = new Map(cases.rows.map((c) => [c.id, c]));
      return rows.map((r) => ({ case: byId.get(r.caseId)!, transition: { ...r.transition, createdAt: new Date(r.transition.createdAt) } }));
    },

    async setCardMessage(caseId: number, channel: string, ts: string): Promise<void> {
      await pool.query(`UPDATE cases SET card_channel = $2, card_ts = $3 WHERE id = $1`, [caseId, channel, ts]);
    },

    async setDmMessage(caseId: number, channel: string, ts: string): Promise<void> {
      await pool.query(`UPDATE cases SET dm_channel = $2, dm_ts = $3 WHERE id = $1`, [caseId, channel, ts]);
    },
  };
}

export type CaseRepository = ReturnType<typeof createCaseRepository>;
