// The web door's test helpers: the secret the tests sign with, a filled-in application, and the way
// from /apply to an open case (application, confirmation mail, confirmation).
import { expect } from 'vitest';
import type { Harness } from './bot-harness.js';
import { REVIEW_CHANNEL } from './bot-harness.js';
import { WebClient, hiddenField, linkIn, pathOf } from './web-client.js';
import { waitFor } from './wait-for.js';

/** MDOC_LINK_SECRET for the web tests, so that they can sign tokens themselves (an expired one). */
export const LINK_SECRET = 'web-door-test-secret-0123456789abcdefghijklmnop';

export const webEnv = { MDOC_LINK_SECRET: LINK_SECRET };

/** Every request of a test comes from 127.0.0.1: the limit a person never meets, raised for tests not about it. */
export const TEST_WEB_LIMITS = { rate: { limit: 100_000, windowMs: 60_000 } };

export const webBase = (h: Harness) => `http://127.0.0.1:${h.bot.port}`;

let n = 0;
/** The usage intake as a browser posts it (field names are the modal's action_ids). */
export function usageApplication(overrides: Record<string, string> = {}): Record<string, string> {
  n++;
  return {
    category: 'private',
    org_name: `株式会社ウェブ申請${n}`,
    corporate_number: '４０１１００１０９８９９３',
    department: 'デジタル推進部',
    contact_name: '山田 花子',
    phone: '03-1234-5678',
    email: `web${n}-${Date.now()}@example.co.jp`,
    usage_mode: 'remote',
    krl_proxy: 'no',
    own_verifier: 'no',
    ...overrides,
  };
}

/** The confirmation mail sent to an address. */
export async function confirmationMail(h: Harness, email: string) {
  return waitFor(() => h.smtp.mails.find((m) => m.to.includes(email) && m.subject.startsWith('【確認】')), `the confirmation mail to ${email}`);
}

/** Applies on /apply and returns the confirmation link's path. */
export async function applyOnWeb(h: Harness, client: WebClient, form: Record<string, string>, flow = 'usage'): Promise<string> {
  const page = await client.get(`/apply?flow=${flow}`);
  expect(page.status).toBe(200);
  const sent = await client.post('/apply', { _csrf: hiddenField(page.body, '_csrf'), flow, ...form });
  expect(sent.status, sent.body.slice(0, 2000)).toBe(200);
  expect(sent.body).toContain('確認メールをお送りしました');
  return pathOf(linkIn((await confirmationMail(h, form.email!)).text, 'apply'));
}

/** Applies and confirms: the case is open; returns its key and its page's path. */
export async function openCaseOnWeb(h: Harness, form = usageApplication(), flow = 'usage'): Promise<{ key: string; casePath: string; client: WebClient }> {
  const client = new WebClient(webBase(h));
  const confirm = await applyOnWeb(h, client, form, flow);
  const page = await client.get(confirm);
  const done = await client.post(confirm, { _csrf: hiddenField(page.body, '_csrf') });
  expect(done.status).toBe(303);
  const casePath = done.location!.replace(/\?.*$/, '');
  const card = await waitFor(
    () => h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).includes(form.org_name!)),
    'the case card',
  );
  await h.settle();
  return { key: String(card.args.text).split(' ')[0]!, casePath, client };
}
