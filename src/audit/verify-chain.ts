// Walks the transition record case by case, in version order, recomputing every hash (src/audit/chain.ts)
// and checking what the hashes alone cannot: that no version is missing, that the rows were written in
// the order of their versions, and that each case's record ends at the version its case row holds (so a
// deleted last row shows too). Reads a page at a time, so that memory holds one page however large the
// record is. It stops at the first break, in case order.
import type { PrismaClient } from '../db/prisma.js';
import { chainHash, type ChainedRow } from './chain.js';

export interface ChainBreak {
  caseId: number;
  /** Null when the case row itself is gone. */
  caseKey: string | null;
  version: number | null;
  transitionId: string | null;
  problem: string;
}

export type ChainReport = { whole: true; rows: number; cases: number } | { whole: false; rows: number; cases: number; broken: ChainBreak };

interface Row extends ChainedRow {
  hash: string | null;
  caseKey: string | null;
  caseVersion: number | null;
}

const PAGE = 5_000;

/** Whether the database has the chain at all (a database the bot has not migrated since it came). */
export async function hasChain(db: PrismaClient): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`SELECT 1 FROM information_schema.columns WHERE table_name = 'transitions' AND column_name = 'hash'`;
  return rows.length > 0;
}

// The walk is written by hand: it needs data as the text Postgres prints for jsonb, which the model API
// does not give, and keyset pages over (case_id, version).
export async function verifyChain(db: PrismaClient, pageSize = PAGE): Promise<ChainReport> {
  // A case with no transition at all: every case is opened by one.
  const [empty] = await db.$queryRaw<{ id: number; key: string; version: number }[]>`
    SELECT id, key, version FROM cases c WHERE NOT EXISTS (SELECT 1 FROM transitions t WHERE t.case_id = c.id) ORDER BY id LIMIT 1`;
  const emptyBreak: ChainBreak | undefined = empty && { caseId: empty.id, caseKey: empty.key, version: null, transitionId: null, problem: `the case is at version ${empty.version} but has no transition at all: its record was deleted` };

  let rows = 0;
  let cases = 0;
  let last: Row | undefined;
  const broken = (r: Row | undefined, caseId: number, problem: string): ChainReport => {
    const found: ChainBreak = { caseId, caseKey: r?.caseKey ?? null, version: r?.version ?? null, transitionId: r?.id ?? null, problem };
    return { whole: false, rows, cases, broken: emptyBreak && emptyBreak.caseId < caseId ? emptyBreak : found };
  };
  /** What must hold when a case's record ends at `r`. */
  const endOfCase = (r: Row): string | undefined => {
    if (r.caseVersion === null) return undefined; // reported at its first row
    if (r.version < r.caseVersion) return `the case is at version ${r.caseVersion} but its record ends at version ${r.version}: the rows after it were deleted`;
    if (r.version > r.caseVersion) return `the record runs past the case's version ${r.caseVersion}: this row was added without the case moving`;
    return undefined;
  };

  for (let after: [number, number] = [-1, 0]; ; ) {
    const page = await db.$queryRaw<Row[]>`
      SELECT t.id::text AS id, t.case_id AS "caseId", t.version, t.from_step AS "fromStep", t.to_step AS "toStep", t.action, t.actor_id AS "actorId",
             t.comment, t.data::text AS data, t.created_at AS "createdAt", t.hash, c.key AS "caseKey", c.version AS "caseVersion"
      FROM transitions t LEFT JOIN cases c ON c.id = t.case_id
      WHERE (t.case_id, t.version) > (${after[0]}, ${after[1]}) ORDER BY t.case_id, t.version LIMIT ${pageSize}`;
    for (const r of page) {
      const sameCase = last?.caseId === r.caseId;
      if (!sameCase) {
        if (last) {
          const end = endOfCase(last);
          if (end) return broken(last, last.caseId, end);
        }
        if (emptyBreak && emptyBreak.caseId < r.caseId) return { whole: false, rows, cases, broken: emptyBreak };
        cases++;
        if (r.caseKey === null) return broken(r, r.caseId, `case id ${r.caseId} does not exist: this row was written with the triggers off`);
      }
      const prev = sameCase ? last! : undefined;
      const expected = prev ? prev.version + 1 : 1;
      if (r.version > expected) return broken(r, r.caseId, `version ${expected} is missing before it: a row was deleted`);
      if (r.version < expected) return broken(r, r.caseId, `version ${r.version} cannot come first: this row was inserted out of order`);
      // Ids are taken in the order rows are written: a row written after the next version was deleted and inserted again.
      if (prev && BigInt(r.id) <= BigInt(prev.id)) return broken(prev, r.caseId, `it was written after version ${r.version} (transition id ${r.id}): this row was inserted out of order`);
      if (r.hash !== chainHash(prev?.hash ?? null, r)) {
        return broken(r, r.caseId, 'its hash does not match its content and the hash of the row before it: the row was changed, or written with the trigger off');
      }
      rows++;
      last = r;
    }
    if (page.length < pageSize) break;
    after = [last!.caseId, last!.version];
  }
  if (last) {
    const end = endOfCase(last);
    if (end) return broken(last, last.caseId, end);
  }
  if (emptyBreak) return { whole: false, rows, cases, broken: emptyBreak };
  return { whole: true, rows, cases };
}

/** One line for a person: where the chain breaks, and why. */
export function describeBreak(b: ChainBreak): string {
  const which = b.caseKey ? `case ${b.caseKey} (id ${b.caseId})` : `case id ${b.caseId}`;
  const row = b.version === null ? '' : `, version ${b.version} (transition id ${b.transitionId})`;
  return `${which}${row}: ${b.problem}`;
}
