// `/mdoc status`, `/mdoc list` and the App Home render on a record grown over years, and the plans of
// their queries.
import type pg from 'pg';
import { createCaseRepository } from '../../src/cases/case-repository.js';
import { createRoleDirectory } from '../../src/cases/role-directory.js';
import { createPrisma } from '../../src/db/prisma.js';
import { createHomePublisher } from '../../src/delivery/home-publisher.js';
import { createLogger } from '../../src/logger.js';
import { createSlackUsers } from '../../src/users/slack-users.js';
import type { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';
import type { LoadResult, SignedRequest } from './load.js';
import { command, signed, statusCommand } from './signed.js';
import { percentiles, type Percentiles } from './stats.js';

/**
 * The Home tab rendered `calls` times, in this process, with the bot's own code: for a reviewer, whose
 * queue holds every open case at an agency step, and for the requester of all 100,000 cases.
 */
export async function measureHome(url: string, calls: number, reviewer: string): Promise<{ reviewer: Percentiles; requester: Percentiles }> {
  const prisma = createPrisma(url, 4);
  const cases = createCaseRepository(prisma);
  const roles = createRoleDirectory({ lists: { reviewer: [reviewer], operator: [], test_lab: [] } });
  const users = createSlackUsers({ prisma, logger: createLogger('silent'), fetchLocale: async () => 'ja-JP' });
  const home = createHomePublisher({ cases, roles, users });
  const timed = async (user: string) => {
    await home.render(user); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await home.render(user);
      samples.push(performance.now() - started);
    }
    return percentiles(samples);
  };
  try {
    return { reviewer: await timed(reviewer), requester: await timed('UOLD') };
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Time until the answer of each command arrives at its response_url (status and list acknowledge at
 * once and answer there), one command at a time.
 */
async function answerTimes(url: string, slack: SlackApiStandIn, requests: (responseUrl: string) => SignedRequest[]): Promise<LoadResult> {
  const waiting = new Map<string, () => void>();
  slack.onCall = (call) => {
    if (call.method === 'response_url') waiting.get(call.args.response_id)?.();
  };
  const list = requests(slack.responseUrl('grown'));
  const samples: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (const [i, request] of list.entries()) {
    const id = `grown-${i}`;
    const body = request.body.replace(encodeURIComponent(slack.responseUrl('grown')), encodeURIComponent(slack.responseUrl(id)));
    const answered = new Promise<void>((resolve) => waiting.set(id, resolve));
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', body, headers: signed(body).headers });
    await res.text();
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
    if (res.status !== 200 || (await Promise.race([answered, timeout])) === 'timeout') errors++;
    else samples.push(performance.now() - t0);
    waiting.delete(id);
  }
  slack.onCall = undefined;
  return { ...percentiles(samples), errors, seconds: Math.round((performance.now() - started) / 10) / 100 };
}

export async function measureGrown(url: string, db: pg.Client, slack: SlackApiStandIn, calls: number, userId: string): Promise<{ status: LoadResult; list: LoadResult }> {
  const { rows } = await db.query<{ key: string }>(`SELECT key FROM cases ORDER BY random() LIMIT $1`, [calls]);
  await answerTimes(url, slack, (r) => rows.slice(0, 20).map((row) => statusCommand(row.key, userId, r))); // warm-up
  const status = await answerTimes(url, slack, (r) => rows.map((row) => statusCommand(row.key, userId, r)));
  const list = await answerTimes(url, slack, (r) => Array.from({ length: calls }, () => command('list', userId, r)));
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
    'home: waiting at agency steps': `SELECT * FROM cases WHERE closed = false AND ((procedure = 'usage' AND step = '(2)-b') OR (procedure = 'usage' AND step = '(2)-c')) ORDER BY overdue_at ASC NULLS LAST, step_since ASC, id ASC LIMIT 45`,
    'home: overdue count': `SELECT count(*) FROM cases WHERE closed = false AND ((procedure = 'usage' AND step = '(2)-b') OR (procedure = 'usage' AND step = '(2)-c')) AND overdue_at <= now()`,
    'home: requested': `SELECT * FROM cases WHERE requester_id = 'UOLD' ORDER BY closed ASC, updated_at DESC, id DESC LIMIT 10`,
    'home: latest of a requester': `SELECT t.* FROM transitions t JOIN cases c ON c.id = t.case_id WHERE c.requester_id = 'UNEW' ORDER BY t.id DESC LIMIT 10`,
    'outbox: claim heads': `SELECT n.id FROM notifications n WHERE n.id IN (SELECT min(p.id) FROM notifications p WHERE p.delivered_at IS NULL AND p.dead_at IS NULL GROUP BY p.stream) AND n.next_attempt_at <= now() AND (n.locked_until IS NULL OR n.locked_until < now() OR n.locked_by IN (SELECT w.worker_id FROM outbox_workers w WHERE w.beat_at < now() - interval '6 seconds')) ORDER BY n.id LIMIT 20`,
  };
  const plans: Record<string, { usesIndex: boolean; plan: string }> = {};
  for (const [name, sql] of Object.entries(queries)) {
    const plan = (await db.query(`EXPLAIN ${sql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
    plans[name] = { usesIndex: /Index/.test(plan), plan };
  }
  return plans;
}
