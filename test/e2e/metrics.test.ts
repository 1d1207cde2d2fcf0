// GET /metrics on the real bot (Bolt's HTTP receiver, Postgres, the Web API stand-in): what a case walked,
// mails taken, a 429 and a dead notification leave in the Prometheus text, and the bearer token.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEWER, REVIEW_CHANNEL, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack, threadReplies, walk } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';

async function scrape(h: Harness, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${h.bot.port}/metrics`, { headers });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

/** The value of the sample `name` whose labels are exactly `labels`, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k, v]));
    if (Object.keys(found).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const metricsOf = async (h: Harness) => (await scrape(h)).text;

const intake = {
  category: choice('private'),
  org_name: '計測株式会社',
  corporate_number: '4011001098993',
  department: '部',
  contact_name: '名',
  phone: '03-1234-5678',
  // The sender of the fixture reply below: the applicant.
  email: 'taro@example.co.jp',
  usage_mode: choice('remote'),
  krl_proxy: choice('no'),
  preparation: [],
};

describe('GET /metrics, open (MDOC_METRICS_TOKEN unset)', () => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.stop());

  it('counts a case opened and a step walked: transitions, deliveries, acks by kind; the outbox is empty', async () => {
    key = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake);
    await walk(h, key, [{ step: '(1)-b', action: 'send_documents', by: REVIEWER, next: '(2)-a 情報開示申請' }]);

    const res = await scrape(h);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.text;
    expect(sample(text, 'mdoc_transitions_total', { procedure: 'usage', action: 'open' })).toBe(1);
    expect(sample(text, 'mdoc_transitions_total', { procedure: 'usage', action: 'send_documents' })).toBe(1);

    // One /mdoc new, one modal submitted, one button clicked; nothing else.
    expect(sample(text, 'mdoc_slack_ack_duration_seconds_count', { kind: 'command' })).toBe(1);
    expect(sample(text, 'mdoc_slack_ack_duration_seconds_count', { kind: 'view_submission' })).toBe(1);
    expect(sample(text, 'mdoc_slack_ack_duration_seconds_count', { kind: 'action' })).toBe(1);
    expect(sample(text, 'mdoc_slack_ack_duration_seconds_count', { kind: 'event' })).toBe(0);
    expect(sample(text, 'mdoc_slack_ack_duration_seconds_bucket', { le: '3', kind: 'action' })).toBe(1);
    expect(sample(text, 'mdoc_slack_ack_duration_seconds_bucket', { le: '+Inf', kind: 'command' })).toBe(1);
    expect(sample(text, 'mdoc_slack_ack_duration_seconds_sum', { kind: 'command' })).toBeGreaterThan(0);

    // Each kind delivered exactly as often as the database says, and nothing failed.
    const delivered = await h.bot.db.prisma.notification.groupBy({ by: ['kind'], where: { deliveredAt: { not: null } }, _count: { _all: true } });
    expect(delivered.length).toBeGreaterThan(3);
    for (const row of delivered) expect(sample(text, 'mdoc_outbox_deliveries_total', { kind: row.kind, result: 'delivered' }), row.kind).toBe(row._count._all);
    expect(sample(text, 'mdoc_outbox_deliveries_total', { kind: 'card.post', result: 'delivered' })).toBe(1);
    expect(sample(text, 'mdoc_outbox_deliveries_total', { kind: 'thread.reply', result: 'delivered' })).toBe(1);
    expect(text).not.toMatch(/^mdoc_outbox_deliveries_total\{[^}]*result="(retried|dead|deferred)"/m);

    // Read from the database: every kind is there, at 0.
    for (const name of ['mdoc_outbox_pending', 'mdoc_outbox_oldest_pending_age_seconds', 'mdoc_outbox_dead']) {
      expect(sample(text, name, { kind: 'card.update' }), name).toBe(0);
      expect(sample(text, name, { kind: 'inbound.post' }), name).toBe(0);
    }
    expect(sample(text, 'mdoc_slack_rate_limited_total', { method: 'chat.postMessage' })).toBeUndefined();
    expect(sample(text, 'mdoc_inbound_mails_total', { result: 'matched' })).toBe(0);

    // prom-client's default process metrics.
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // User and system time together: Linux may account a busy second to system time alone (it splits
    // the process's run time by sampled ticks), so user time by itself can stay flat (seen on CI).
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('changes nothing when read: the same counters and the same outbox twice over', async () => {
    const rows = () => h.bot.db.prisma.notification.findMany({ orderBy: { id: 'asc' }, select: { id: true, attempts: true, deliveredAt: true, deadAt: true, nextAttemptAt: true, lockedUntil: true } });
    const ours = (text: string) => text.split('\n').filter((l) => l.startsWith('mdoc_'));
    const before = await rows();
    const first = ours(await metricsOf(h));
    const second = ours(await metricsOf(h));
    expect(second).toEqual(first);
    expect(await rows()).toEqual(before);
    // Only GET is served.
    expect((await fetch(`http://127.0.0.1:${h.bot.port}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('counts a 429 by method, and the delivery it held back as retried and then delivered', async () => {
    h.slack.fail('chat.postMessage', { status: 429, retryAfter: 1, channel: REVIEW_CHANNEL });
    const inbox = path.join(h.dataDir, 'inbox');
    await mkdir(inbox, { recursive: true });
    await copyFile('test/fixtures/mail/iso2022jp-reply.eml', path.join(inbox, 'reply.eml'));
    await waitFor(() => threadReplies(h, key).some((c) => String(c.args.text).includes('メールを受信しました')), 'the mail in the thread');
    await h.settle();

    const text = await metricsOf(h);
    expect(sample(text, 'mdoc_slack_rate_limited_total', { method: 'chat.postMessage' })).toBe(1);
    expect(sample(text, 'mdoc_outbox_deliveries_total', { kind: 'inbound.post', result: 'retried' })).toBe(1);
    expect(sample(text, 'mdoc_outbox_deliveries_total', { kind: 'inbound.post', result: 'delivered' })).toBe(1);
    expect(sample(text, 'mdoc_inbound_mails_total', { result: 'matched' })).toBe(1);
  });

  it('counts inbound mails by result: a stranger, a bounce and an automatic reply each by its own', async () => {
    const inbox = path.join(h.dataDir, 'inbox');
    await copyFile('test/fixtures/mail/malformed.eml', path.join(inbox, 'broken.eml'));
    await copyFile('test/fixtures/mail/no-match.eml', path.join(inbox, 'unmatched.eml'));
    // The two fixtures below name MDOC-0001, this test's case; the bounce returns no mail of ours.
    await copyFile('test/fixtures/mail/stranger-subject.eml', path.join(inbox, 'stranger.eml'));
    await copyFile('test/fixtures/mail/auto-reply-out-of-office.eml', path.join(inbox, 'away.eml'));
    await copyFile('test/fixtures/mail/bounce-unmatched.eml', path.join(inbox, 'bounce.eml'));
    await waitFor(async () => (await readdir(path.join(inbox, 'done')).catch(() => [])).length === 5, 'the mails in done/');
    await waitFor(async () => (await readdir(path.join(inbox, 'failed')).catch(() => [])).length === 2, 'the malformed mail in failed/');
    await h.settle();

    const text = await metricsOf(h);
    for (const result of ['matched', 'unmatched', 'malformed', 'stranger', 'bounce', 'auto_reply']) expect(sample(text, 'mdoc_inbound_mails_total', { result }), result).toBe(1);
    for (const result of ['preparation', 'duplicate', 'too_large']) expect(sample(text, 'mdoc_inbound_mails_total', { result }), result).toBe(0);
    // The counters agree with the record.
    const recorded = await h.bot.db.prisma.inboundMessage.groupBy({ by: ['outcome'], _count: { _all: true } });
    for (const row of recorded) expect(sample(text, 'mdoc_inbound_mails_total', { result: row.outcome }), row.outcome).toBe(row._count._all);
  });

  it('shows a dead notification by kind, read from the database', async () => {
    h.slack.fail('chat.update', { error: 'cant_update_message', channel: REVIEW_CHANNEL });
    const deadNotices = () => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && c.args.text !== undefined && !String(c.args.text).startsWith(`${key} `));
    const noticesBefore = deadNotices().length;
    expect((await h.click(key, 'record_submission', REQUESTER)).status).toBe(200);
    await waitFor(async () => (await h.bot.db.prisma.notification.count({ where: { kind: 'card.update', deadAt: { not: null } } })) === 1, 'the card update to die');
    await h.settle();
    await waitFor(() => deadNotices().length > noticesBefore, 'the dead notice in the reviewer channel');

    const text = await metricsOf(h);
    expect(sample(text, 'mdoc_outbox_dead', { kind: 'card.update' })).toBe(1);
    expect(sample(text, 'mdoc_outbox_dead', { kind: 'thread.reply' })).toBe(0);
    expect(sample(text, 'mdoc_outbox_deliveries_total', { kind: 'card.update', result: 'dead' })).toBe(1);
    expect(sample(text, 'mdoc_outbox_deliveries_total', { kind: 'dead.notice', result: 'delivered' })).toBe(1);
    expect(sample(text, 'mdoc_transitions_total', { procedure: 'usage', action: 'record_submission' })).toBe(1);
    expect(sample(text, 'mdoc_slack_ack_duration_seconds_count', { kind: 'action' })).toBe(2);
  });

  it('reads pending rows and the age of the oldest from the database; a notification scheduled for later is not pending', async () => {
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const inAnHour = new Date(Date.now() + 3_600_000);
    await h.bot.db.prisma.notification.createMany({
      data: [
        // Tried once, waiting for its retry for five minutes now.
        { stream: 'test:stuck', kind: 'digest', payload: { date: '2026-12-01' }, attempts: 1, nextAttemptAt: inAnHour, createdAt: minutesAgo(5) },
        // Scheduled for an hour from now, never tried: not due, not pending.
        { stream: 'test:later', kind: 'reminder', payload: {}, attempts: 0, nextAttemptAt: inAnHour, createdAt: minutesAgo(60) },
      ],
    });
    const text = await metricsOf(h);
    expect(sample(text, 'mdoc_outbox_pending', { kind: 'digest' })).toBe(1);
    expect(sample(text, 'mdoc_outbox_oldest_pending_age_seconds', { kind: 'digest' })).toBeGreaterThanOrEqual(300);
    expect(sample(text, 'mdoc_outbox_oldest_pending_age_seconds', { kind: 'digest' })).toBeLessThan(330);
    expect(sample(text, 'mdoc_outbox_pending', { kind: 'reminder' })).toBe(0);
    expect(sample(text, 'mdoc_outbox_oldest_pending_age_seconds', { kind: 'reminder' })).toBe(0);
    await h.bot.db.prisma.notification.deleteMany({ where: { stream: { in: ['test:stuck', 'test:later'] } } });
  });

  it('times the acknowledgement of an event, which Bolt sends itself', async () => {
    expect((await h.openHome(REQUESTER)).status).toBe(200);
    const text = await metricsOf(h);
    expect(sample(text, 'mdoc_slack_ack_duration_seconds_count', { kind: 'event' })).toBe(1);
    expect(sample(text, 'mdoc_slack_ack_duration_seconds_bucket', { le: '3', kind: 'event' })).toBe(1);
  });
});

describe('GET /metrics with MDOC_METRICS_TOKEN', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MDOC_METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => h?.stop());

  it('answers 401 without the bearer token or with a wrong one, 200 with it; /healthz stays open; the token is never logged', async () => {
    const refused = await scrape(h);
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('mdoc_');
    expect((await scrape(h, { authorization: 'Bearer metrics-token-0123456789abcdeX' })).status).toBe(401);
    expect((await scrape(h, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrape(h, { authorization: `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}` })).status).toBe(401);
    expect((await scrape(h, { authorization: TOKEN })).status).toBe(401);

    const allowed = await scrape(h, { authorization: `Bearer ${TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(sample(allowed.text, 'mdoc_outbox_pending', { kind: 'card.post' })).toBe(0);
    expect((await fetch(`http://127.0.0.1:${h.bot.port}/healthz`)).status).toBe(200);
    expect(h.logs.some((line) => line.includes(TOKEN))).toBe(false);
  });
});
