// Prisma access for cases, their transitions and the outbox rows written with them.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { CaseSnapshot, TransitionRecord } from '../workflow/transition.js';
import { caseKey, type CaseRecord, type TransitionRow } from './case.js';
import type { NotificationDraft } from './notifications.js';

type Tx = Prisma.TransactionClient;
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

const json = (value: unknown) => value as Prisma.InputJsonValue;

function toCase(row: CaseRow): CaseRecord {
  return { ...row, fields: row.fields as CaseRecord['fields'] };
}

function toTransition(row: TransitionDbRow): TransitionRow {
  const { version, fromStep, toStep, action, actorId, comment, createdAt } = row;
  return { version, fromStep, toStep, action, actorId, comment, createdAt, data: row.data as TransitionRow['data'] };
}

async function enqueue(tx: Tx, caseId: number, drafts: NotificationDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  await tx.notification.createMany({
    data: drafts.map((d) => ({ caseId: d.caseId ?? caseId, stream: d.stream, kind: d.kind, payload: json(d.payload), ...(d.notBefore ? { nextAttemptAt: d.notBefore } : {}) })),
  });
}

async function appendTransition(tx: Tx, caseId: number, version: number, record: TransitionRecord): Promise<void> {
  await tx.transition.create({
    data: { caseId, version, fromStep: record.fromStep, toStep: record.toStep, action: record.action, actorId: record.actorId, comment: record.comment, data: json(record.data) },
  });
}

export function createCaseRepository(prisma: PrismaClient) {
  return {
    /** Inserts the case, its opening transition and its first notifications, all or nothing. */
    async create(input: NewCase): Promise<CaseRecord> {
      if (input.intakeKey) {
        const existing = await prisma.case.findUnique({ where: { intakeKey: input.intakeKey } });
        if (existing) return toCase(existing);
      }
      return prisma.$transaction(async (tx) => {
        const [{ id }] = await tx.$queryRaw<[{ id: number }]>`SELECT nextval(pg_get_serial_sequence('cases', 'id'))::int AS id`;
        const row = await tx.case.create({
          data: {
            id,
            key: caseKey(id),
            procedure: input.procedure,
            step: input.snapshot.step,
            version: input.snapshot.version,
            closed: input.snapshot.closed,
            requesterId: input.snapshot.requesterId,
            intakeKey: input.intakeKey,
            orgName: input.orgName,
            corporateNumber: input.corporateNumber,
            applicantEmail: input.applicantEmail,
            fields: json(input.snapshot.fields),
          },
        });
        await appendTransition(tx, id, input.snapshot.version, input.record);
        await enqueue(tx, id, input.notifications(id));
        return toCase(row);
      });
    },

    /**
     * The transition in one transaction: claim the expected version (exactly one row must change),
     * append the transition, enqueue its notifications. 'stale' when someone else moved the case first.
     */
    async commitTransition(input: CommitTransition): Promise<'ok' | 'stale'> {
      return prisma.$transaction(async (tx) => {
        const claimed = await tx.case.updateMany({
          where: { id: input.caseId, version: input.expectedVersion },
          data: { step: input.next.step, version: input.next.version, closed: input.next.closed, fields: json(input.next.fields), updatedAt: new Date() },
        });
        if (claimed.count !== 1) return 'stale';
        await appendTransition(tx, input.caseId, input.next.version, input.record);
        await enqueue(tx, input.caseId, input.notifications);
        return 'ok';
      });
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

    async listOpen(limit: number): Promise<CaseRecord[]> {
      const rows = await prisma.case.findMany({ where: { closed: false }, orderBy: { updatedAt: 'desc' }, take: limit });
      return rows.map(toCase);
    },

    async countOpen(): Promise<number> {
      return prisma.case.count({ where: { closed: false } });
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
