// Transitions per second through our use case (version check, transition row, case update, outbox rows
// in one transaction), against the same statements issued with plain pg, and against a plain Prisma
// version of the same transition (an interactive transaction of model queries).
import pg from 'pg';
import { applyAction } from '../../src/cases/apply-action.js';
import { createCaseRepository } from '../../src/cases/case-repository.js';
import { createPrisma, type PrismaClient } from '../../src/db/prisma.js';
import type { Actor } from '../../src/workflow/authorize.js';
import { median } from './stats.js';

const ACTOR: Actor = { userId: 'UBENCHALL', roles: new Set(['reviewer']) };
// A loop that never ends: accept → send back with a reason → record the resubmission → accept …
const CYCLE: Record<string, { action: string; form?: Record<string, string> }> = {
  '(2)-a': { action: 'record_submission' },
  '(2)-b': { action: 'accept' },
  '(2)-c': { action: 'send_back', form: { reason: 'ベンチマーク' } },
};

/** The step after each step of the loop, for the baselines that do not run the workflow. */
const NEXT: Record<string, string> = { '(2)-a': '(2)-b', '(2)-b': '(2)-c', '(2)-c': '(2)-a' };

/** How a run gets its client: the bot's own `createPrisma` unless a test brings one that counts its queries. */
export type PrismaFactory = (url: string, poolSize: number) => PrismaClient;

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

/** Through the bot's own use case and repository, on a client from `makePrisma`. */
export async function ourTps(url: string, db: pg.Client, keys: string[], total: number, concurrency: number, makePrisma: PrismaFactory = createPrisma): Promise<TpsResult> {
  await prepare(db, keys);
  const prisma = makePrisma(url, concurrency + 2);
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

class Conflict extends Error {}

/**
 * The same transition as Prisma's documentation would write it: an interactive transaction that reads
 * the case, updates it with a version check (exactly one row), and creates the transition and the same
 * six outbox rows with the model API.
 */
export async function plainPrismaTps(url: string, db: pg.Client, keys: string[], total: number, concurrency: number, makePrisma: PrismaFactory = createPrisma): Promise<TpsResult> {
  await prepare(db, keys);
  const prisma = makePrisma(url, concurrency + 2);
  const week = 7 * 86_400_000;
  const result = await measure(total, concurrency, (w) => async () => {
    try {
      await prisma.$transaction(async (tx) => {
        const c = await tx.case.findUniqueOrThrow({ where: { key: keys[w % keys.length]! } });
        const [version, next, now] = [c.version + 1, NEXT[c.step]!, new Date()];
        const claimed = await tx.case.updateMany({
          where: { id: c.id, version: c.version },
          data: { step: next, version, fields: c.fields ?? {}, updatedAt: now, stepSince: now, dueDate: new Date(now.getTime() + week), overdueAt: new Date(now.getTime() + week) },
        });
        if (claimed.count !== 1) throw new Conflict();
        // The trigger transitions_chain sets the hash, whatever is sent.
        await tx.transition.create({ data: { caseId: c.id, version, fromStep: c.step, toStep: next, action: 'accept', actorId: ACTOR.userId, data: {}, hash: '' } });
        const payload = { version };
        await tx.notification.createMany({
          data: [
            { caseId: c.id, stream: `card:${c.id}`, kind: 'thread.reply', payload },
            { caseId: c.id, stream: `card:${c.id}`, kind: 'card.update', payload },
            { caseId: c.id, stream: `dm:${c.id}`, kind: 'dm.reply', payload },
            { caseId: c.id, stream: `dm:${c.id}`, kind: 'dm.update', payload },
            { caseId: c.id, stream: `overdue:${c.id}:${version}`, kind: 'overdue', payload },
            { caseId: c.id, stream: `home-fanout:${c.id}`, kind: 'home.fanout', payload: {} },
          ],
        });
      });
      return 'applied';
    } catch (error) {
      if (error instanceof Conflict) return 'conflict';
      throw error;
    }
  });
  await prisma.$disconnect();
  return result;
}

/**
 * Runs `work` with the hash chain off (issue 12): the trigger transitions_chain disabled and an empty
 * hash as the column's default, so that the same statements write the same rows without hashing them.
 * For this measurement on the benchmark's own database only: the rows written meanwhile are not chained.
 */
async function withoutChain<T>(db: pg.Client, work: () => Promise<T>): Promise<T> {
  await db.query(`ALTER TABLE transitions DISABLE TRIGGER transitions_chain`);
  await db.query(`ALTER TABLE transitions ALTER COLUMN hash SET DEFAULT ''`);
  try {
    return await work();
  } finally {
    await db.query(`ALTER TABLE transitions ALTER COLUMN hash DROP DEFAULT`);
    await db.query(`ALTER TABLE transitions ENABLE TRIGGER transitions_chain`);
  }
}

export interface ChainCost {
  /** Transitions per second of each run, in the order measured. */
  withChain: number[];
  withoutChain: number[];
  rawWithChain: number[];
  rawWithoutChain: number[];
  /** 1 − median with / median without: the share of throughput the chain costs. */
  cost: number;
  rawCost: number;
}

const costOf = (withChain: number[], withoutChain: number[]) => Math.round((1 - median(withChain) / median(withoutChain)) * 1000) / 1000;

/**
 * Transitions per second with the chain against the same without it, ours and raw pg, on `concurrency`
 * distinct fresh cases: the four alternate `repeats` times, so that drift on a shared machine (a growing
 * table, autovacuum, a neighbour's load) falls on both sides alike.
 */
export async function chainCost(url: string, db: pg.Client, fresh: (n: number) => Promise<string[]>, total: number, concurrency: number, repeats: number): Promise<ChainCost> {
  const runs: ChainCost = { withChain: [], withoutChain: [], rawWithChain: [], rawWithoutChain: [], cost: 0, rawCost: 0 };
  for (let i = 0; i < repeats; i++) {
    runs.withChain.push((await ourTps(url, db, await fresh(concurrency), total, concurrency)).tps);
    runs.withoutChain.push((await withoutChain(db, async () => ourTps(url, db, await fresh(concurrency), total, concurrency))).tps);
    runs.rawWithChain.push((await rawTps(url, db, await fresh(concurrency), total, concurrency)).tps);
    runs.rawWithoutChain.push((await withoutChain(db, async () => rawTps(url, db, await fresh(concurrency), total, concurrency))).tps);
  }
  return { ...runs, cost: costOf(runs.withChain, runs.withoutChain), rawCost: costOf(runs.rawWithChain, runs.rawWithoutChain) };
}
