// Thread messages that are not step changes: the reminder before a test, and a usage case being told
// that its certification was obtained.
import type { CaseRecord } from '../../cases/case.js';
import type { NotificationKind } from '../../cases/notifications.js';
import { displayValue } from '../../forms/declarations.js';
import { stepByCode } from '../../workflow/steps.js';
import type { ProcedureDecl } from '../../workflow/types.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { stepLabel } from './step-label.js';

const section = (text: string): SlackMessage['blocks'][number] => ({ type: 'section', text: { type: 'mrkdwn', text } });

export function reminder(procedure: ProcedureDecl, c: CaseRecord, r: { step: string; field: string; text: string }): SlackMessage {
  const step = stepByCode(procedure, r.step);
  const place = c.fields.test_place ? `（${escapeMrkdwn(String(c.fields.test_place))}）` : '';
  const text = `${stepLabel(step)}: ${r.text}。${displayValue(r.field, c.fields[r.field])}${place}（${c.key}）`;
  return { text, blocks: [section(`:alarm_clock: ${text}`)] };
}

export function linkedCompleted(procedure: ProcedureDecl, c: CaseRecord, certification: string): SlackMessage {
  const step = stepByCode(procedure, c.step);
  const text = `紐付けられた確認用PG認定の案件 ${certification} が (5) 認定取得 となりました。${c.key} は (4)-c 承認 に進める状態です（現在: ${stepLabel(step)}）。`;
  return { text, blocks: [section(text)] };
}

export function overdueNotice(procedure: ProcedureDecl, c: CaseRecord, due: string, mentions: string): SlackMessage {
  const step = stepByCode(procedure, c.step);
  const text = `${stepLabel(step)}: 期限（${due.replace(/-/g, '/')}、${step.targetDays}営業日）を過ぎました。${mentions ? `${mentions} ` : ''}対応をお願いします（${c.key}）。`;
  return { text, blocks: [section(`:hourglass: ${text}`)] };
}

/** What each kind of notification is, in the desk's words (the dead-notification notice names it). */
export const KIND_LABELS: Record<NotificationKind, string> = {
  'card.post': 'ケースカードの投稿',
  'card.update': 'ケースカードの更新',
  'thread.reply': 'スレッドへの返信',
  'dm.post': '依頼者へのDM',
  'dm.update': '依頼者DMの更新',
  'dm.reply': '依頼者DMへの返信',
  mail: 'メール',
  reminder: 'リマインダー',
  'linked.completed': '認定取得の通知',
  'dead.notice': '配信できなかった通知のお知らせ',
  overdue: '期限超過のお知らせ',
  digest: '日次ダイジェスト',
  'home.fanout': 'ホームタブの更新（対象者の確認）',
  'home.publish': 'ホームタブの更新',
  'apply.confirm': 'Web申請の確認メール',
  'documents.missing': '添付できなかった資料のお知らせ',
  'inbound.post': '受信メールの投稿',
  'files.upload': 'ファイルのアップロード',
  'dm.inbound': '依頼者DMへの受信メールのお知らせ',
  'inbound.triage': '未分類のメールの投稿',
  'inbound.notice': '受信メールについてのお知らせ',
  'bounce.cleared': 'メール不達の表示の解除',
};

/** Told in the reviewer channel when a notification could not be delivered at all, with its case when it has one. */
export function deadNotice(caseKey: string | undefined, n: { notificationId: string; kind: string; error: string }): SlackMessage {
  const what = KIND_LABELS[n.kind as NotificationKind] ?? 'お知らせ';
  const text = `:warning: ${caseKey ? `${caseKey} の` : ''}${what}（通知 #${n.notificationId}）を配信できませんでした: ${escapeMrkdwn(n.error)}。原因を取り除いたあと \`/mdoc admin retry-dead\` で再送できます。`;
  return { text, blocks: [section(text)] };
}
