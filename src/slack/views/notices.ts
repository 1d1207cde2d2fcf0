// Thread messages that are not step changes: the reminder before a test, and a usage case being told
// that its certification was obtained.
import type { CaseRecord } from '../../cases/case.js';
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

const KIND_LABELS: Record<string, string> = {
  'card.post': 'ケースカードの投稿',
  'card.update': 'ケースカードの更新',
  'thread.reply': 'スレッドへの返信',
  'dm.post': '依頼者へのDM',
  'dm.update': '依頼者DMの更新',
  'dm.reply': '依頼者DMへの返信',
  mail: 'メール',
  reminder: 'リマインダー',
  'linked.completed': '認定取得の通知',
  overdue: '期限超過のお知らせ',
  digest: '日次ダイジェスト',
};

/** Told in the reviewer channel when a notification could not be delivered at all; `subject` is its case ID or stream. */
export function deadNotice(subject: string, n: { notificationId: string; kind: string; error: string }): SlackMessage {
  const text = `:warning: ${subject} の${KIND_LABELS[n.kind] ?? n.kind}（通知 #${n.notificationId}）を配信できませんでした: ${escapeMrkdwn(n.error)}。原因を取り除いたあと \`/mdoc admin retry-dead\` で再送できます。`;
  return { text, blocks: [section(text)] };
}
