// The metrics' parts without a bot: the route (token, 503), the outbox gauges' one read per scrape, the
// counting outbox, how requests and Web API URLs are named, and the token's setting.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SocketModeReceiver } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { requestKind } from '../../src/metrics/ack-timing.js';
import { createBotMetrics } from '../../src/metrics/bot-metrics.js';
import { countingOutbox, type DeliveryResult } from '../../src/metrics/counting-outbox.js';
import { bearerMatches, metricsRoute } from '../../src/metrics/metrics-route.js';
import type { OutboxByKind } from '../../src/metrics/outbox-gauges.js';
import { methodOf } from '../../src/metrics/rate-limits.js';
import type { ClaimedNotification, OutboxRepository } from '../../src/outbox/outbox-repository.js';

const logs: string[] = [];
const logger = createLogger('debug', { write: (line: string) => void logs.push(line) });

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(route: ReturnType<typeof metricsRoute>): Promise<string> {
  server = createServer((req, res) => void route.handler(req as never, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

describe('the /metrics route', () => {
  it('answers 503 when the outbox cannot be read, and logs why', async () => {
    const metrics = createBotMetrics({ readOutbox: () => Promise.reject(new Error('connection refused')) });
    const res = await fetch(await serve(metrics.route(undefined, logger)));
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('database');
    expect(logs.some((l) => l.includes('metrics could not be read') && l.includes('connection refused'))).toBe(true);
  });

  it('reads the outbox once per scrape for its three gauges, and shows every kind', async () => {
    let reads = 0;
    const rows: OutboxByKind[] = [
      { kind: 'card.update', pending: 2, oldestAgeSeconds: 12.5, dead: 0 },
      { kind: 'mail', pending: 0, oldestAgeSeconds: 0, dead: 3 },
    ];
    const metrics = createBotMetrics({ readOutbox: async () => (reads++, rows) });
    const text = await metrics.registry.metrics();
    expect(reads).toBe(1);
    expect(text).toContain('mdoc_outbox_pending{kind="card.update"} 2');
    expect(text).toContain('mdoc_outbox_oldest_pending_age_seconds{kind="card.update"} 12.5');
    expect(text).toContain('mdoc_outbox_dead{kind="mail"} 3');
    expect(text).toContain('mdoc_outbox_dead{kind="home.publish"} 0');
    // A kind that is gone from the database reads 0 again.
    rows.splice(0, 2);
    const later = await metrics.registry.metrics();
    expect(reads).toBe(2);
    expect(later).toContain('mdoc_outbox_pending{kind="card.update"} 0');
    expect(later).toContain('mdoc_outbox_dead{kind="mail"} 0');
  });

  it('needs the bearer token when one is set', async () => {
    const registry = new Registry();
    const url = await serve(metricsRoute({ registries: () => [registry], token: 'a-token-of-16-chars', logger }));
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url)).headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await fetch(url, { headers: { authorization: 'Bearer a-token-of-16-chars' } })).status).toBe(200);
    expect((await fetch(url, { headers: { authorization: 'bearer a-token-of-16-chars' } })).status).toBe(200);
    expect((await fetch(url, { headers: { authorization: 'Bearer a-token-of-16-char' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer ' } })).status).toBe(401);
  });

  it('is served by the Socket Mode receiver too, as a custom route', async () => {
    const metrics = createBotMetrics({ readOutbox: async () => [] });
    const receiver = new SocketModeReceiver({ appToken: 'xapp-1-test', customRoutes: [metrics.route('a-token-of-16-chars', logger)], installerOptions: { port: 0 } });
    // The receiver's HTTP server, started without the socket (which would call Slack).
    server = (receiver as unknown as { httpServer: Server }).httpServer;
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { authorization: 'Bearer a-token-of-16-chars' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('mdoc_outbox_pending{kind="card.post"} 0');
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('compares tokens whole', () => {
    expect(bearerMatches('Bearer abc', 'abc')).toBe(true);
    expect(bearerMatches('Bearer abcd', 'abc')).toBe(false);
    expect(bearerMatches('Bearer ab', 'abc')).toBe(false);
    expect(bearerMatches('Bearer abc def', 'abc')).toBe(false);
    expect(bearerMatches(undefined, 'abc')).toBe(false);
    expect(bearerMatches('abc', 'abc')).toBe(false);
  });
});

describe('the counting outbox', () => {
  const claimedRow = (id: number, kind: ClaimedNotification['kind']): ClaimedNotification => ({ id: BigInt(id), caseId: 1, stream: 's', kind, payload: {}, attempts: 1, createdAt: new Date() });

  it('counts each recorded result by the kind of the notification claimed', async () => {
    const rows = [claimedRow(1, 'card.post'), claimedRow(2, 'mail'), claimedRow(3, 'mail'), claimedRow(4, 'thread.reply')];
    const noop = async () => {};
    const outbox = { claim: async () => rows, markDelivered: noop, markFailed: noop, markDeferred: noop, markDead: noop, release: async () => 0 } as unknown as OutboxRepository;
    const counted: [string, DeliveryResult][] = [];
    const counting = countingOutbox(outbox, (kind, result) => counted.push([kind, result]));
    await counting.claim('w', 10, 1_000, 6_000);
    await counting.markDelivered(1n, 'w');
    await counting.markFailed(2n, 'w', 'boom', 100);
    await counting.markDead(rows[2]!, 'w', 'gone');
    await counting.markDeferred(4n, 'w', new Date());
    // Recorded once only: a second record of the same claim is not counted again.
    await counting.markDelivered(1n, 'w');
    expect(counted).toEqual([['card.post', 'delivered'], ['mail', 'retried'], ['mail', 'dead'], ['thread.reply', 'deferred']]);
  });

  it('counts nothing when the record fails', async () => {
    const outbox = { claim: async () => [claimedRow(1, 'mail')], markDelivered: () => Promise.reject(new Error('db down')) } as unknown as OutboxRepository;
    const counted: string[] = [];
    const counting = countingOutbox(outbox, (kind) => counted.push(kind));
    await counting.claim('w', 10, 1_000, 6_000);
    await expect(counting.markDelivered(1n, 'w')).rejects.toThrow('db down');
    expect(counted).toEqual([]);
  });
});

describe('names', () => {
  it('names a request by its kind', () => {
    expect(requestKind({ command: '/mdoc', text: 'list' })).toBe('command');
    expect(requestKind({ type: 'block_actions' })).toBe('action');
    expect(requestKind({ type: 'view_submission' })).toBe('view_submission');
    expect(requestKind({ type: 'event_callback', event: { type: 'app_home_opened' } })).toBe('event');
    expect(requestKind({ type: 'shortcut' })).toBe('shortcut');
    expect(requestKind({ type: 'message_action' })).toBe('shortcut');
    expect(requestKind({ type: 'block_suggestion' })).toBe('other');
  });

  it('names a Web API call by its method, and nothing else', () => {
    expect(methodOf('https://slack.com/api/chat.postMessage')).toBe('chat.postMessage');
    expect(methodOf('http://127.0.0.1:4000/api/usergroups.users.list')).toBe('usergroups.users.list');
    expect(methodOf('https://files.slack.com/upload/v1/ABC123?x=1')).toBe('other');
  });
});

describe('MDOC_METRICS_TOKEN', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', MDOC_REVIEWER_CHANNEL: 'C0REVIEW' };

  it('is optional; empty is unset', () => {
    expect(loadConfig(base).metrics).toEqual({ token: undefined });
    expect(loadConfig({ ...base, MDOC_METRICS_TOKEN: '' }).metrics).toEqual({ token: undefined });
    expect(loadConfig({ ...base, MDOC_METRICS_TOKEN: 'f'.repeat(64) }).metrics).toEqual({ token: 'f'.repeat(64) });
  });

  it('refuses a short token or one that cannot travel in a header, without repeating it', () => {
    for (const token of ['short-secret', 'sixteen chars with spaces']) {
      let error: unknown;
      try {
        loadConfig({ ...base, MDOC_METRICS_TOKEN: token });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('MDOC_METRICS_TOKEN');
      expect((error as Error).message).not.toContain(token);
    }
  });
});
