// Who may act, what may come in, and what the bot does when the database goes away; through the real
// receiver with signed requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, REQUESTER, REVIEWER, STRANGER, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack, threadReplies } from '../helpers/case-walk.js';
import { freshDatabase } from '../helpers/database.js';
import { buttonClickPayload, interactionBody, post, sign } from '../helpers/signed-requests.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait-for.js';

const GROUP = 'S0REVIEWGRP';
const GROUP_MEMBER = 'UGROUPMEMBER';
const SMTP_PASSWORD = 'smtp-pa55word-do-not-log';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { MDOC_REVIEWERS: `${REVIEWER},${GROUP}` } });
  h.slack.usergroups[GROUP] = [GROUP_MEMBER];
});
afterAll(async () => {
  await h?.stop();
});

let n = 0;
function intake(overrides: Record<string, unknown> = {}) {
  n++;
  return {
    category: choice('private'),
    org_name: `堅牢化テスト${n}`,
    corporate_number: '4011001098993',
    department: '部',
    contact_name: '名',
    phone: '03-1234-5678',
    email: `hard${n}@example.jp`,
    usage_mode: choice('remote'),
    krl_proxy: choice('no'),
    ...overrides,
  };
}
const transitionsOf = (key: string) => h.bot.db.prisma.transition.count({ where: { case: { key } } });
const ephemeralsTo = (user: string) => h.slack.callsOf('chat.postEphemeral').filter((c) => c.args.user === user);

async function advance(key: string, action: string, by: string) {
  const before = await transitionsOf(key);
  await h.click(key, action, by);
  await waitFor(async () => (await transitionsOf(key)) > before, action);
  await h.settle();
}

describe('who may act', () => {
  it('keeps four eyes: the requester cannot approve their own case, even as a reviewer', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REVIEWER, intake());
    await advance(key, 'send_documents', REVIEWER);
    await advance(key, 'record_submission', REVIEWER);
    await h.click(key, 'accept', REVIEWER);
    const told = await waitFor(() => ephemeralsTo(REVIEWER).find((c) => String(c.args.text).includes('四つの目')), 'the four-eyes refusal');
    expect(told.args.text).toContain('(2)-b 受付・審査');
    expect(await transitionsOf(key)).toBe(3);
    // Another reviewer may; here a member of the reviewers' user group.
    await advance(key, 'accept', GROUP_MEMBER);
    expect(await transitionsOf(key)).toBe(4);
  });

  it('resolves reviewer user groups through usergroups.users.list, and caches them', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake());
    const lookups = h.slack.callsOf('usergroups.users.list').length;
    await advance(key, 'send_documents', GROUP_MEMBER);
    await h.click(key, 'record_submission', STRANGER);
    await waitFor(() => ephemeralsTo(STRANGER).at(-1), 'the refusal');
    expect(h.slack.callsOf('usergroups.users.list').length - lookups).toBeLessThanOrEqual(1);
  });

  it('refuses a click from another workspace or another app, and changes nothing', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake());
    const value = h.latestCard(key)!.blocks.find((b) => b.type === 'actions').elements[0].value;
    for (const [team, app] of [['T9OTHER', 'A1'], ['T1', 'A9OTHER']]) {
      const payload = buttonClickPayload({ userId: REVIEWER, actionId: 'mdoc_action:send_documents', value, team, appId: app });
      const body = interactionBody(payload);
      expect((await post(h.url, body, sign(body))).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await transitionsOf(key)).toBe(1);
    expect(h.logs.filter((l) => l.includes('request from another workspace or app refused'))).toHaveLength(2);
  });

  it('lets only reviewers retry dead notifications', async () => {
    expect((await h.command('admin retry-dead', OPERATOR)).json().text).toContain('レビュアー');
    expect((await h.command('admin retry-dead', REVIEWER)).json().text).toMatch(/通知/);
  });
});

describe('bad input', () => {
  it('shows what applicants typed as text: an org name can never ping anyone', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake({ org_name: '<!channel> & <@U123> 株式会社' }));
    const everything = JSON.stringify(h.slack.calls.filter((c) => JSON.stringify(c.args).includes(key)).map((c) => c.args));
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<@U123>');
    expect(everything).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
  });

  it('refuses CR or LF in a name, so mail headers cannot be injected', async () => {
    const res = await h.submitView('mdoc_new', intake({ contact_name: '田中\r\nBcc: evil@example.com' }), REQUESTER, '{"procedure":"usage"}');
    expect(res.json()).toMatchObject({ response_action: 'errors', errors: { contact_name: expect.stringContaining('改行') } });
  });

  it('answers a body over 1 MB with 413', async () => {
    const body = interactionBody({ type: 'block_actions', junk: 'x'.repeat(1_100_000) });
    expect((await post(h.url, body, sign(body))).status).toBe(413);
  });

  it('answers an unknown button, a malformed private_metadata and an unknown case clearly, without a 500', async () => {
    const payload = buttonClickPayload({ userId: REVIEWER, actionId: 'frobnicate', value: 'x' });
    const body = interactionBody(payload);
    expect((await post(h.url, body, sign(body))).status).toBe(200);
    await waitFor(() => ephemeralsTo(REVIEWER).find((c) => String(c.args.text).includes('このボタンは現在の mdoc desk では使えません')), 'the unknown-button message');

    const form = await h.submitView('mdoc_action_form', { reason: 'x' }, REVIEWER, '{not json');
    expect(form.status).toBe(200);
    expect(form.json().response_action).toBe('update');

    const ghost = await h.submitView('mdoc_action_form', { reason: 'x' }, REVIEWER, JSON.stringify({ case: 'MDOC-9999', version: 1, action: 'send_back' }));
    expect(JSON.stringify(ghost.json())).toContain('MDOC-9999 は見つかりません');

    await h.click('MDOC-0001', 'send_documents', REVIEWER, { value: JSON.stringify({ case: 'MDOC-9998', step: '(1)-b', version: 1 }) });
    await waitFor(() => ephemeralsTo(REVIEWER).find((c) => String(c.args.text).includes('MDOC-9998 は見つかりません')), 'the unknown-case message');
    expect(h.logs.some((l) => l.includes('unknown action'))).toBe(true);
  });
});

describe('logs', () => {
  it('carry the request ID and case ID of each request, and no secret', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake());
    await advance(key, 'send_documents', REVIEWER);
    const applied = h.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'transition applied' && l.caseId === key);
    expect(applied.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const all = h.logs.join('\n');
    expect(all).not.toContain('xoxb-test-token-1234567890');
    expect(all).not.toContain('test-signing-secret-0123456789abcdef');
  });

  it('never show SMTP credentials or mail bodies', async () => {
    const own = await startHarness(await smtpWithCredentials());
    try {
      const key = await openCaseThroughSlack(own, 'new usage', REQUESTER, intake());
      await own.click(key, 'send_documents', REVIEWER);
      await waitFor(() => own.smtp.mails.find((m) => m.subject.includes(key)), 'the mail sent with credentials');
      const all = own.logs.join('\n');
      expect(all).not.toContain(SMTP_PASSWORD);
      expect(all).not.toContain('カード代替電磁的記録の利用に係る申請手順書');
    } finally {
      await own.stop();
    }
  });
});

/** A harness option set whose SMTP_URL carries a user and password. */
async function smtpWithCredentials() {
  const { SmtpSink } = await import('../helpers/smtp-sink.js');
  const smtp = await new SmtpSink().start();
  const url = new URL(smtp.url);
  url.username = 'desk';
  url.password = SMTP_PASSWORD;
  smtp.url = url.toString();
  return { smtp, env: { SMTP_URL: smtp.url } };
}

describe('a database outage', () => {
  it('answers 503 on /healthz and "nothing was changed" to a click or a status, then recovers by itself', async () => {
    const db = await freshDatabase();
    const proxy = await new TcpProxy(5432).start();
    const url = new URL(db.url);
    url.port = String(proxy.port);
    const own = await startHarness({ db, databaseUrl: url.toString() });
    try {
      const key = await openCaseThroughSlack(own, 'new usage', REQUESTER, intake());
      const health = own.url.replace('/slack/events', '/healthz');
      expect((await fetch(health)).status).toBe(200);

      proxy.cut();
      expect((await fetch(health)).status).toBe(503);
      expect((await own.click(key, 'send_documents', REVIEWER)).status).toBe(200);
      const told = await waitFor(() => own.slack.callsOf('chat.postEphemeral').find((c) => String(c.args.text).includes('何も変更していません')), 'the outage message', 15_000);
      expect(told.args.user).toBe(REVIEWER);
      // A command answered after its ack says so too, instead of never answering.
      expect((await own.command(`status ${key}`, REVIEWER)).json().text).toContain('一時的に処理できませんでした');

      proxy.restore();
      await waitFor(async () => (await fetch(health)).status === 200, 'health to return', 15_000);
      await own.click(key, 'send_documents', REVIEWER);
      await waitFor(() => threadReplies(own, key).length === 1, 'the transition after recovery', 15_000);
      expect(await own.bot.db.prisma.transition.count({ where: { case: { key } } })).toBe(2);
    } finally {
      await own.stop();
      await proxy.stop();
      await db.drop();
    }
  });
});
