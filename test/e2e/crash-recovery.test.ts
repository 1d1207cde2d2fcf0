// Recovery after a crash, in seconds (issue #12): real bot processes (`src/main.ts`) on one database and
// the Web API stand-in. A SIGKILLed process's claim goes to the next process within 10 s of its start;
// a live process whose Slack call takes 20 s keeps its claim, and nothing is posted twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCUMENT_NAMES } from '../../src/documents/catalogue.js';
import { REQUESTER, REVIEWER, REVIEW_CHANNEL, choice, samplePdf } from '../helpers/bot-harness.js';
import { freshDatabase } from '../helpers/database.js';
import { SIGNING_SECRET, buttonClickPayload, interactionBody, post, sign } from '../helpers/signed-requests.js';
import { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { waitFor } from '../helpers/wait-for.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

interface BotProcess {
  child: ChildProcess;
  url: string;
  /** When it was spawned (Date.now()). */
  spawnedAt: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface World {
  db: { url: string };
  slack: SlackApiStandIn;
  smtp: SmtpSink;
  sql: pg.Client;
}

async function world(): Promise<World> {
  const db = await freshDatabase();
  const slack = await new SlackApiStandIn().start();
  const smtp = await new SmtpSink().start();
  const sql = new pg.Client(db.url);
  await sql.connect();
  cleanup.push(() => db.drop(), () => slack.stop(), () => smtp.stop(), () => sql.end());
  return { db, slack, smtp, sql };
}

/** `node src/main.ts` as production runs it: default poll, lease and heartbeat. */
async function spawnBot(w: World): Promise<BotProcess> {
  // Every declared document on hand, so that the thread holds only the step replies.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mdoc-crash-'));
  await mkdir(path.join(dataDir, 'documents'));
  await Promise.all(DOCUMENT_NAMES.map((name) => writeFile(path.join(dataDir, 'documents', `${name}.pdf`), samplePdf(name))));
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-test-token-1234567890',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: w.slack.url,
      MDOC_REVIEWER_CHANNEL: REVIEW_CHANNEL,
      MDOC_REVIEWERS: REVIEWER,
      DATABASE_URL: w.db.url,
      SMTP_URL: w.smtp.url,
      MDOC_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line);
      if (entry.level >= 40 || process.env.CRASH_TEST_LOGS) console.log(`[bot ${child.pid}] ${line}`);
      if (entry.msg === 'mdoc desk is running') resolve(entry.port);
    });
    child.on('exit', () => reject(new Error('the bot exited before it ran')));
  });
  return { child, url: `http://127.0.0.1:${port}/slack/events`, spawnedAt, exited };
}

/** Opens a case through the bot's modal and waits for its card; returns its key. */
async function openCase(w: World, bot: BotProcess, org: string): Promise<string> {
  const form = { category: choice('private'), org_name: org, corporate_number: '4011001098993', department: '部', contact_name: '名', phone: '03-1234-5678', email: 'crash@example.jp', usage_mode: choice('remote'), krl_proxy: choice('no') };
  const submission = interactionBody({
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: REQUESTER, team_id: 'T1' },
    api_app_id: 'A1',
    view: { id: `V${org.length}${Date.now()}`, callback_id: 'mdoc_new', private_metadata: '{"procedure":"usage"}', state: { values: Object.fromEntries(Object.entries(form).map(([k, v]) => [k, { [k]: typeof v === 'string' ? { type: 'plain_text_input', value: v } : v }])) } },
  });
  expect((await post(bot.url, submission, sign(submission))).status).toBe(200);
  const card = await waitFor(() => w.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).includes(org)), 'the case card', 30_000);
  return String(card.args.text).split(' ')[0]!;
}

function cardOf(w: World, key: string) {
  return w.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).startsWith(`${key} `))!;
}

function threadRepliesOf(w: World, key: string) {
  const ts = cardOf(w, key).result.ts;
  return w.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === REVIEW_CHANNEL && c.args.thread_ts === ts);
}

/** Clicks the card's primary button, as the reviewer. */
async function clickSendDocuments(w: World, bot: BotProcess, key: string): Promise<void> {
  const card = w.slack.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).startsWith(key)).at(-1)!;
  const button = (card.args.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === 'mdoc_action:send_documents');
  const body = interactionBody(buttonClickPayload({ userId: REVIEWER, actionId: 'mdoc_action:send_documents', value: button.value }));
  expect((await post(bot.url, body, sign(body))).status).toBe(200);
}

async function pending(w: World): Promise<number> {
  const { rows } = await w.sql.query(`SELECT count(*)::int AS n FROM notifications WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now() + interval '1 minute'`);
  return rows[0].n;
}

async function notificationOf(w: World, key: string, kind: string) {
  const { rows } = await w.sql.query(
    `SELECT n.id::text AS id, n.locked_by AS "lockedBy", n.locked_until > now() AS held, n.attempts, n.delivered_at AS "deliveredAt", n.dead_at AS "deadAt"
     FROM notifications n JOIN cases c ON c.id = n.case_id WHERE c.key = $1 AND n.kind = $2 ORDER BY n.id DESC LIMIT 1`,
    [key, kind],
  );
  return rows[0];
}

/** Each Slack post of a notification, counted by the notification ID in its metadata: none may be doubled. */
function expectNoPostTwice(w: World): void {
  const ids = w.slack.callsOf('chat.postMessage').map((c) => c.args.metadata?.event_payload?.notification_id).filter(Boolean);
  expect(ids.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('a bot process SIGKILLed while it delivers a card update', () => {
  it('leaves its claim to the next process, which delivers it within 10 s of its start, once', async () => {
    const w = await world();
    const a = await spawnBot(w);
    const key = await openCase(w, a, '強制終了試験株式会社');
    await waitFor(async () => (await pending(w)) === 0, 'the new case delivered', 15_000);

    // The card's update after the click hangs in Slack: process A is in the middle of it when it dies.
    w.slack.stall('chat.update', 15_000, { match: (args) => args.channel === REVIEW_CHANNEL });
    await clickSendDocuments(w, a, key);
    await waitFor(() => threadRepliesOf(w, key).length === 1 && w.slack.stalledNow === 1, 'the thread reply, then the card update in flight', 15_000);
    a.child.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();

    // The dead process's claim: a lease of a minute that nobody would have taken before it ran out.
    const claimed = await notificationOf(w, key, 'card.update');
    expect(claimed).toMatchObject({ held: true, attempts: 1, deliveredAt: null });
    const deadWorker = claimed.lockedBy as string;

    const b = await spawnBot(w);
    const update = await waitFor(() => w.slack.callsOf('chat.update').find((c) => c.args.channel === REVIEW_CHANNEL && c.args.ts === cardOf(w, key).result.ts), 'the card update from the new process', 15_000);
    const takeover = update.at - b.spawnedAt;
    console.log(`crash recovery: the card update came ${(takeover / 1000).toFixed(1)} s after the new process was spawned, ${((update.at - killedAt) / 1000).toFixed(1)} s after the kill`);
    expect(takeover).toBeLessThan(10_000);
    await waitFor(async () => (await pending(w)) === 0, 'the outbox to drain', 15_000);

    const { rows: [step] } = await w.sql.query(`SELECT step FROM cases WHERE key = $1`, [key]);
    expect(JSON.stringify(update.args.blocks)).toContain(step.step);
    expect(String(threadRepliesOf(w, key)[0]!.args.text).startsWith(step.step)).toBe(true);
    // Shown once: one thread reply, one card update (the dead process's call never reached Slack).
    await waitFor(() => w.slack.stalledNow === 0, 'the end of the stalled call', 15_000);
    expect(w.slack.stalledAbandoned).toBe(1);
    expect(threadRepliesOf(w, key)).toHaveLength(1);
    expect(w.slack.callsOf('chat.update').filter((c) => c.args.ts === cardOf(w, key).result.ts)).toHaveLength(1);
    expectNoPostTwice(w);
    const delivered = await notificationOf(w, key, 'card.update');
    expect(delivered.deliveredAt).not.toBeNull();
    expect(delivered.attempts).toBe(2);
    expect(delivered.lockedBy).not.toBe(deadWorker);
    const { rows: dead } = await w.sql.query(`SELECT id FROM notifications WHERE dead_at IS NOT NULL`);
    expect(dead).toEqual([]);

    // A graceful stop removes the heartbeat row; the crashed process's stays until it is swept.
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
    const { rows: workers } = await w.sql.query(`SELECT worker_id AS "workerId" FROM outbox_workers`);
    expect(workers).toEqual([{ workerId: deadWorker }]);
  }, 90_000);
});

describe('a bot process whose Slack call takes 20 s', () => {
  it('keeps its claim while another process runs, and the message is posted once', async () => {
    const w = await world();
    const a = await spawnBot(w);
    const key = await openCase(w, a, '遅延試験株式会社');
    await waitFor(async () => (await pending(w)) === 0, 'the new case delivered', 15_000);

    // The thread reply after the click takes Slack 20 s to answer.
    const STALL_MS = 20_000;
    w.slack.stall('chat.postMessage', STALL_MS, { match: (args) => args.channel === REVIEW_CHANNEL && Boolean(args.thread_ts) });
    await clickSendDocuments(w, a, key);
    await waitFor(() => w.slack.stalledNow === 1, 'the thread reply in flight', 15_000);
    const stalledAt = Date.now();
    const claimed = await notificationOf(w, key, 'thread.reply');
    expect(claimed).toMatchObject({ held: true, attempts: 1, deliveredAt: null });
    const slowWorker = claimed.lockedBy as string;

    // Process B starts and works meanwhile: it delivers a new case of its own, and leaves A's claim alone.
    const b = await spawnBot(w);
    const other = await openCase(w, b, '並行試験株式会社');
    await waitFor(async () => (await notificationOf(w, other, 'card.post'))?.deliveredAt, 'the other case card');
    await new Promise((r) => setTimeout(r, Math.max(0, stalledAt + 14_000 - Date.now()))); // well past 6 s without a finished delivery
    expect(w.slack.stalledNow).toBe(1);
    const held = await notificationOf(w, key, 'thread.reply');
    expect(held).toMatchObject({ lockedBy: slowWorker, held: true, attempts: 1, deliveredAt: null });
    const { rows: alive } = await w.sql.query(`SELECT count(*)::int AS n FROM outbox_workers WHERE beat_at > now() - interval '3 seconds'`);
    expect(alive[0].n).toBe(2);

    await waitFor(() => threadRepliesOf(w, key).length > 0, 'the slow thread reply', 15_000);
    expect(threadRepliesOf(w, key)[0]!.at - stalledAt).toBeGreaterThanOrEqual(STALL_MS - 1_000);
    await waitFor(async () => (await pending(w)) === 0, 'the outbox to drain', 15_000);
    await new Promise((r) => setTimeout(r, 1_500)); // a double would come from the next poll

    expect(threadRepliesOf(w, key)).toHaveLength(1);
    expectNoPostTwice(w);
    const done = await notificationOf(w, key, 'thread.reply');
    expect(done).toMatchObject({ lockedBy: slowWorker, attempts: 1 });
    expect(done.deliveredAt).not.toBeNull();
    // Nobody took anything over, nothing died.
    const { rows: retried } = await w.sql.query(`SELECT kind, attempts, dead_at AS "deadAt" FROM notifications WHERE attempts > 1 OR dead_at IS NOT NULL`);
    expect(retried).toEqual([]);

    // Both stop gracefully: each removes its heartbeat row.
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);
    const { rows: workers } = await w.sql.query(`SELECT worker_id FROM outbox_workers`);
    expect(workers).toEqual([]);
  }, 90_000);
});
