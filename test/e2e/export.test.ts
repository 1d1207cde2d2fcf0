// `/mdoc export`: two CSV files uploaded to the requester's DM, read back with a real CSV parser.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, REQUESTER, REVIEWER, choice, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openCaseThroughSlack, threadReplies } from '../helpers/case-walk.js';
import { waitFor } from '../helpers/wait-for.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const TRICKY_NAME = '株式会社"引用",カンマ&<記号>';
const TRICKY_REASON = '1行目, カンマ\n2行目 "引用"';

describe('/mdoc export', () => {
  it('sends the cases and every transition as UTF-8 CSV with a BOM, quoting commas, quotes and newlines', async () => {
    const key = await openCaseThroughSlack(h, 'new usage', REQUESTER, {
      category: choice('private'), org_name: TRICKY_NAME, corporate_number: '4011001098993', department: '部', contact_name: '名',
      phone: '03-1234-5678', email: 'csv@example.jp', usage_mode: choice('remote'), krl_proxy: choice('no'),
    });
    for (const [action, who] of [['send_documents', REVIEWER], ['record_submission', REQUESTER]] as const) {
      const before = threadReplies(h, key).length;
      await h.click(key, action, who);
      await waitFor(() => threadReplies(h, key).length > before, action);
      await h.settle();
    }
    await h.click(key, 'send_back', REVIEWER);
    const modal = await waitFor(() => h.slack.callsOf('views.open').find((c) => c.args.view.callback_id === 'mdoc_action_form'), 'the reason form');
    await h.submitView('mdoc_action_form', { reason: TRICKY_REASON }, REVIEWER, modal.args.view.private_metadata);
    await waitFor(() => threadReplies(h, key).length === 3, 'the send-back');

    expect((await h.command('export', OPERATOR)).json().text).toContain('レビュアー');
    expect((await h.command('export', REVIEWER)).json().text).toContain('DM');
    const done = await waitFor(() => h.slack.callsOf('files.completeUploadExternal').at(-1), 'the upload');
    expect(done.args.channel_id).toBe(`D${REVIEWER.slice(1)}`);
    expect(String(done.args.initial_comment)).toContain('案件 1 件、遷移 4 件');
    const files = JSON.parse(String(done.args.files)) as { id: string; title: string }[];
    expect(files.map((f) => f.title)).toEqual([expect.stringMatching(/^mdoc-cases-\d{4}-\d{2}-\d{2}\.csv$/), expect.stringMatching(/^mdoc-transitions-/)]);

    const [cases, transitions] = files.map((f) => h.slack.uploads.get(f.id)!);
    for (const file of [cases!, transitions!]) expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const caseRows = parse(cases!, { bom: true, columns: true }) as Record<string, string>[];
    expect(caseRows).toHaveLength(1);
    expect(caseRows[0]).toMatchObject({ 案件番号: key, '事業者・団体名': TRICKY_NAME, 法人番号: '4011001098993', 現在のステップ: '(2)-a 情報開示申請', 完了: 'いいえ' });
    const transitionRows = parse(transitions!, { bom: true, columns: true }) as Record<string, string>[];
    expect(transitionRows.map((r) => r.操作)).toEqual(['open', 'send_documents', 'record_submission', 'send_back']);
    expect(transitionRows[3]).toMatchObject({ コメント: TRICKY_REASON, 実行者: REVIEWER, 前のステップ: '(2)-b 受付・審査', 次のステップ: '(2)-a 情報開示申請' });
    // The columns as they were, then each row's link in the hash chain, as the database holds it, so that a
    // kept export can be checked against the database later (`npm run audit:verify -- --against <file>`).
    expect(Object.keys(transitionRows[0]!)).toEqual(['案件番号', '版', '日時', '実行者', '操作', '前のステップ', '次のステップ', 'コメント', 'データ', 'ハッシュ']);
    const stored = await h.bot.db.prisma.transition.findMany({ where: { case: { key } }, orderBy: { version: 'asc' } });
    expect(transitionRows.map((r) => r.ハッシュ)).toEqual(stored.map((t) => t.hash));
    expect(stored.every((t) => /^[0-9a-f]{64}$/.test(t.hash))).toBe(true);
  });

  it('takes the list filters', async () => {
    const before = h.slack.callsOf('files.completeUploadExternal').length;
    await h.command('export procedure:cert-remote', REVIEWER);
    const done = await waitFor(() => h.slack.callsOf('files.completeUploadExternal')[before], 'the upload');
    expect(String(done.args.initial_comment)).toContain('案件 0 件');
    expect((await h.command('export step:(9)-z', REVIEWER)).json().text).toContain('ステップ');
  });
});
