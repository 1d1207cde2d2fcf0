// The certification procedures walked end to end through the real receiver: with and without stage (2),
// a failed test followed by a pass, rescheduling, the reminder, and the (4)-c gate of a linked usage case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, REQUESTER, REVIEWER, TEST_LAB, choice, issuedPdf, startHarness, type Harness } from '../helpers/bot-harness.js';
import { buttonsOf, cardText, openCaseThroughSlack, threadReplies, usageMoves, walk, type Move } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const email = (n: number) => `cert${n}@example.co.jp`;
function intake(n: number, envTest: 'yes' | 'no', extra: Record<string, unknown> = {}) {
  return {
    category: choice('private'),
    org_name: `認定テスト株式会社${n}`,
    corporate_number: '1180301018771',
    department: '品質保証部',
    contact_name: '高橋 一郎',
    phone: '052-123-4567',
    email: email(n),
    env_test: choice(envTest),
    ...extra,
  };
}

const inDays = (days: number) => Math.floor(Date.now() / 1000) + days * 86_400;
const schedule = (seconds: number, place = '霞が関 会議室A') => ({ test_at: { type: 'datetimepicker', selected_date_time: seconds }, test_place: place });
const result = (value: 'pass' | 'fail', findings?: string) => ({ result: choice(value), ...(findings ? { findings } : {}) });
/** Every certificate number names one certificate: each case gets its own. */
const certificate = (number: string) => ({ certificate_number: number, certified_on: { type: 'datepicker', selected_date: '2026-12-20' } });
const ACCESS = { ip_ranges: '203.0.113.0/28', apple_account_email: 'dev@example.co.jp' };

function stage1(): Move[] {
  return [
    { step: '(1)-b', action: 'send_documents', by: REVIEWER, next: '(1)-c 情報開示申請' },
    { step: '(1)-c', action: 'record_submission', by: REQUESTER, next: '(1)-d 受付・審査' },
    { step: '(1)-d', action: 'accept', by: REVIEWER, next: '(1)-e 承認' },
    { step: '(1)-e', action: 'approve', by: REVIEWER, next: '(1)-f 資材配布' },
    { step: '(1)-f', action: 'distribute', by: REVIEWER, next: '(1)-g 資料受領' },
  ];
}

function stage2(): Move[] {
  return [
    { step: '(1)-g', action: 'record_receipt', by: REQUESTER, next: '(2)-a システム開発・検証環境アクセス申請' },
    { step: '(2)-a', action: 'record_access_request', by: REQUESTER, form: ACCESS, next: '(2)-b 受付・環境設定依頼' },
    { step: '(2)-b', action: 'request_setup', by: REVIEWER, next: '(2)-c 環境設定登録' },
    { step: '(2)-c', action: 'complete_setup', by: OPERATOR, next: '(2)-d テスト用マイナポータルアプリの取得（iOSアプリ)' },
    { step: '(2)-d', action: 'record_app_installed', by: REQUESTER, next: '(2)-e 検証環境テスト実施' },
    { step: '(2)-e', action: 'record_tests_done', by: REQUESTER, next: '(3)-a 認定試験に必要な各種準備' },
  ];
}

function stage3(testAt: number): Move[] {
  return [
    { step: '(3)-a', action: 'record_preparation', by: REQUESTER, next: '(3)-b 認定試験の申請' },
    { step: '(3)-b', action: 'record_test_application', by: REQUESTER, next: '(3)-c 動作実績確認' },
    { step: '(3)-c', action: 'confirm_record', by: REVIEWER, next: '(3)-d 認定試験の日程調整' },
    { step: '(3)-d', action: 'propose_schedule', by: TEST_LAB, form: schedule(testAt), next: '(3)-d 認定試験の日程調整' },
    { step: '(3)-d', action: 'confirm_schedule', by: TEST_LAB, next: '(3)-e 認定試験' },
    { step: '(3)-e', action: 'record_test_held', by: TEST_LAB, next: '(3)-f テスト結果の送付' },
  ];
}

function stage4(certificateNumber: string): Move[] {
  return [
    { step: '(3)-f', action: 'record_result', by: TEST_LAB, form: result('pass'), files: { テスト結果: true }, next: '(4)-a 認定申請' },
    { step: '(4)-a', action: 'record_certification_application', by: REQUESTER, next: '(4)-b 認定申請の受付・審査' },
    { step: '(4)-b', action: 'accept', by: REVIEWER, next: '(4)-c 認定の承認' },
    { step: '(4)-c', action: 'approve', by: REVIEWER, next: '(4)-d 認定書の送付' },
    { step: '(4)-d', action: 'send_certificate', by: REVIEWER, form: certificate(certificateNumber), files: { 確認用PG認定書: true }, next: '(4)-e 認定書の受領' },
    { step: '(4)-e', action: 'record_certificate_receipt', by: REQUESTER, next: '(5) 認定取得' },
  ];
}

const subjects = (address: string, key: string) => h.smtp.mails.filter((m) => m.to.includes(address) && m.subject.includes(key)).map((m) => m.subject.replace(/（カード代替.*$/, '').replace(`【${key}】`, ''));
const stepsOf = async (key: string) => (await h.bot.db.prisma.transition.findMany({ where: { case: { key } }, orderBy: { version: 'asc' } })).map((t) => `${t.fromStep}>${t.toStep}:${t.action}`);

describe('certification, end to end', () => {
  it('walks 対面用 with stage (2) from a bare /mdoc new to (5) 認定取得', async () => {
    const key = await openCaseThroughSlack(h, 'new', REQUESTER, intake(1, 'yes'), 'cert_in_person');
    expect(cardText(h.latestCard(key)!.blocks)).toContain('確認用PG認定（対面用）');
    const testAt = inDays(10);
    await walk(h, key, [...stage1(), ...stage2(), ...stage3(testAt), ...stage4('PG-2026-0001')]);

    // The reminder waits in the outbox for the day before the test; the held test made it moot.
    const reminder = await h.bot.db.prisma.notification.findFirstOrThrow({ where: { case: { key }, kind: 'reminder' } });
    expect(reminder.nextAttemptAt.getTime()).toBe((testAt - 86_400) * 1000);
    expect(reminder.deliveredAt).toBeNull();
    expect(threadReplies(h, key).some((r) => String(r.args.text).includes('明日は認定試験です'))).toBe(false);

    const final = h.latestCard(key)!;
    expect(cardText(final.blocks)).toContain('(5) 認定取得');
    expect(cardText(final.blocks)).toContain('PG-2026-0001');
    expect(buttonsOf(final.blocks)).toHaveLength(0);

    expect(subjects(email(1), key)).toEqual([
      '申請書類の送付について',
      '資材の配布について',
      '検証環境の環境設定完了のお知らせ',
      '認定試験の日程確定のお知らせ',
      '認定試験の結果について（合格）',
      '確認用PG認定書の送付について',
    ]);
    const mails = h.smtp.mails.filter((m) => m.to.includes(email(1)));
    expect(mails[0]!.text).toContain('・カード代替電磁的記録に係る確認用プログラム認定手順書（対面用）');
    expect(mails[0]!.text).not.toContain('非対面用');
    for (const doc of ['カード代替電磁的記録 利用規約', 'カード代替電磁的記録 profile仕様書', '【申請書】認定試験申請書', '【申請書】検証環境アクセス申請書', 'テスト用マイナポータルアプリ インストール手順書', '認定試験の準備について【P】']) {
      expect(mails[1]!.text).toContain(`・${doc}`);
    }
    expect(mails[3]!.text).toContain('霞が関 会議室A');
    expect(mails[5]!.text).toContain('・確認用PG認定書');
    expect(mails[5]!.text).toContain('PG-2026-0001');
    const proposal = threadReplies(h, key).find((r) => String(r.args.text).startsWith('(3)-d 認定試験の日程調整: 日程を提案'));
    expect(JSON.stringify(proposal!.args.blocks)).toContain('霞が関 会議室A');
  });

  it('walks 非対面用 without stage (2), via /mdoc new cert-remote', async () => {
    const key = await openCaseThroughSlack(h, 'new cert-remote', REQUESTER, intake(2, 'no'));
    await walk(h, key, [
      ...stage1(),
      { step: '(1)-g', action: 'record_receipt', by: REQUESTER, next: '(3)-a 認定試験に必要な各種準備' },
      ...stage3(inDays(10)),
      ...stage4('PG-2026-0002'),
    ]);
    expect((await stepsOf(key)).some((s) => s.includes('(2)-'))).toBe(false);
    const first = h.smtp.mails.find((m) => m.to.includes(email(2)))!;
    expect(first.text).toContain('・カード代替電磁的記録に係る確認用プログラム認定手順書（非対面用）');
    expect(subjects(email(2), key)).not.toContain('検証環境の環境設定完了のお知らせ');
  });

  it('fails a test, mails the findings, goes back to (3)-a, reschedules, and passes the second time', async () => {
    const key = await openCaseThroughSlack(h, 'new cert-in-person', REQUESTER, intake(3, 'no'));
    await walk(h, key, [...stage1(), { step: '(1)-g', action: 'record_receipt', by: REQUESTER, next: '(3)-a' }, ...stage3(inDays(10))]);
    // The failed round's result is a file of its own; the retest below brings another.
    await walk(h, key, [{ step: '(3)-f', action: 'record_result', by: TEST_LAB, form: result('fail', '読取り時間が基準を超えています。'), files: { テスト結果: issuedPdf('テスト結果 不合格', key) }, next: '(3)-a 認定試験に必要な各種準備' }]);
    const failReply = threadReplies(h, key).at(-1)!;
    expect(JSON.stringify(failReply.args.blocks)).toContain('読取り時間が基準を超えています。');
    const failMail = h.smtp.mails.filter((m) => m.subject.includes(key)).at(-1)!;
    expect(failMail.subject).toContain('不合格');
    expect(failMail.text).toContain('■ 指摘事項\n読取り時間が基準を超えています。');

    await walk(h, key, [
      { step: '(3)-a', action: 'record_preparation', by: REQUESTER, next: '(3)-b' },
      { step: '(3)-b', action: 'record_test_application', by: REQUESTER, next: '(3)-c' },
      { step: '(3)-c', action: 'confirm_record', by: REVIEWER, next: '(3)-d' },
      // The old date was cleared: the next date must be proposed again.
      { step: '(3)-d', action: 'propose_schedule', by: REVIEWER, form: schedule(inDays(20)), next: '(3)-d 認定試験の日程調整' },
      { step: '(3)-d', action: 'propose_schedule', by: TEST_LAB, form: schedule(inDays(21), 'オンライン https://meet.example.jp/abc'), next: '(3)-d 認定試験の日程調整', primary: false },
      { step: '(3)-d', action: 'confirm_schedule', by: TEST_LAB, next: '(3)-e 認定試験' },
      { step: '(3)-e', action: 'reschedule', by: TEST_LAB, form: schedule(inDays(22)), next: '(3)-d 認定試験の日程調整', primary: false },
      { step: '(3)-d', action: 'confirm_schedule', by: TEST_LAB, next: '(3)-e 認定試験' },
      { step: '(3)-e', action: 'record_test_held', by: TEST_LAB, next: '(3)-f' },
      ...stage4('PG-2026-0003'),
    ]);
    const history = await stepsOf(key);
    expect(history.filter((s) => s.endsWith(':record_result'))).toEqual(['(3)-f>(3)-a:record_result', '(3)-f>(4)-a:record_result']);
    expect(history.filter((s) => s.includes('propose_schedule') || s.includes('reschedule'))).toHaveLength(4);
    const status = JSON.stringify((await h.command(`status ${key}`, REVIEWER)).json());
    expect(status).toContain('(5) 認定取得');
  });

  it('posts a reminder in the thread the day before the test', async () => {
    const key = await openCaseThroughSlack(h, 'new cert-in-person', REQUESTER, intake(4, 'no'));
    const soon = Math.floor(Date.now() / 1000) + 20 * 3600; // within a day: the reminder is due at once
    await walk(h, key, [...stage1(), { step: '(1)-g', action: 'record_receipt', by: REQUESTER, next: '(3)-a' }, ...stage3(soon).slice(0, 4)]);
    await h.click(key, 'confirm_schedule', TEST_LAB);
    const reminder = await waitFor(() => threadReplies(h, key).find((r) => String(r.args.text).includes('明日は認定試験です')), 'the reminder');
    expect(String(reminder.args.text).startsWith('(3)-e 認定試験')).toBe(true);
    expect(cardText(h.latestCard(key)!.blocks)).toContain('霞が関 会議室A');
  });
});

describe('a usage case that develops its own verifier', () => {
  it('cannot be approved at (4)-c until its linked certification reaches (5), and is told when it does', async () => {
    const cert = await openCaseThroughSlack(h, 'new cert-remote', REQUESTER, intake(5, 'no'));
    const usage = await openCaseThroughSlack(h, 'new usage', REQUESTER, {
      category: choice('private'),
      org_name: '独自開発株式会社',
      corporate_number: '1180301018771',
      department: '開発部',
      contact_name: '伊藤',
      phone: '03-1111-2222',
      email: 'own@example.co.jp',
      usage_mode: choice('remote'),
      krl_proxy: choice('no'),
      own_verifier: choice('yes'),
    });
    expect(cardText(h.latestCard(usage)!.blocks)).toContain('未紐付け');

    // Linking by command checks the case exists and is a certification.
    expect((await h.command(`link ${usage} MDOC-9999`, REQUESTER)).json().text).toContain('見つかりません');
    expect((await h.command(`link ${usage} ${usage}`, REQUESTER)).json().text).toContain('確認用PG認定の案件ではありません');
    expect((await h.command(`link ${usage} ${cert}`, REQUESTER)).json().text).toContain(`${cert} を紐付けました`);
    await h.settle();
    expect(cardText(h.latestCard(usage)!.blocks)).toContain(`${cert} — (1)-b 申請書類の送付（未取得）`);

    const toApproval = usageMoves({ until: '(4)-c', access: ACCESS });
    await walk(h, usage, toApproval);

    const gated = buttonsOf(h.latestCard(usage)!.blocks).find((b: any) => b.action_id === 'mdoc_action:approve');
    expect(gated.text.text).toContain('認定取得待ち');
    expect(gated.style).toBeUndefined();
    await h.click(usage, 'approve', REVIEWER);
    const told = await waitFor(() => h.slack.callsOf('chat.postEphemeral').find((c) => String(c.args.text).includes(cert) && String(c.args.text).includes('承認できません')), 'the gate explained');
    expect(told.args.text).toContain('(1)-b 申請書類の送付');
    expect(await h.bot.db.prisma.case.findUniqueOrThrow({ where: { key: usage } })).toMatchObject({ step: '(4)-c' });

    await walk(h, cert, [...stage1(), { step: '(1)-g', action: 'record_receipt', by: REQUESTER, next: '(3)-a' }, ...stage3(inDays(10)), ...stage4('PG-2026-0005')]);
    await h.settle();
    const notice = threadReplies(h, usage).find((r) => String(r.args.text).includes(`${cert} が (5) 認定取得 となりました`));
    expect(notice).toBeDefined();
    const released = h.latestCard(usage)!;
    expect(cardText(released.blocks)).toContain(`${cert} — (5) 認定取得（取得済み）`);
    await walk(h, usage, [
      { step: '(4)-c', action: 'approve', by: REVIEWER, next: '(4)-e 結果通知の送付' },
      { step: '(4)-e', action: 'send_result', by: REVIEWER, files: { サービス開始承諾書: true }, next: '(4)-f' },
      { step: '(4)-f', action: 'record_receipt', by: REQUESTER, next: '(5) サービス開始' },
    ]);
    expect(cardText(h.latestCard(usage)!.blocks)).toContain('(5) サービス開始');
  });
});
