// Contractors of another organisation (the operator, the test lab) acting in the reviewer channel shared
// with them through Slack Connect, through the real receiver with payloads shaped as Slack documents
// them: a click in the shared channel carries the installing workspace as `team` and the clicker's own
// workspace as `user.team_id`; a modal they submit carries their workspace as `team` and the installing
// one as `view.app_installed_team_id`. They are let in when a role list names them (or a user group that
// holds them); anyone else of another organisation, another app or another installation is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, REQUESTER, REVIEWER, REVIEW_CHANNEL, TEST_LAB, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { cardText, certificationMoves, openCaseThroughSlack, threadReplies, usageMoves, walk } from '../helpers/case-walk.js';
import { buttonClickPayload, commandBody, interactionBody, post, sign } from '../helpers/signed-requests.js';
import { waitFor } from '../helpers/wait-for.js';

/** The desk's workspace is T1 (the stand-in's auth.test); the contractors' organisation is another. */
const CONTRACTOR_TEAM = 'T0CONTRACTOR';
const FOREIGN_OPERATOR = 'UEXTOPERATOR';
const FOREIGN_LAB_GROUP = 'S0EXTLABS';
const FOREIGN_LAB = 'UEXTLAB1';
const FOREIGN_STRANGER = 'UEXTSTRANGER';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { MDOC_OPERATORS: `${OPERATOR},${FOREIGN_OPERATOR}`, MDOC_TEST_LABS: `${TEST_LAB},${FOREIGN_LAB_GROUP}` } });
  h.slack.usergroups[FOREIGN_LAB_GROUP] = [FOREIGN_LAB];
});
afterAll(async () => {
  await h?.stop();
});

const transitionsOf = (key: string) => h.bot.db.prisma.transition.count({ where: { case: { key } } });
const refusedLogs = (text: string) => h.logs.filter((l) => l.includes(text)).length;
const buttonValue = (key: string, action: string) => h.latestCard(key)!.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === `mdoc_action:${action}`).value as string;

/** A click on the card in the shared reviewer channel, as Slack sends it for someone of another organisation. */
function sharedChannelClick(key: string, action: string, userId: string, over: { team?: string; userTeam?: string; appId?: string } = {}) {
  const payload = buttonClickPayload({ userId, actionId: `mdoc_action:${action}`, value: buttonValue(key, action), channel: REVIEW_CHANNEL, team: 'T1', userTeam: CONTRACTOR_TEAM, ...over });
  const body = interactionBody(payload);
  return post(h.url, body, sign(body));
}

let n = 0;
function usageIntake() {
  n++;
  return { category: choice('private'), org_name: `委託先テスト${n}`, corporate_number: '4011001098993', department: '開発部', contact_name: '田中', phone: '03-1234-5678', email: `contractor${n}@example.jp`, usage_mode: choice('in_person'), krl_proxy: choice('no') };
}

const TO_SETUP = usageMoves({ until: '(3)-d', access: { ip_ranges: '203.0.113.10', apple_account_email: 'dev@example.jp' } });

describe('an operator of another organisation in the shared reviewer channel', () => {
  it('completes the setup at (3)-d: the card names them, their click is accepted, and the case moves on', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, usageIntake());
    await walk(h, key, TO_SETUP);
    expect(cardText(h.latestCard(key)!.blocks)).toContain(`*担当*: 運用・保守事業者（<@${OPERATOR}>、<@${FOREIGN_OPERATOR}>）`);

    const res = await sharedChannelClick(key, 'complete_setup', FOREIGN_OPERATOR);
    expect(res.status).toBe(200);
    await waitFor(async () => (await transitionsOf(key)) === 11, 'the transition');
    await h.settle();
    const last = await h.bot.db.prisma.transition.findFirstOrThrow({ where: { case: { key } }, orderBy: { version: 'desc' } });
    expect([last.fromStep, last.toStep, last.action, last.actorId]).toEqual(['(3)-d', '(3)-e', 'complete_setup', FOREIGN_OPERATOR]);
    expect(String(threadReplies(h, key).at(-1)!.args.text).startsWith('(3)-e テスト用マイナポータルアプリの取得（iOSアプリ) に進みました')).toBe(true);
    expect(cardText(h.latestCard(key)!.blocks)).toContain(`最終更新: `);
    expect(cardText(h.latestCard(key)!.blocks)).toContain(`<@${FOREIGN_OPERATOR}>・版 11`);
    expect(h.logs.some((l) => l.includes('request from a contractor of another organisation, who holds a role') && l.includes(CONTRACTOR_TEAM))).toBe(true);
  });

  it('refuses the same click by someone of that organisation who holds no role, another app, or another installation', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, usageIntake());
    await walk(h, key, TO_SETUP);
    const before = await transitionsOf(key);
    const foreignRefusals = refusedLogs('request from a user of another organisation who holds no role refused');
    const otherRefusals = refusedLogs('request from another workspace or app refused');

    expect((await sharedChannelClick(key, 'complete_setup', FOREIGN_STRANGER)).status).toBe(200);
    // Another app's click, and a click for the same app installed in the contractor's own workspace.
    expect((await sharedChannelClick(key, 'complete_setup', FOREIGN_OPERATOR, { appId: 'A9OTHER' })).status).toBe(200);
    expect((await sharedChannelClick(key, 'complete_setup', FOREIGN_OPERATOR, { team: CONTRACTOR_TEAM })).status).toBe(200);

    await new Promise((r) => setTimeout(r, 300));
    await h.settle();
    expect(await transitionsOf(key)).toBe(before);
    expect(refusedLogs('request from a user of another organisation who holds no role refused') - foreignRefusals).toBe(1);
    expect(refusedLogs('request from another workspace or app refused') - otherRefusals).toBe(2);
    // Refused before any listener: nobody of the other organisation is told anything in the channel.
    expect(h.slack.callsOf('chat.postEphemeral').filter((c) => c.args.user === FOREIGN_STRANGER)).toHaveLength(0);
  });

  it('still refuses a slash command from the other organisation\'s workspace, even from someone in a role', async () => {
    const body = commandBody('list', FOREIGN_OPERATOR, { team_id: CONTRACTOR_TEAM, team_domain: 'contractor' });
    const res = await post(h.url, body, sign(body));
    expect(res.status).toBe(200);
    expect(res.json().text).toBe('このワークスペースまたはアプリからの操作は受け付けていません。');
  });
});

describe('a test lab of another organisation, member of a user group in the test-lab list', () => {
  const certIntake = () => {
    n++;
    return { category: choice('private'), org_name: `認定委託テスト${n}`, corporate_number: '1180301018771', department: '品質保証部', contact_name: '高橋', phone: '052-123-4567', email: `lab${n}@example.jp`, env_test: choice('no') };
  };
  const TO_SCHEDULING = certificationMoves({ until: '(3)-d' });

  it('proposes a test date through the modal: accepted for our installation, refused for another or without a role', async () => {
    const key = await openCaseThroughSlack(h, 'new cert-in-person', REQUESTER, certIntake());
    await walk(h, key, TO_SCHEDULING);
    expect(cardText(h.latestCard(key)!.blocks)).toContain(`デジタル庁指定事業者（<@${TEST_LAB}>、<!subteam^${FOREIGN_LAB_GROUP}>）`);

    // The click in the shared channel opens the form for them.
    const modalsBefore = h.slack.callsOf('views.open').length;
    expect((await sharedChannelClick(key, 'propose_schedule', FOREIGN_LAB)).status).toBe(200);
    const modal = await waitFor(() => h.slack.callsOf('views.open').slice(modalsBefore).find((c) => c.args.view.callback_id === 'mdoc_action_form'), 'the schedule form');
    const metadata = modal.args.view.private_metadata;
    const form = { test_at: { type: 'datetimepicker', selected_date_time: Math.floor(Date.now() / 1000) + 10 * 86_400 }, test_place: 'オンライン会議' };
    const before = await transitionsOf(key);

    // Submitted for the app installed in the contractor's own workspace, or without the field at all: not ours.
    expect((await h.submitView('mdoc_action_form', form, FOREIGN_LAB, metadata, undefined, { team: CONTRACTOR_TEAM, installedTeam: CONTRACTOR_TEAM })).body).toBe('');
    expect((await h.submitView('mdoc_action_form', form, FOREIGN_LAB, metadata, undefined, { team: CONTRACTOR_TEAM, installedTeam: null })).body).toBe('');
    // Someone of that organisation who holds no role, through our installation.
    expect((await h.submitView('mdoc_action_form', form, FOREIGN_STRANGER, metadata, undefined, { team: CONTRACTOR_TEAM, installedTeam: 'T1' })).body).toBe('');
    await new Promise((r) => setTimeout(r, 200));
    expect(await transitionsOf(key)).toBe(before);

    // The member of the test-lab group, through our installation: accepted.
    const accepted = await h.submitView('mdoc_action_form', form, FOREIGN_LAB, metadata, undefined, { team: CONTRACTOR_TEAM, installedTeam: 'T1' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toBe('');
    await waitFor(async () => (await transitionsOf(key)) === before + 1, 'the proposal');
    await h.settle();
    const last = await h.bot.db.prisma.transition.findFirstOrThrow({ where: { case: { key } }, orderBy: { version: 'desc' } });
    expect([last.action, last.actorId]).toEqual(['propose_schedule', FOREIGN_LAB]);
    expect(String(threadReplies(h, key).at(-1)!.args.text).startsWith('(3)-d 認定試験の日程調整: 日程を提案')).toBe(true);
  });
});
