// Cases, their transitions and the outbox rows written with them, through the Prisma client: its model
// API for every read and for the creation of a case; one hand-written statement for the transition,
// which runs on every click (docs/decisions.md, issue #16).
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { likeLiteral } from '../db/like-literal.js';
import type { CaseSnapshot, TransitionRecord } from '../workflow/transition.js';
import { CASE_SELECT, TRANSITION_SELECT, caseKey, toCaseRecord, toDeadline, toTransitionRow, type CaseRecord, type TransitionRow } from './case.js';
import { stepsOfLane, type CaseFilter } from './case-filter.js';
import { deadlineStanding, dueSoonUntil, type DeadlineStanding, type StepClock } from '../workflow/deadlines.js';
import type { Lane } from '../workflow/types.js';
import type { MailPayload, NotificationDraft } from './notifications.js';
import { fileColumns, type IncomingFile } from './case-files.js';
import type { MissingDocument, PlannedAttachment } from '../documents/attachment-plan.js';
import { assignInbound } from '../inbound/inbound-repository.js';
import { enqueueDrafts, notificationRows } from '../outbox/enqueue.js';
import { ISSUED_FILES, ISSUED_FILE_SELECT, issuedFilesOf, issuedSummaryOf, type IssuedFile, type IssuedFileSummary } from './issued-files.js';

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


/** The step clock as the cases table stores it. */
const clockColumns = (clock: StepClock) => ({
  stepSince: clock.since,
  // A date column is written as midnight UTC of the Tokyo date.
  dueDate: clock.deadline ? new Date(`${clock.deadline.date}T00:00:00Z`) : null,
  overdueAt: clock.deadline?.overdueAt ?? null,
});

/** The (procedure, step) pairs of lanes as a condition: one `step IN (…)` per procedure. */
function atStepsOf(lanes: Lane[]): Prisma.CaseWhereInput {
  const byProcedure = new Map<string, string[]>();
  for (const { procedure, step } of lanes.flatMap(stepsOfLane)) byProcedure.set(procedure, [...(byProcedure.get(procedure) ?? []), step]);
  return { OR: [...byProcedure].map(([procedure, steps]) => ({ procedure, step: { in: steps } })) };
}

/** A filter as a condition on cases. */
function whereOf(filter: CaseFilter, now: Date): Prisma.CaseWhereInput {
  const and: Prisma.CaseWhereInput[] = [];
  if (filter.overdue) and.push({ overdueAt: { lte: now } });
  if (!filter.includeClosed) and.push({ closed: false });
  if (filter.procedure) and.push({ procedure: filter.procedure });
  if (filter.step) and.push({ step: filter.step });
  if (filter.lane) and.push(atStepsOf([filter.lane]));
  if (filter.text) {
    const digits = filter.text.replace(/[\s-]/g, '');
    // `contains` becomes ILIKE '%' || text || '%' with the text as it is: its own wildcards are escaped.
    const name: Prisma.CaseWhereInput = { orgName: { contains: likeLiteral(filter.text), mode: 'insensitive' } };
    and.push(/^\d+$/.test(digits) ? { OR: [name, { corporateNumber: { contains: digits } }] } : name);
  }
  return { AND: and };
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

/** A case's mails, as notifications of kind mail, oldest first. */
const SENT_MAILS = {
  where: { kind: 'mail' },
  orderBy: { id: 'asc' },
  select: { payload: true, deliveredAt: true, deadAt: true },
} as const satisfies Prisma.Case$notificationsArgs;

function toSentMail({ payload, deliveredAt, deadAt }: { payload: Prisma.JsonValue; deliveredAt: Date | null; deadAt: Date | null }): SentMail {
  const mail = payload as unknown as MailPayload;
  return { version: mail.version, to: mail.to, subject: mail.mail.subject, attachments: mail.attachments ?? [], missing: mail.missing ?? [], deliveredAt, dead: deadAt !== null };
}

/** A case with every transition, oldest first, and the documents issued to it. */
export interface CaseWithHistory {
  case: CaseRecord;
  history: TransitionRow[];
  issued: IssuedFile[];
}

/** …and the mails sent, as `/mdoc status` lists them. */
export interface CaseWithRecord extends CaseWithHistory {
  mails: SentMail[];
}

const HISTORY_SELECT = {
  ...CASE_SELECT,
  transitions: { orderBy: { version: 'asc' }, select: TRANSITION_SELECT },
  files: { where: ISSUED_FILES, orderBy: { id: 'asc' }, select: ISSUED_FILE_SELECT },
} as const satisfies Prisma.CaseSelect;

function withHistory({ transitions, files, ...c }: Prisma.CaseGetPayload<{ select: typeof HISTORY_SELECT }>): CaseWithHistory {
  return { case: toCaseRecord(c), history: transitions.map(toTransitionRow), issued: issuedFilesOf(files, transitions) };
}

/** What a delivery about a case renders from: the case, the one transition it shows, the documents issued. */
export interface CaseForDelivery {
  case: CaseRecord;
  /** The transition named, or the latest; undefined when the case has no such transition. */
  shown: TransitionRow | undefined;
  issued: IssuedFileSummary[];
}

/** Whom a person's Home shows as waiting on them: the lanes they hold, and the applicant steps of their own cases. */
export interface Waiting {
  lanes: Lane[];
  requesterId: string;
}

export function createCaseRepository(prisma: PrismaClient, now: () => Date = () => new Date()) {
  const findCase = async (where: Prisma.CaseWhereUniqueInput) => {
    const row = await prisma.case.findFirst({ where, select: CASE_SELECT });
    return row ? toCaseRecord(row) : undefined;
  };
  const findCases = async (args: Omit<Prisma.CaseFindManyArgs, 'select' | 'include'>) => (await prisma.case.findMany({ ...args, select: CASE_SELECT })).map(toCaseRecord);

  /**
   * Open cases grouped by deadline: the most urgent first (overdue, then due soonest, then waiting
   * longest), at most `limit` of them, and the size of each group.
   */
  async function deadlineBoard(condition: Prisma.CaseWhereInput, limit: number): Promise<DeadlineBoard> {
    const at = now();
    const open: Prisma.CaseWhereInput = { AND: [{ closed: false }, condition] };
    // The groups counted in one scan: cases per due date (a few hundred dates at most), each date then
    // judged by the same rule as a single case.
    const [cases, byDate] = await Promise.all([
      findCases({ where: open, orderBy: [{ overdueAt: { sort: 'asc', nulls: 'last' } }, { stepSince: 'asc' }, { id: 'asc' }], take: limit }),
      prisma.case.groupBy({ by: ['dueDate', 'overdueAt'], where: open, _count: { _all: true } }),
    ]);
    const counts: Record<DeadlineStanding, number> = { overdue: 0, due_soon: 0, other: 0 };
    for (const group of byDate) counts[deadlineStanding(toDeadline(group), at)] += group._count._all;
    return { cases, counts };
  }

  return {
    /** Inserts the case, its opening transition and its first notifications, all or nothing. */
    async create(input: NewCase): Promise<CaseRecord> {
      const existing = () => (input.intakeKey ? findCase({ intakeKey: input.intakeKey }) : Promise.resolve(undefined));
      const earlier = await existing();
      if (earlier) return earlier;
      const created = await prisma.$transaction(async (tx) => {
        // The key is derived from the id, so the id is drawn first.
        const [{ id }] = await tx.$queryRaw<[{ id: number }]>`SELECT nextval(pg_get_serial_sequence('cases', 'id'))::int AS id`;
        const snapshot = input.snapshot;
        // Two submissions of one intake racing each other: the second inserts nothing and returns the first's case.
        const inserted = await tx.case.createMany({
          data: [{
            id, key: caseKey(id), procedure: input.procedure, step: snapshot.step, version: snapshot.version, closed: snapshot.closed,
            requesterId: snapshot.requesterId, intakeKey: input.intakeKey ?? null, orgName: input.orgName, corporateNumber: input.corporateNumber,
            applicantEmail: input.applicantEmail, fields: snapshot.fields as Prisma.InputJsonObject, ...clockColumns(input.clock),
          }],
          skipDuplicates: true,
        });
        if (inserted.count !== 1) return undefined;
        const r = input.record;
        await tx.transition.create({
          data: { caseId: id, version: snapshot.version, fromStep: r.fromStep, toStep: r.toStep, action: r.action, actorId: r.actorId, comment: r.comment, data: r.data as Prisma.InputJsonObject, hash: '' },
          select: { id: true },
        });
        await enqueueDrafts(tx, id, input.notifications(id));
        if (input.adopt && (await assignInbound(tx, input.adopt.inboundId, id, 'desk'))) await enqueueDrafts(tx, id, input.adopt.notifications(id));
        return id;
      });
      if (created === undefined) return (await existing())!;
      return (await findCase({ id: created }))!;
    },

    /**
     * The transition in one transaction: claim the expected version (exactly one row must change),
     * append the transition, enqueue its notifications. 'stale' when someone else moved the case first.
     */
    async commitTransition(input: CommitTransition): Promise<'ok' | 'stale'> {
      // One statement is one transaction, and one round trip instead of five (BEGIN, three writes,
      // COMMIT): the model API cannot say it, so it is written by hand. The transition, the
      // notifications and the files are written only if the version was claimed.
      const r = input.record;
      const clock = clockColumns(input.clock);
      const [names, types, sizes, hashes, contents, documents] = fileColumns(input.files ?? []);
      const [row] = await prisma.$queryRaw<[{ claimed: number }]>`
        WITH claimed AS (
           UPDATE cases SET step = ${input.next.step}, version = ${input.next.version}, closed = ${input.next.closed}, fields = ${JSON.stringify(input.next.fields)}::jsonb,
             updated_at = now(), step_since = ${clock.stepSince}, due_date = ${clock.dueDate}::date, overdue_at = ${clock.overdueAt}
           WHERE id = ${input.caseId} AND version = ${input.expectedVersion} RETURNING id),
         appended AS (
           INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, comment, data)
           SELECT id, ${input.next.version}, ${r.fromStep}, ${r.toStep}, ${r.action}, ${r.actorId}, ${r.comment}, ${JSON.stringify(r.data)}::jsonb FROM claimed),
         queued AS (
           INSERT INTO notifications (case_id, stream, kind, payload, next_attempt_at)
           SELECT x.case_id, x.stream, x.kind, x.payload, coalesce(x.next_attempt_at, now())
           FROM claimed, jsonb_to_recordset(${notificationRows(input.caseId, input.notifications)}::jsonb)
             AS x(ord int, case_id int, stream text, kind text, payload jsonb, next_attempt_at timestamptz)
           ORDER BY x.ord),
         stored AS (
           INSERT INTO case_files (case_id, version, file_name, content_type, size, sha256, content, document)
           SELECT claimed.id, ${input.next.version}, f.name, f.type, f.size, f.sha256, f.content, f.document
           FROM claimed, unnest(${names}::text[], ${types}::text[], ${sizes}::int[], ${hashes}::text[], ${contents}::bytea[], ${documents}::text[])
             AS f(name, type, size, sha256, content, document))
        SELECT count(*)::int AS claimed FROM claimed`;
      return row?.claimed === 1 ? 'ok' : 'stale';
    },

    /**
     * Every case a filter selects, with all its transitions, a page of cases at a time in ID order, for
     * the CSV export: memory holds one page, however large the record has grown.
     */
    async *exportPages(filter: CaseFilter, pageSize = 500): AsyncGenerator<{ cases: CaseRecord[]; transitions: { case: CaseRecord; transition: TransitionRow }[] }> {
      const where = whereOf(filter, now());
      for (let after = 0; ; ) {
        const cases = await findCases({ where: { AND: [{ id: { gt: after } }, where] }, orderBy: { id: 'asc' }, take: pageSize });
        if (cases.length === 0) return;
        const rows = await prisma.transition.findMany({
          where: { caseId: { in: cases.map((c) => c.id) } },
          orderBy: [{ caseId: 'asc' }, { version: 'asc' }],
          select: { ...TRANSITION_SELECT, caseId: true, hash: true },
        });
        const byId = new Map(cases.map((c) => [c.id, c]));
        yield { cases, transitions: rows.map(({ caseId, ...transition }) => ({ case: byId.get(caseId)!, transition: toTransitionRow(transition) })) };
        after = cases.at(-1)!.id;
      }
    },

    findByKey: (key: string): Promise<CaseRecord | undefined> => findCase({ key }),

    findById: (id: number): Promise<CaseRecord | undefined> => findCase({ id }),

    /** One transition of a case: who made the change a stale click or a stale web form missed. */
    async transitionAt(caseId: number, version: number): Promise<TransitionRow | undefined> {
      const row = await prisma.transition.findFirst({ where: { caseId, version }, select: TRANSITION_SELECT });
      return row ? toTransitionRow(row) : undefined;
    },

    /** Every transition of a case: what `/mdoc status` answers. */
    async history(caseId: number): Promise<TransitionRow[]> {
      return (await prisma.transition.findMany({ where: { caseId }, orderBy: { version: 'asc' }, select: TRANSITION_SELECT })).map(toTransitionRow);
    },

    /**
     * A case with its whole record, as `/mdoc status` shows it: every transition, the mails sent and the
     * documents issued to it, read in one statement (Prisma's relation joins).
     */
    async record(key: string): Promise<CaseWithRecord | undefined> {
      const row = await prisma.case.findFirst({ where: { key }, select: { ...HISTORY_SELECT, notifications: SENT_MAILS } });
      if (!row) return undefined;
      const { notifications, ...rest } = row;
      return { ...withHistory(rest), mails: notifications.map(toSentMail) };
    },

    /**
     * A case with the transition a delivery shows (a thread reply's or a mail's version, or the latest for
     * a card) and the documents issued to it, in one statement. Not its whole history: a delivery per
     * transition that read every transition made a case's notifications cost the square of its length.
     */
    async forDelivery(id: number, shown: number | 'latest'): Promise<CaseForDelivery | undefined> {
      const transitions = shown === 'latest' ? ({ orderBy: { version: 'desc' }, take: 1, select: TRANSITION_SELECT } as const) : ({ where: { version: shown }, select: TRANSITION_SELECT } as const);
      const row = await prisma.case.findFirst({ where: { id }, select: { ...CASE_SELECT, transitions, files: HISTORY_SELECT.files } });
      if (!row) return undefined;
      const { transitions: [transition], files, ...c } = row;
      return { case: toCaseRecord(c), shown: transition && toTransitionRow(transition), issued: files.map(issuedSummaryOf) };
    },

    /** Open usage cases that named this certification case as theirs. */
    findLinkedUsageCases: (certificationKey: string): Promise<CaseRecord[]> =>
      findCases({ where: { closed: false, procedure: 'usage', fields: { path: ['linked_certification'], equals: certificationKey } } }),

    /** One page of the cases a filter selects, newest activity first, and how many there are in all. */
    async list(filter: CaseFilter, page: number, pageSize: number): Promise<{ cases: CaseRecord[]; total: number }> {
      const where = whereOf(filter, now());
      const [cases, total] = await Promise.all([
        findCases({ where, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], skip: page * pageSize, take: pageSize }),
        prisma.case.count({ where }),
      ]);
      return { cases, total };
    },

    /** The daily digest: open cases overdue or due soon. */
    dueSoonBoard(limit: number): Promise<DeadlineBoard> {
      return deadlineBoard({ dueDate: { lte: new Date(`${dueSoonUntil(now())}T00:00:00Z`) } }, limit);
    },

    /** A person's Home: open cases at a step of a lane they hold, or at an applicant step of a case they requested. */
    waitingOn({ lanes, requesterId }: Waiting, limit: number): Promise<DeadlineBoard> {
      return deadlineBoard({ OR: [atStepsOf(lanes), { AND: [{ requesterId }, atStepsOf(['applicant'])] }] }, limit);
    },

    /** The cases a person registered, open ones first, newest activity first. */
    async requestedBy(requesterId: string, limit: number): Promise<{ cases: CaseRecord[]; total: number }> {
      const [cases, total] = await Promise.all([
        findCases({ where: { requesterId }, orderBy: [{ closed: 'asc' }, { updatedAt: 'desc' }, { id: 'desc' }], take: limit }),
        prisma.case.count({ where: { requesterId } }),
      ]);
      return { cases, total };
    },

    /** The newest transitions, of every case or of one requester's cases. */
    async latestTransitions(limit: number, requesterId?: string): Promise<{ case: CaseRecord; transition: TransitionRow }[]> {
      const rows = await prisma.transition.findMany({
        where: requesterId ? { case: { requesterId } } : {},
        orderBy: { id: 'desc' },
        take: limit,
        select: { ...TRANSITION_SELECT, case: { select: CASE_SELECT } },
      });
      return rows.map(({ case: c, ...transition }) => ({ case: toCaseRecord(c), transition: toTransitionRow(transition) }));
    },

    async setCardMessage(caseId: number, channel: string, ts: string): Promise<void> {
      await prisma.case.update({ where: { id: caseId }, data: { cardChannel: channel, cardTs: ts }, select: { id: true } });
    },

    async setDmMessage(caseId: number, channel: string, ts: string): Promise<void> {
      await prisma.case.update({ where: { id: caseId }, data: { dmChannel: channel, dmTs: ts }, select: { id: true } });
    },
  };
}

export type CaseRepository = ReturnType<typeof createCaseRepository>;
