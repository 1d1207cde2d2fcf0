// Several bot processes on one database, and a graceful stop: nothing applied twice, nothing delivered
// twice, nothing left behind.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEWER, REVIEWER_2, REVIEW_CHANNEL, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack, threadReplies } from '../helpers/case-walk.js';
import { freshDatabase } from '../helpers/database.js';
import { SIGNING_SECRET, interactionBody, post, sign } from '../helpers/signed-requests.js';
import { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { waitFor } from '../helpers/wait-for.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

const intake = (name: string) => ({
  category: choice('private'),
  org_name: name,
  corporate_number: '4011001098993',
  department: '部',
  contact_name: '名',
  phone: '03-1234-5678',
  email: 'procs@example.jp',
  usage_mode: choice('remote'),
  krl_proxy: choice('no'),
});

describe('two bot processes on one database', () => {
  it('apply twenty clicks split between them once, and deliver every notification once', async () => {
    const db = await freshDatabase();
    const slack = await new SlackApiStandIn().start();
    const smtp = await new SmtpSink().start();
    const a: Harness = await startHarness({ db, slack, smtp });
    const b: Harness = await startHarness({ db, slack, smtp });
    cleanup.push(() => db.drop(), () => slack.stop(), () => smtp.stop(), () => a.stop(), () => b.stop());

    const key = await openCaseThroughSlack(a, 'new usage', REQUESTER, intake('二重起動株式会社'));
    const value = a.latestCard(key)!.blocks.find((x) => x.type === 'actions').elements[0].value;
    const clicks = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).click(key, 'send_documents', i % 3 ? REVIEWER : REVIEWER_2, { value }));
    expect((await Promise.all(clicks)).map((r) => r.status)).toEqual(Array(20).fill(200));
    await waitFor(() => threadReplies(a, key).length === 1, 'the thread reply');
    await Promise.all([a.settle(), b.settle()]);
    await new Promise((r) => setTimeout(r, 200));

    expect(await a.bot.db.prisma.transition.count({ where: { case: { key } } })).toBe(2);
    expect(threadReplies(a, key)).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.subject.includes(key))).toHaveLength(1);
    const ids = slack.callsOf('chat.postMessage').map((c) => c.args.metadata?.event_payload?.notification_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    const delivered = await a.bot.db.prisma.notification.findMany({ where: { case: { key }, kind: { not: 'overdue' } } });
    expect(delivered.every((n) => n.deliveredAt && n.attempts === 1)).toBe(true);
  });
});

describe('SIGTERM', () => {
  it('stops within 10 s, releases its claims, and a restart delivers what remained', async () => {
    const db = await freshDatabase();
    const slack = await new SlackApiStandIn().start();
    const smtp = await new SmtpSink().start();
    cleanup.push(() => db.drop(), () => slack.stop(), () => smtp.stop());
    slack.fail('chat.postMessage', { status: 503 }, 10_000); // Slack is down: everything stays queued

    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: 'xoxb-test-token-1234567890',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        MDOC_REVIEWER_CHANNEL: REVIEW_CHANNEL,
        MDOC_REVIEWERS: REVIEWER,
        DATABASE_URL: db.url,
        SMTP_URL: smtp.url,
        PORT: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line);
        if (entry.msg === 'mdoc desk is running') resolve(entry.port);
      });
      child.on('exit', () => reject(new Error('the bot exited before it ran')));
    });

    const url = `http://127.0.0.1:${port}/slack/events`;
    const submission = interactionBody({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: REQUESTER, team_id: 'T1' },
      api_app_id: 'A1',
      view: { id: 'VSIGTERM', callback_id: 'mdoc_new', private_metadata: '{"procedure":"usage"}', state: { values: Object.fromEntries(Object.entries(intake('停止試験株式会社')).map(([k, v]) => [k, { [k]: typeof v === 'string' ? { type: 'plain_text_input', value: v } : v }])) } },
    });
    expect((await post(url, submission, sign(submission))).status).toBe(200);
    await waitFor(() => slack.failuresServed > 0, 'a delivery attempt while Slack is down');

    const signalled = Date.now();
    child.kill('SIGTERM');
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(10_000);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    // Looked at before the next process starts: its worker claims the rows again at once.
    const client = new pg.Client(db.url);
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS held FROM notifications WHERE locked_until > now()`);
    await client.end();
    expect(rows[0].held).toBe(0);

    const restarted = await startHarness({ db });
    cleanup.push(() => restarted.stop());
    await restarted.settle();
    const card = restarted.slack.callsOf('chat.postMessage').find((c) => String(c.args.text).includes('停止試験株式会社'));
    expect(card).toBeDefined();
  });
});
