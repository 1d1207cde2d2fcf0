// `/mdoc status` and `/mdoc list` on a record grown over years, and the plans of their queries.
import type pg from 'pg';
import { runLoad, type LoadResult } from './load.js';
import { command, statusCommand } from './signed.js';

export async function measureGrown(url: string, db: pg.Client, calls: number, userId: string): Promise<{ status: LoadResult; list: LoadResult }> {
  const { rows } = await db.query<{ key: string }>(`SELECT key FROM cases ORDER BY random() LIMIT $1`, [calls]);
  await runLoad(url, rows.slice(0, 20).map((r) => statusCommand(r.key, userId)), 1); // warm-up
  const status = await runLoad(url, rows.map((r) => statusCommand(r.key, userId)), 1);
  const list = await runLoad(url, Array.from({ length: calls }, () => command('list', userId)), 1);
  return { status, list };
}

/** EXPLAIN of the statements behind status and list, equivalent to what Prisma sends. */
export async function explainQueries(db: pg.Client): Promise<Record<string, { usesIndex: boolean; plan: string }>> {
  const { rows } = await db.query<{ id: number; key: string }>(`SELECT id, key FROM cases ORDER BY id DESC LIMIT 1`);
  const { id, key } = rows[0]!;
  const queries: Record<string, string> = {
    'status: case by key': `SELECT * FROM cases WHERE key = '${key}'`,
    'status: history': `SELECT * FROM transitions WHERE case_id = ${id} ORDER BY version ASC`,
    'list: open cases': `SELECT * FROM cases WHERE closed = false ORDER BY updated_at DESC LIMIT 30`,
    'list: count open': `SELECT count(*) FROM cases WHERE closed = false`,
    'outbox: claim heads': `SELECT n.id FROM notifications n WHERE n.id IN (SELECT min(p.id) FROM notifications p WHERE p.delivered_at IS NULL AND p.dead_at IS NULL GROUP BY p.stream) AND n.next_attempt_at <= now() AND (n.locked_until IS NULL OR n.locked_until < now()) ORDER BY n.id LIMIT 20`,
  };
  const plans: Record<string, { usesIndex: boolean; plan: string }> = {};
  for (const [name, sql] of Object.entries(queries)) {
    const plan = (await db.query(`EXPLAIN ${sql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
    plans[name] = { usesIndex: /Index/.test(plan), plan };
  }
  return plans;
}
