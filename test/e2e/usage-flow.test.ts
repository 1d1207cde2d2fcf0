// The usage procedure walked end to end through Bolt's real HTTP receiver, with signed requests, the Web
// API stand-in, a real SMTP server and a real Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, OPERATOR_EMAIL, REQUESTER, REVIEWER, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { buttonsOf, cardText, openCaseThroughSlack, usageMoves, walk } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const APPLICANT_EMAIL = (n: number) => `tanaka${n}@example.co.jp`;

function intake(n: number, usageMode: 'in_person' | 'remote', krl: 'yes' | 'no') {
  return {
    category: choice('private'),
    org_name: `株式会社テスト${n}`,
    corporate_number: '４０１１００１０９８９９３', // full-width, normalised to 4011001098993
    department: 'デジタル推進部',
    contact_name: '田中 太郎',
    phone: '03-1234-5678',
    email: APPLICANT_EMAIL(n),
    usage_mode: choice(usageMode),
    krl_proxy: choice(krl),
    preparation: [],
  };
}

const openCase = (n: number, usageMode: 'in_person' | 'remote', krl: 'yes' | 'no') => openCaseThroughSlack(h, 'new usage', REQUESTER, intake(n, usageMode, krl));



const mailsTo = (address: string) => h.smtp.mails.filter((m) => m.to.includes(address));

describe('usage application, end to end', () => {
  it('walks 対面 without KRL from /mdoc new usage to (5) サービス開始, skipping (4)-d', async () => {
    const key = await openCase(1, 'in_person', 'no');
    expect(key).toMatch(/^MDOC-\d{4}$/);
    const card = h.latestCard(key)!;
    expect(cardText(card.blocks)).toContain('(1)-b 申請書類の送付');
    expect(cardText(card.blocks)).toContain('デジタル庁');
    const dm = await waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === `D${REQUESTER.slice(1)}` && !c.args.thread_ts), 'the DM to the requester');
    expect(String(dm.args.text)).toContain(key);

    await walk(h, key, usageMoves({ krl: false }));

    const final = h.latestCard(key)!;
    expect(cardText(final.blocks)).toContain('(5) サービス開始');
    expect(buttonsOf(final.blocks)).toHaveLength(0);
    expect(h.slack.callsOf('chat.postMessage').some((c) => c.args.thread_ts && String(c.args.text).startsWith('(4)-d'))).toBe(false);

    const mails = mailsTo(APPLICANT_EMAIL(1));
    expect(mails.map((m) => m.subject.replace(/（.*$/, ''))).toEqual([
      `【${key}】申請書類の送付について`,
      `【${key}】情報開示申請の承認について`,
      `【${key}】資材の配布について`,
      `【${key}】検証環境の環境設定完了のお知らせ`,
      `【${key}】サービス開始申請の結果通知`,
    ]);
    const materials = mails[2]!.text;
    expect(materials).toContain('Android用 Verifier API Library の Readme');
    expect(materials).toContain('Android用 Verifier API Library （確認用プログラム）');
    expect(materials).not.toContain('Remote Reader Library');
    expect(mails[0]!.text).toContain('カード代替電磁的記録の利用に係る申請手順書');
    expect(mails[0]!.text).toContain('【事業者等向け】秘密遵守事項');
    expect(mails[3]!.text).toContain('TestFlight登録連絡');
    expect(mails[4]!.text).toContain('サービス開始承諾書');
    for (const m of mails) expect(m.from).toBe('desk@example.go.jp');

    const operatorMails = mailsTo(OPERATOR_EMAIL).filter((m) => m.subject.includes(key));
    expect(operatorMails.map((m) => m.subject.replace(/（.*$/, ''))).toEqual([`【${key}】検証環境の環境設定のご依頼`, `【${key}】サービス開始申請の承認について`]);
    expect(operatorMails[0]!.text).toContain('198.51.100.0/24');
    expect(operatorMails[0]!.text).toContain('dev@example.co.jp');

    const status = await h.command(`status ${key}`, REVIEWER);
    const statusText = JSON.stringify(status.json());
    expect(statusText).toContain('(5) サービス開始');
    expect(statusText).toContain(`<@${OPERATOR}>`);
    expect(statusText).toContain('履歴*（18件');
  });

  it('walks 非対面 with KRL, through (4)-d, with the Linux Remote Reader Library documents only', async () => {
    const key = await openCase(2, 'remote', 'yes');
    await walk(h, key, usageMoves({ krl: true }));
    expect(cardText(h.latestCard(key)!.blocks)).toContain('(5) サービス開始');
    const materials = mailsTo(APPLICANT_EMAIL(2)).find((m) => m.subject.includes('資材の配布'))!.text;
    for (const doc of ['Linux用 Remote Reader Libraryの Readme', 'Remote Reader Library外部インターフェィス仕様書（Linux用）', 'Linux用 Remote Reader Library 開発者向け実装ガイド', 'Linux用 Remote Reader Library (確認用プログラム)']) {
      expect(materials).toContain(doc);
    }
    expect(materials).not.toContain('Android');
    expect(materials).not.toContain('Verifier API Library');
  });
});
