// Drives a case through its steps as people would: click the card's button, fill the form if one opens,
// and check that each move produces exactly one thread reply naming the new step first.
import { expect } from 'vitest';
import { OPERATOR, REQUESTER, REVIEWER, REVIEW_CHANNEL, TEST_LAB, issuedPdf, type Harness } from './bot-harness.js';
import { waitFor } from './wait-for.js';

export interface Move {
  /** The step the card must show before the click. */
  step: string;
  action: string;
  by: string;
  form?: Record<string, unknown>;
  /**
   * The PDF chosen for each document the action issues (its file input is named after it); `true` takes
   * issuedPdf(document, case), a file of the case's own.
   */
  files?: Record<string, Buffer | true>;
  /** How the thread reply must begin (the new step's code and title). */
  next: string;
  /** Whether the button must be the primary one (default true). */
  primary?: boolean;
}

export const buttonsOf = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);
export const cardText = (blocks: any[]) => JSON.stringify(blocks);

/** The replies in the thread of the case's card in the reviewer channel. */
export function threadReplies(h: Harness, caseKey: string) {
  const posts = h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === REVIEW_CHANNEL);
  const card = posts.find((c) => !c.args.thread_ts && String(c.args.text).startsWith(`${caseKey} `) && c.result.ok);
  return card ? posts.filter((c) => c.args.thread_ts === card.result.ts) : [];
}

export async function openCaseThroughSlack(h: Harness, commandText: string, userId: string, form: Record<string, unknown>, chooserFlow?: string): Promise<string> {
  const modalsBefore = h.slack.callsOf('views.open').length;
  expect((await h.command(commandText, userId)).status).toBe(200);
  const opened = await waitFor(() => h.slack.callsOf('views.open')[modalsBefore], 'the modal');
  expect(opened.args.view.callback_id).toBe('mdoc_new');
  let metadata = opened.args.view.private_metadata;
  if (chooserFlow) {
    const chosen = await h.submitView('mdoc_new', { flow: { type: 'radio_buttons', selected_option: { value: chooserFlow } } }, userId, metadata);
    const update = chosen.json();
    expect(update.response_action).toBe('update');
    expect(update.view.callback_id).toBe('mdoc_new');
    metadata = update.view.private_metadata;
  }
  // The card shows the name escaped for mrkdwn.
  const org = String(form.org_name).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const submitted = await h.submitView('mdoc_new', form, userId, metadata);
  expect(submitted.status).toBe(200);
  expect(submitted.body).toBe('');
  const card = await waitFor(
    () => h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === REVIEW_CHANNEL && !c.args.thread_ts && String(c.args.text).includes(org)),
    'the case card',
  );
  await h.settle();
  return String(card.args.text).split(' ')[0]!;
}

export async function walk(h: Harness, caseKey: string, moves: Move[]): Promise<void> {
  for (const move of moves) {
    const card = h.latestCard(caseKey)!;
    expect(cardText(card.blocks), `card before ${move.action}`).toContain(`現在のステップ*\\n${move.step}`);
    const button = buttonsOf(card.blocks).find((b: any) => b.action_id === `mdoc_action:${move.action}`);
    expect(button, `${move.step} has ${move.action}`).toBeDefined();
    if (move.primary ?? true) expect(buttonsOf(card.blocks).filter((b: any) => b.style === 'primary').map((b: any) => b.action_id)).toEqual([`mdoc_action:${move.action}`]);
    const repliesBefore = threadReplies(h, caseKey).length;
    const modalsBefore = h.slack.callsOf('views.open').length;
    expect((await h.click(caseKey, move.action, move.by)).status).toBe(200);
    if (move.form || move.files) {
      const modal = await waitFor(() => h.slack.callsOf('views.open').slice(modalsBefore).find((c) => c.args.view.callback_id === 'mdoc_action_form'), `the form of ${move.action}`);
      const files = Object.fromEntries(
        Object.entries(move.files ?? {}).map(([document, file]) => [document, h.fileInput(`${document}_${caseKey}.pdf`, file === true ? issuedPdf(document, caseKey) : file)]),
      );
      const submitted = await h.submitView('mdoc_action_form', { ...move.form, ...files }, move.by, modal.args.view.private_metadata);
      expect(submitted.status).toBe(200);
      expect(submitted.body, `form of ${move.action}`).toBe('');
    }
    await waitFor(() => threadReplies(h, caseKey).length > repliesBefore, `the thread reply after ${move.step} ${move.action}`);
    await h.settle();
    const replies = threadReplies(h, caseKey);
    expect(replies.length).toBe(repliesBefore + 1);
    expect(String(replies.at(-1)!.args.text).startsWith(move.next), `reply after ${move.action}: ${replies.at(-1)!.args.text}`).toBe(true);
  }
}

/** The access application's data, as the tests fill it in at (3)-b. */
export const ACCESS_FORM = { ip_ranges: '203.0.113.10\n198.51.100.0/24', apple_account_email: 'dev@example.co.jp' };

/**
 * The usage procedure walked as its people walk it, from (1)-b: to its end, or until the case waits at
 * `until`. Each reply begins with the next step's code and title.
 */
export function usageMoves({ krl = false, until, access = ACCESS_FORM }: { krl?: boolean; until?: string; access?: Record<string, unknown> } = {}): Move[] {
  const moves: Move[] = [
    { step: '(1)-b', action: 'send_documents', by: REVIEWER, next: '(2)-a 情報開示申請' },
    { step: '(2)-a', action: 'record_submission', by: REQUESTER, next: '(2)-b 受付・審査' },
    { step: '(2)-b', action: 'accept', by: REVIEWER, next: '(2)-c 承認' },
    { step: '(2)-c', action: 'approve', by: REVIEWER, next: '(2)-d 資材配布' },
    { step: '(2)-d', action: 'distribute', by: REVIEWER, next: '(2)-e ID等発行申請' },
    { step: '(2)-e', action: 'record_id_application', by: REQUESTER, next: '(3)-a 仕様確認・システム開発' },
    { step: '(3)-a', action: 'record_development', by: REQUESTER, next: '(3)-b 検証環境アクセス申請' },
    { step: '(3)-b', action: 'record_access_request', by: REQUESTER, form: access, next: '(3)-c 受付・環境設定依頼' },
    { step: '(3)-c', action: 'request_setup', by: REVIEWER, next: '(3)-d 環境設定登録' },
    { step: '(3)-d', action: 'complete_setup', by: OPERATOR, next: '(3)-e テスト用マイナポータルアプリの取得（iOSアプリ)' },
    { step: '(3)-e', action: 'record_app_installed', by: REQUESTER, next: '(3)-f 検証環境テスト実施' },
    { step: '(3)-f', action: 'record_tests_done', by: REQUESTER, next: '(4)-a サービス開始申請' },
    { step: '(4)-a', action: 'record_start_application', by: REQUESTER, next: '(4)-b 受付・審査' },
    { step: '(4)-b', action: 'accept', by: REVIEWER, next: '(4)-c 承認' },
    { step: '(4)-c', action: 'approve', by: REVIEWER, next: krl ? '(4)-d 環境設定登録' : '(4)-e 結果通知の送付' },
  ];
  if (krl) moves.push({ step: '(4)-d', action: 'complete_production_setup', by: OPERATOR, next: '(4)-e 結果通知の送付' });
  moves.push(
    { step: '(4)-e', action: 'send_result', by: REVIEWER, files: { サービス開始承諾書: true }, next: '(4)-f 結果通知の受領' },
    { step: '(4)-f', action: 'record_receipt', by: REQUESTER, next: '(5) サービス開始' },
  );
  const end = until ? moves.findIndex((m) => m.step === until) : -1;
  return end >= 0 ? moves.slice(0, end) : moves;
}

/** The certificate given at (4)-d: its number (unique to each case), its date, and its PDF (the case's own by default). */
export interface CertificateMove {
  number: string;
  certifiedOn?: string;
  file?: Buffer;
}

/**
 * A certification case without stage (2) (env_test no), walked as its people walk it: from (1)-b, or
 * `from`, to its end, or until the case waits at `until`. The test is proposed for `testAt` (Unix seconds)
 * and passed, its result and the certificate chosen as PDFs of the case's own.
 */
export function certificationMoves({ from, until, testAt = Math.floor(Date.now() / 1000) + 10 * 86_400, certificate }: { from?: string; until?: string; testAt?: number; certificate?: CertificateMove } = {}): Move[] {
  const moves: Move[] = [
    { step: '(1)-b', action: 'send_documents', by: REVIEWER, next: '(1)-c 情報開示申請' },
    { step: '(1)-c', action: 'record_submission', by: REQUESTER, next: '(1)-d 受付・審査' },
    { step: '(1)-d', action: 'accept', by: REVIEWER, next: '(1)-e 承認' },
    { step: '(1)-e', action: 'approve', by: REVIEWER, next: '(1)-f 資材配布' },
    { step: '(1)-f', action: 'distribute', by: REVIEWER, next: '(1)-g 資料受領' },
    { step: '(1)-g', action: 'record_receipt', by: REQUESTER, next: '(3)-a 認定試験に必要な各種準備' },
    { step: '(3)-a', action: 'record_preparation', by: REQUESTER, next: '(3)-b 認定試験の申請' },
    { step: '(3)-b', action: 'record_test_application', by: REQUESTER, next: '(3)-c 動作実績確認' },
    { step: '(3)-c', action: 'confirm_record', by: REVIEWER, next: '(3)-d 認定試験の日程調整' },
    { step: '(3)-d', action: 'propose_schedule', by: TEST_LAB, form: { test_at: { type: 'datetimepicker', selected_date_time: testAt }, test_place: 'オンライン会議' }, next: '(3)-d 認定試験の日程調整' },
    { step: '(3)-d', action: 'confirm_schedule', by: TEST_LAB, next: '(3)-e 認定試験' },
    { step: '(3)-e', action: 'record_test_held', by: TEST_LAB, next: '(3)-f テスト結果の送付' },
    { step: '(3)-f', action: 'record_result', by: TEST_LAB, form: { result: { type: 'radio_buttons', selected_option: { value: 'pass' } } }, files: { テスト結果: true }, next: '(4)-a 認定申請' },
    { step: '(4)-a', action: 'record_certification_application', by: REQUESTER, next: '(4)-b 認定申請の受付・審査' },
    { step: '(4)-b', action: 'accept', by: REVIEWER, next: '(4)-c 認定の承認' },
    { step: '(4)-c', action: 'approve', by: REVIEWER, next: '(4)-d 認定書の送付' },
    {
      step: '(4)-d',
      action: 'send_certificate',
      by: REVIEWER,
      form: { certificate_number: certificate?.number ?? '', certified_on: { type: 'datepicker', selected_date: certificate?.certifiedOn ?? '2026-12-01' } },
      files: { 確認用PG認定書: certificate?.file ?? true },
      next: '(4)-e 認定書の受領',
    },
    { step: '(4)-e', action: 'record_certificate_receipt', by: REQUESTER, next: '(5) 認定取得' },
  ];
  const start = from ? moves.findIndex((m) => m.step === from) : 0;
  const end = until ? moves.findIndex((m, i) => i >= start && m.step === until) : -1;
  return moves.slice(start, end >= 0 ? end : undefined);
}
