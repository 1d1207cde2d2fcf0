// The hash chain of the transition record (issue 12), recomputed in Node. The database computes each
// row's hash in the trigger transitions_chain (migration 20261202120000_transition_chain); this is the
// same definition written again, independently of that SQL, so that a changed trigger or function is
// caught too: SHA-256, in hex, of the UTF-8 text of a JSON array of
//   [previous hash or null, id, case_id, version, from_step, to_step, action, actor_id, comment,
//    data as the text Postgres prints for jsonb, created_at in UTC to the millisecond]
// printed as Postgres prints a jsonb array: ", " between elements, strings escaped as JSON.stringify
// escapes them. The data is embedded as a string: Postgres's jsonb text has one spelling per value
// (keys sorted, numbers as stored), which parsing it in JavaScript would not keep.
import { createHash } from 'node:crypto';

/** A transition as the chain sees it: every column but the hash, with data as jsonb text. */
export interface ChainedRow {
  id: string;
  caseId: number;
  version: number;
  fromStep: string | null;
  toStep: string;
  action: string;
  actorId: string;
  comment: string | null;
  /** `data::text`. */
  data: string;
  createdAt: Date;
}

const element = (value: string | number | null) => (value === null ? 'null' : typeof value === 'number' ? String(value) : JSON.stringify(value));

/** The text that is hashed. */
export function canonicalContent(prev: string | null, r: ChainedRow): string {
  if (!/^\d+$/.test(r.id)) throw new Error(`transition id ${r.id} is not an integer`);
  const parts = [element(prev), r.id, String(r.caseId), String(r.version), element(r.fromStep), element(r.toStep), element(r.action), element(r.actorId), element(r.comment), element(r.data), element(r.createdAt.toISOString())];
  return `[${parts.join(', ')}]`;
}

export function chainHash(prev: string | null, r: ChainedRow): string {
  return createHash('sha256').update(canonicalContent(prev, r), 'utf8').digest('hex');
}
