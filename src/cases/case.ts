// The case as the use cases and renderers see it: plain data, no Prisma types.
import type { CaseFields } from '../workflow/conditions.js';
import type { TransitionRecord } from '../workflow/transition.js';
import { caseKey as checkCaseKey } from '../forms/validators.js';

export interface CaseRecord {
  id: number;
  key: string;
  procedure: string;
  step: string;
  version: number;
  closed: boolean;
  requesterId: string;
  fields: CaseFields;
  cardChannel: string | null;
  cardTs: string | null;
  dmChannel: string | null;
  dmTs: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** When the case reached its current step. */
  stepSince: Date;
  /** The Tokyo date (YYYY-MM-DD) the current step is due, if it has a target. */
  dueDate: string | null;
  /** From this moment the case is overdue. */
  overdueAt: Date | null;
}

/** A transition as stored: what the workflow decided, with its version and time. */
export interface TransitionRow extends TransitionRecord {
  version: number;
  createdAt: Date;
  /** Its link in the hash chain, where the read asked for it (the export). */
  hash?: string;
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
