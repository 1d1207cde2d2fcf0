// App Home, `/mdoc list overdue` and the daily digest, through the real receiver on a clock the test
// moves: Friday 2026-11-20 10:00 JST, when a case opens at (1)-b (due Thursday 11/26, since Monday
// 11/23 is 勤労感謝の日), then on to the days when it is overdue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTER, REVIEWER, REVIEW_CHANNEL, STRANGER, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { cardText, openCaseThroughSlack } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';

const jst = (local: string) => new Date(`${local}+09:00`);
let now = jst('2026-11-20T10:00:00');
const clock = () => now;

let h: Harness;
let key: string;
const intake = (org: string) => ({
  category: choice('private'), org_name: org, corporate_number: '4011001098993', department: '部', contact_name: '名',
  phone: '03-1234-5678', email: 'home@example.jp', usage_mode: choice('remote'), krl_proxy: choice('no'),
});

beforeAll(async () => {
  h = await startHarness({ clock });
  // The requester's Slack is in English; everyone else's in Japanese.
  h.slack.locales[REQUESTER] = 'en-US';
});
afterAll(async () => {
  await h?.stop();
});

const homeText = (user: string) => cardText(h.homeOf(user)?.blocks ?? []);
const publishesTo = (user: string) => h.slack.callsOf('views.publish').filter((c) => c.args.user_id === user).length;
const blockIds = (user: string): string[] => (h.homeOf(user)?.blocks ?? []).map((b: any) => b.block_id).filter(Boolean);

describe('App Home', () => {
  it('publishes an empty Home when it is first opened', async () => {
    expect((await h.openHome(REVIEWER)).status).toBe(200);
    await waitFor(() => h.homeOf(REVIEWER), 'the Home of the reviewer');
    expect(homeText(REVIEWER)).toContain('あなたの対応待ち');
    expect(homeText(REVIEWER)).toContain('対応待ちの案件はありません。');
    await h.openHome(STRANGER);
    await h.openHome(REQUESTER);
    await waitFor(() => h.homeOf(STRANGER) && h.homeOf(REQUESTER), 'the other Homes');
  });

  it('refreshes the Home of everyone who sees a case when it opens, and only theirs', async () => {
    const strangerBefore = publishesTo(STRANGER);
    key = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake('ホーム株式会社'));
    await waitFor(() => blockIds(REVIEWER).includes(`home:other:${key}`), 'the case on the reviewer Home');
    const row = h.homeOf(REVIEWER)!.blocks.find((b: any) => b.block_id === `home:other:${key}`);
    expect(row.text.text).toContain('利用申請・(1)-b 申請書類の送付');
    expect(row.text.text).toContain('2026/11/20 10:00 から・期限 2026/11/26');
    await waitFor(() => blockIds(REQUESTER).includes(`home:requested:${key}`), 'the case on the requester Home');
    await h.settle();
    // Someone who holds no lane and did not request the case is not refreshed.
    expect(publishesTo(STRANGER)).toBe(strangerBefore);
  });

  it('shows a person whose Slack is in English an English Home; codes stay as in the seed', async () => {
    const text = homeText(REQUESTER);
    expect(text).toContain('Cases you requested');
    expect(text).toContain('Usage application · (1)-b Sending the application documents');
    expect(text).not.toContain('あなたが依頼した案件');
  });

  it('groups the case as 期限超過 once its deadline has passed', async () => {
    now = jst('2026-11-27T10:00:00');
    const before = publishesTo(REVIEWER);
    await h.openHome(REVIEWER);
    await waitFor(() => publishesTo(REVIEWER) > before, 'the Home published again');
    expect(blockIds(REVIEWER)).toContain(`home:overdue:${key}`);
    expect(homeText(REVIEWER)).toContain('*期限超過*（1件）');
  });

  it('opens the case status in a modal from a Home row, in the reader\'s language', async () => {
    const opened = h.slack.callsOf('views.open').length;
    expect((await h.clickInView('mdoc_open_status', key, REQUESTER)).status).toBe(200);
    const modal = await waitFor(() => h.slack.callsOf('views.open')[opened], 'the status modal');
    expect(modal.args.view.title.text).toBe('Case status');
    expect(cardText(modal.args.view.blocks)).toContain(`${key} Usage application`);
    expect(cardText(modal.args.view.blocks)).toContain('Registered the application: (1)-a → (1)-b');
  });

  it('stops keeping the Home of someone who left the workspace', async () => {
    const GONE = 'UGONE';
    await h.openHome(GONE);
    await waitFor(() => h.homeOf(GONE), 'the first Home');
    // The next publish for that person finds them gone.
    h.slack.fail('views.publish', { error: 'user_not_found', user: GONE });
    await h.openHome(GONE);
    const kept = async () => (await h.bot.db.prisma.slackUser.findUniqueOrThrow({ where: { userId: GONE } })).homeOpenedAt;
    await waitFor(async () => (await kept()) === null, 'the Home forgotten');
    await h.settle();
    expect(await h.bot.db.prisma.notification.count({ where: { stream: `home:${GONE}`, deadAt: { not: null } } })).toBe(0);
  });

  it('moves the case to the requester\'s waiting list when it reaches an applicant step', async () => {
    await h.click(key, 'send_documents', REVIEWER);
    await waitFor(() => blockIds(REQUESTER).some((id) => /^home:(overdue|due_soon|other):/.test(id) && id.endsWith(key)), 'the case waiting on the requester');
    await waitFor(() => !blockIds(REVIEWER).some((id) => /^home:(overdue|due_soon|other):/.test(id) && id.endsWith(key)), 'the case gone from the reviewer queue');
    expect(homeText(REVIEWER)).toContain(`*${key}*`); // still among the latest changes
  });
});

describe('/mdoc list overdue', () => {
  it('lists only the cases past their deadline', async () => {
    now = jst('2026-11-20T10:00:00');
    const late = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake('遅延株式会社'));
    now = jst('2026-11-27T10:00:00');
    const fresh = await openCaseThroughSlack(h, 'new usage', REQUESTER, intake('新着株式会社'));
    const body = JSON.stringify((await h.command('list overdue', REVIEWER)).json());
    expect(body).toContain(`*${late}*`);
    expect(body).not.toContain(`*${fresh}*`);
    expect(body).toContain('（overdue）');
  });
});

describe('the daily digest', () => {
  const digests = () => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === REVIEW_CHANNEL && String(c.args.text).startsWith('期限の状況'));

  it('goes out once at 09:00 on a business day, however many processes run', async () => {
    const second = await startHarness({ clock, db: h.db, slack: h.slack, smtp: h.smtp });
    try {
      now = jst('2026-11-30T08:59:00');
      expect(await Promise.all([h.bot.scheduler.tick(), second.bot.scheduler.tick()])).toEqual([[], []]);
      now = jst('2026-11-30T09:00:30');
      const ran = await Promise.all([h.bot.scheduler.tick(), second.bot.scheduler.tick(), h.bot.scheduler.tick()]);
      expect(ran.flat()).toEqual(['daily_digest']);
      const digest = await waitFor(() => digests()[0], 'the digest');
      expect(digest.args.text).toContain('期限の状況（2026/11/30）');
      expect(cardText(digest.args.blocks)).toContain('*期限超過*');
      expect(cardText(digest.args.blocks)).toContain('遅延株式会社');
      await h.settle();
      expect(digests()).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('is not sent on a holiday or in the year-end closure', async () => {
    for (const day of ['2026-12-05T09:30:00', '2026-12-29T09:30:00', '2027-01-02T09:30:00']) {
      now = jst(day);
      expect(await h.bot.scheduler.tick()).toEqual([]);
    }
    await h.settle();
    expect(digests()).toHaveLength(1);
  });

  it('runs on its own in a bot that schedules, from the database after a restart', async () => {
    now = jst('2026-12-01T09:10:00');
    const scheduling = await startHarness({ clock, db: h.db, slack: h.slack, smtp: h.smtp, schedule: true });
    try {
      await waitFor(() => digests().find((c) => String(c.args.text).includes('2026/12/01')), 'the digest of 12/01');
    } finally {
      await scheduling.stop();
    }
    // The next process that starts that day finds the run recorded and sends nothing more.
    const again = await startHarness({ clock, db: h.db, slack: h.slack, smtp: h.smtp, schedule: true });
    try {
      expect(await again.bot.scheduler.tick()).toEqual([]);
      await again.settle();
      expect(digests().filter((c) => String(c.args.text).includes('2026/12/01'))).toHaveLength(1);
    } finally {
      await again.stop();
    }
  });
});
