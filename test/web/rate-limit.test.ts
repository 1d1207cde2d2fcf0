// The per-IP limit on the pages that take input, at its real setting: 60 requests a minute, then 429
// with Retry-After and a page that says when to try again. Its own bot, so that no other test counts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { WebClient } from '../helpers/web-client.js';
import { webBase, webEnv } from '../helpers/web-door.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: webEnv });
});
afterAll(async () => {
  await h?.stop();
});

it('answers the 61st request of a minute with 429 and when to retry; the Slack side and case pages are not limited', async () => {
  const client = new WebClient(webBase(h));
  const statuses: number[] = [];
  for (let i = 0; i < 60; i++) statuses.push((await client.get(i % 2 ? '/apply' : '/apply?flow=usage')).status);
  expect(statuses).toEqual(Array(60).fill(200));
  const refused = await client.get('/apply');
  expect(refused.status).toBe(429);
  const retry = Number(refused.headers.get('retry-after'));
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(60);
  expect(refused.body).toContain('しばらくしてからお試しください');
  expect(refused.body).toMatch(/約\d+秒後/);
  expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect((await client.post('/apply/confirm/AAAA', {})).status).toBe(429);
  expect((await client.post('/c/AAAA', {})).status).toBe(429);
  // The certificate check counts against the same limit, reading and posting alike.
  expect((await client.get('/verify/PG-2026-0001')).status).toBe(429);
  expect((await client.post('/verify/PG-2026-0001', {})).status).toBe(429);
  // Reading a case page, the stylesheet and /healthz stay open.
  expect((await client.get('/c/AAAA')).status).toBe(404);
  expect((await client.get('/assets/mdoc-web.css')).status).toBe(200);
  expect((await fetch(`${webBase(h)}/healthz`)).status).toBe(200);
});
