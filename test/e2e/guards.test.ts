// What must not happen, through the real receiver: forged requests, clicks by the wrong people, double
// clicks and racing clicks, and bad form input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, REQUESTER, REVIEWER, REVIEWER_2, REVIEW_CHANNEL, STRANGER, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { SIGNING_SECRET, commandBody, post, sign } from '../helpers/signed-requests.js';
import { waitFor } from '../helpers/wait-for.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const VALID = {
  category: choice('government'),
  org_name: '〇〇市',
  corporate_number: '4011001098993',
  department: '市民課',
  contact_name: '佐藤 花子',
  phone: '０３－１２３４－５６７８',
  email: 'sato@city.example.lg.jp',
  usage_mode: choice('in_person'),
  krl_proxy: choice('no'),
  preparation: ['yes'],
};

let opened = 0;
async function newCase(fields: Record<string, unknown> = {}): Promise<string> {
  opened++;
  const org = `〇〇市${opened}`;
  const res = await h.submitView('mdoc_new', { ...VALID, org_name: org, ...fields }, REQUESTER, '{"procedure":"usage"}');
  expect(res.status).toBe(200);
  const card = await waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).includes(org)), 'the card');
  await h.settle();
  return String(card.args.text).split(' ')[0]!;
}

const ephemeralsTo = (user: string) => h.slack.callsOf('chat.postEphemeral').filter((c) => c.args.user === user);
const transitionsOf = async (key: string) => h.bot.db.prisma.transition.count({ where: { case: { key } } });

/** A new case at (2)-b, where the reviewer may send it back: its documents sent and its submission recorded. */
async function caseUnderReview(): Promise<string> {
  const key = await newCase();
  for (const [action, who] of [['send_documents', REVIEWER], ['record_submission', REQUESTER]] as const) {
    const before = await transitionsOf(key);
    await h.click(key, action, who);
    await waitFor(async () => (await transitionsOf(key)) === before + 1, action);
    await h.settle();
  }
  return key;
}

describe('requests from Slack', () => {
  it('refuses a bad signature with 401 and does nothing', async () => {
    const body = commandBody('list', REVIEWER);
    const res = await post(h.url, body, sign(body, 'not-the-secret'));
    expect(res.status).toBe(401);
  });

  it('refuses a request signed too long ago', async () => {
    const body = commandBody('list', REVIEWER);
    const res = await post(h.url, body, sign(body, SIGNING_SECRET, Math.floor(Date.now() / 1000) - 600));
    expect(res.status).toBe(401);
  });

  it('answers /healthz with 200 once the database is ready', async () => {
    const res = await fetch(h.url.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
  });

  it('answers an unknown subcommand with the help', async () => {
    const res = await h.command('frobnicate', REVIEWER);
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.json());
    expect(text).toContain('frobnicate');
    expect(text).toContain('/mdoc status');
    expect(text).toContain('(1)-b 申請書類の送付');
  });

  it('acknowledges status at once, empty, and answers through response_url', async () => {
    const key = await newCase();
    const body = commandBody(`status ${key}`, REVIEWER, { response_url: h.slack.responseUrl('status-raw') });
    const ack = await post(h.url, body, sign(body));
    expect(ack).toMatchObject({ status: 200, body: '' });
    const answer = await waitFor(() => h.slack.calls.find((c) => c.method === 'response_url' && c.args.response_id === 'status-raw'), 'the answer');
    expect(answer.args.response_type).toBe('ephemeral');
    expect(answer.args.text).toContain(`${key}: (1)-b 申請書類の送付`);
  });

  it('says so when a case does not exist', async () => {
    const res = await h.command('status MDOC-9999', REVIEWER);
    expect(res.json().text).toContain('MDOC-9999 は見つかりません');
  });

  it('lists open cases', async () => {
    const key = await newCase();
    const res = await h.command('list', REVIEWER);
    expect(JSON.stringify(res.json())).toContain(key);
  });
});

describe('the intake form', () => {
  it('refuses bad fields inline, keyed by the block of each field, in Japanese', async () => {
    const res = await h.submitView(
      'mdoc_new',
      { ...VALID, corporate_number: '4011001098994', email: 'not-an-email', phone: '12', org_name: '', department: 'あ'.repeat(101) },
      REQUESTER,
      '{"procedure":"usage"}',
    );
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['corporate_number', 'department', 'email', 'org_name', 'phone']);
    expect(body.errors.corporate_number).toContain('チェックデジット');
    expect(body.errors.department).toContain('100文字以内');
    expect(await h.bot.db.prisma.case.count({ where: { orgName: '' } })).toBe(0);
  });

  it('opens one case when the same submission arrives twice', async () => {
    const before = await h.bot.db.prisma.case.count();
    const payload = { ...VALID, org_name: '重複市' };
    const [a, b] = [await h.submitView('mdoc_new', payload, REQUESTER, '{"procedure":"usage"}', 'VSAME'), await h.submitView('mdoc_new', payload, REQUESTER, '{"procedure":"usage"}', 'VSAME')];
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await h.bot.db.prisma.case.count()).toBe(before + 1);
  });
});

describe('clicks', () => {
  it('tells someone who may not act who may, changes nothing, and still answers 200', async () => {
    const key = await newCase();
    const res = await h.click(key, 'send_documents', STRANGER);
    expect(res.status).toBe(200);
    const told = await waitFor(() => ephemeralsTo(STRANGER).at(-1), 'the ephemeral refusal');
    expect(told.args.text).toBe(`(1)-b 申請書類の送付 を操作できるのは デジタル庁（<@${REVIEWER}>、<@${REVIEWER_2}>）です。何も変更していません。`);
    expect(told.args.text).not.toContain('MDOC_');
    expect(told.args.channel).toBe(REVIEW_CHANNEL);
    expect(await transitionsOf(key)).toBe(1);

    await h.click(key, 'send_documents', OPERATOR);
    await waitFor(() => ephemeralsTo(OPERATOR).at(-1), 'the refusal to the operator');
    expect(await transitionsOf(key)).toBe(1);
  });

  it('tells the second clicker of a double click who did it and when', async () => {
    const key = await newCase();
    const card = h.latestCard(key)!;
    const value = card.blocks.find((b) => b.type === 'actions').elements[0].value;
    await h.click(key, 'send_documents', REVIEWER, { value });
    await waitFor(async () => (await transitionsOf(key)) === 2, 'the first click');
    await h.click(key, 'send_documents', REVIEWER_2, { value });
    const told = await waitFor(() => ephemeralsTo(REVIEWER_2).at(-1), 'the second clicker told');
    expect(told.args.text).toContain(`<@${REVIEWER}>`);
    expect(told.args.text).toContain('すでに行われています');
    expect(told.args.text).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    expect(await transitionsOf(key)).toBe(2);
  });

  it('makes exactly one transition, one thread reply and one mail from twenty simultaneous clicks', async () => {
    const key = await newCase();
    const value = h.latestCard(key)!.blocks.find((b) => b.type === 'actions').elements[0].value;
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => h.click(key, 'send_documents', i % 2 ? REVIEWER : REVIEWER_2, { value })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    await waitFor(async () => (await transitionsOf(key)) === 2, 'the transition');
    await waitFor(() => ephemeralsTo(REVIEWER).length + ephemeralsTo(REVIEWER_2).length >= 19, 'nineteen told', 15_000);
    await h.settle();
    expect(await transitionsOf(key)).toBe(2);
    const cardTs = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).startsWith(key))!;
    const replies = h.slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts && c.args.channel === REVIEW_CHANNEL && String(c.args.text).includes(key));
    expect(replies).toHaveLength(1);
    expect(cardTs).toBeDefined();
    expect(h.smtp.mails.filter((m) => m.subject.includes(key))).toHaveLength(1);
  });

  it('tells the clicker, and changes nothing, when the form of a click cannot be opened in time; the next click opens it', async () => {
    const key = await caseUnderReview();
    const versionOf = async () => (await h.bot.db.prisma.case.findUniqueOrThrow({ where: { key } })).version;
    const before = await versionOf();
    const opened = () => h.slack.callsOf('views.open').filter((c) => c.args.view.callback_id === 'mdoc_action_form' && c.args.view.private_metadata.includes(key));
    h.slack.fail('views.open', { error: 'expired_trigger_id' });
    await h.click(key, 'send_back', REVIEWER);
    const told = await waitFor(() => ephemeralsTo(REVIEWER).find((c) => String(c.args.text).includes('入力フォームを開けませんでした')), 'the clicker told');
    expect(String(told.args.text)).toContain('何も変更していません');
    expect(await versionOf()).toBe(before);
    expect(opened()).toHaveLength(1); // the attempt Slack refused
    await h.click(key, 'send_back', REVIEWER);
    await waitFor(() => opened().length === 2, 'the form opened on the next click');
    expect(h.slack.failuresServed).toBe(1);
  });

  it('sends back with a reason: back to the submission step, reason in the thread and mailed', async () => {
    const key = await caseUnderReview();
    await h.click(key, 'send_back', REVIEWER);
    const modal = await waitFor(() => h.slack.callsOf('views.open').find((c) => c.args.view.callback_id === 'mdoc_action_form' && c.args.view.private_metadata.includes(key)), 'the reason form');
    const empty = await h.submitView('mdoc_action_form', { reason: '' }, REVIEWER, modal.args.view.private_metadata);
    expect(empty.json()).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    const sent = await h.submitView('mdoc_action_form', { reason: '事前準備契約申込書の押印が漏れています。' }, REVIEWER, modal.args.view.private_metadata);
    expect(sent.body).toBe('');
    await waitFor(async () => (await transitionsOf(key)) === 4, 'the send-back');
    await h.settle();
    expect(JSON.stringify(h.latestCard(key)!.blocks)).toContain('現在のステップ*\\n(2)-a 情報開示申請');
    const reply = h.slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts && c.args.channel === REVIEW_CHANNEL && String(c.args.text).includes(key)).at(-1)!;
    expect(String(reply.args.text).startsWith('(2)-a 情報開示申請 に差し戻されました')).toBe(true);
    expect(JSON.stringify(reply.args.blocks)).toContain('押印が漏れています');
    const mail = h.smtp.mails.filter((m) => m.subject.includes(key)).at(-1)!;
    expect(mail.subject).toContain('差し戻し');
    expect(mail.text).toContain('事前準備契約申込書の押印が漏れています。');
    expect(mail.text).toContain('(2)-a 情報開示申請');

    // A stale reason form, submitted again after the case moved, changes nothing and says why.
    const again = await h.submitView('mdoc_action_form', { reason: 'もう一度' }, REVIEWER, modal.args.view.private_metadata);
    expect(again.json().response_action).toBe('update');
    expect(JSON.stringify(again.json().view)).toContain('すでに行われています');
    expect(await transitionsOf(key)).toBe(4);
  });

  it('answers a button with a malformed value with a clear message', async () => {
    const key = await newCase();
    await h.click(key, 'send_documents', REVIEWER, { value: '{"case":"nope"}' });
    const told = await waitFor(() => ephemeralsTo(REVIEWER).find((c) => String(c.args.text).includes('古いか壊れている')), 'the message');
    expect(told).toBeDefined();
    expect(await transitionsOf(key)).toBe(1);
  });
});
