// The case as the use cases and renderers see it: plain data, its shape derived from the Prisma schema
// (the generated types), so that a column added or changed there shows here at compile time.
import type { Prisma } from '../generated/prisma/client.js';
import type { CaseFields } from '../workflow/conditions.js';
import type { TransitionRecord } from '../workflow/transition.js';
import { caseKey as checkCaseKey } from '../forms/validators.js';

/** The columns of a case that the use cases and renderers read. */
export const CASE_SELECT = {
  id: true, key: true, procedure: true, step: true, version: true, closed: true, requesterId: true, fields: true,
  cardChannel: true, cardTs: true, dmChannel: true, dmTs: true, createdAt: true, updatedAt: true,
  stepSince: true, dueDate: true, overdueAt: true,
  // Addresses whose mail came back, normalised: the card shows 「メール不達」 while any is here (issue 15).
  undeliveredTo: true,
} as const satisfies Prisma.CaseSelect;

type CaseRow = Prisma.CaseGetPayload<{ select: typeof CASE_SELECT }>;

/**
 * A case as Prisma reads it, with the two columns whose stored form is not the one the domain uses:
 * the form values as typed fields, and the due date as the Tokyo date it is (YYYY-MM-DD).
 */
export type CaseRecord = Omit<CaseRow, 'fields' | 'dueDate'> & {
  fields: CaseFields;
  /** The Tokyo date (YYYY-MM-DD) the current step is due, if it has a target. */
  dueDate: string | null;
};

export function toCaseRecord(row: CaseRow): CaseRecord {
  return { ...row, fields: row.fields as CaseFields, ...toDeadline(row) };
}

/** The deadline columns as the domain reads them: a date column comes back as midnight UTC of that date. */
export function toDeadline(row: Pick<CaseRow, 'dueDate' | 'overdueAt'>): Pick<CaseRecord, 'dueDate' | 'overdueAt'> {
  return { dueDate: row.dueDate?.toISOString().slice(0, 10) ?? null, overdueAt: row.overdueAt };
}

/** The columns of a transition that its readers use (the export adds its hash). */
export const TRANSITION_SELECT = {
  version: true, fromStep: true, toStep: true, action: true, actorId: true, comment: true, data: true, createdAt: true,
} as const satisfies Prisma.TransitionSelect;

type TransitionRowOf = Prisma.TransitionGetPayload<{ select: typeof TRANSITION_SELECT }>;

/** A transition as stored: what the workflow decided, with its version and time. */
export type TransitionRow = Omit<TransitionRowOf, 'data'> &
  TransitionRecord & {
    /** Its link in the hash chain, where the read asked for it (the export). */
    hash?: string;
  };

export function toTransitionRow<R extends TransitionRowOf>(row: R): Omit<R, 'data'> & TransitionRow {
  return { ...row, data: row.data as TransitionRecord['data'] };
}

/** `MDOC-0001`: four digits at least, more when the desk outgrows them. */
export function caseKey(id: number): string {
  return `MDOC-${String(id).padStart(4, '0')}`;
}

/** Accepts `mdoc-1`, `MDOC-0001` or `１` as people type them; undefined when it is no case ID. */
export function parseCaseKey(text: string): string | undefined {
  const checked = checkCaseKey(text);
  return checked.ok ? checked.value : undefined;
}
