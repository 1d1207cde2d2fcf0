// Transitions per second through our use case (version check, transition row, case update, outbox rows
// in one transaction), against the same statements issued with plain pg.
import pg from 'pg';
import { applyAction } from '../../src/cases/apply-action.js';
import { createCaseRepository } from '../../src/cases/case-repository.js';
import { createPrisma } from '../../src/db/prisma.js';
import type { Actor } from '../../src/workflow/authorize.js';

const ACTOR: Actor = { userId: 'UBENCHALL', roles: new Set(['reviewer']) };
// A loop that never ends: accept → send back with a reason → record the resubmission → accept …
const CYCLE: Record<string, { action: string; form?: Record<string, string> }> = {
  '(2)-a': { action: 'record_submission' },
  '(2)-b': { action: 'accept' },
  '(2)-c': { action: 'send_back', form: { reason: 'ベンチマーク' } },
};

export interface TpsResult {
  tps: number;
  transitions: number;
  conflicts: number;
  errors: number;
  seconds: number;
}

/** Puts fresh cases at (2)-a, where the loop starts; their version stays as seeded. */
async function prepare(db: pg.Client, keys: string[]): Promise<void> {
  await db.query(`UPDATE cases SET step = '(2)-a' WHERE key = ANY($1)`, [keys]);
}

type Outcome = 'applied' | 'conflict' | 'error';

/** `concurrency` workers take turns until `total` transitions are applied (or as many errors seen). */
async function measure(total: number, concurrency: number, worker: (w: number) => () => Promise<Outcome>): Promise<TpsResult> {
  const count = { applied: 0, conflict: 0, error: 0 };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      const step = worker(w);
      while (count.applied < total && count.error < total) count[await step().catch((): Outcome => 'error')]++;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { tps: Math.round(count.applied / seconds), transitions: count.applied, conflicts: count.conflict, errors: count.error, seconds: Math.round(seconds * 100) / 100 };
}

export async function ourTps(url: string, db: pg.Client, keys: string[], total: number, concurrency: number): Promise<TpsResult> {
  await prepare(db, keys);
  const prisma = createPrisma(url, concurrency + 2);
  const cases = createCaseRepository(prisma);
  const result = await measure(total, concurrency, (w) => {
    const key = keys[w % keys.length]!;
    // The use case reads the case itself; the loop learns the next state from its answer.
    let current: { step: string; version: number } | undefined;
    return async () => {
      current ??= (await cases.findByKey(key))!;
      const move = CYCLE[current.step]!;
      const r = await applyAction({ cases }, { caseKey: key, expectedVersion: current.version, actionId: move.action, actor: ACTOR, form: move.form });
      if (r.kind !== 'not_found') current = r.case;
      return r.kind === 'applied' ? 'applied' : r.kind === 'stale' ? 'conflict' : 'error';
    };
  });
  await prisma.$disconnect();
  return result;
}

/** The same statements with plain pg: read the case, then one transaction of update, insert, insert (the same rows as ours). */
export async function rawTps(url: string, db: pg.Client, keys: string[], total: number, concurrency: number): Promise<TpsResult> {
  await prepare(db, keys);
  const pool = new pg.Pool({ connectionString: url, max: concurrency + 2 });
  const NEXT: Record<string, string> = { '(2)-a': '(2)-b', '(2)-b': '(2)-c', '(2)-c': '(2)-a' };
  const result = await measure(total, concurrency, (w) => async () => {
    const { rows } = await pool.query('SELECT * FROM cases WHERE key = $1', [keys[w % keys.length]]);
    const c = rows[0];
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const updated = await client.query(
        `UPDATE cases SET step = $1, version = $2, fields = $3, updated_at = now(), step_since = now(), due_date = current_date + 7, overdue_at = now() + interval '7 days' WHERE id = $4 AND version = $5`,
        [NEXT[c.step], c.version + 1, c.fields, c.id, c.version],
      );
      if (updated.rowCount !== 1) {
        await client.query('ROLLBACK');
        return 'conflict';
      }
      await client.query(`INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, comment, data) VALUES ($1, $2, $3, $4, 'accept', 'UBENCHALL', NULL, '{}')`, [c.id, c.version + 1, c.step, NEXT[c.step]]);
      await client.query(
        // Six rows, as ours writes at each step of the loop: four for the card and the DM, the overdue
        // reminder or the send-back mail, and the Home fan-out.
        `INSERT INTO notifications (case_id, stream, kind, payload) VALUES ($1, $3, 'thread.reply', $2), ($1, $3, 'card.update', $2), ($1, $4, 'dm.reply', $2), ($1, $4, 'dm.update', $2), ($1, $5, 'overdue', $2), ($1, $6, 'home.fanout', '{}')`,
        [c.id, JSON.stringify({ version: c.version + 1 }), `card:${c.id}`, `dm:${c.id}`, `overdue:${c.id}:${c.version + 1}`, `home-fanout:${c.id}`],
      );
      await client.query('COMMIT');
      return 'applied';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  });
  await pool.end();
  return result;
}
