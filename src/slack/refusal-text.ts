// What a person is told when their click or form changes nothing, and why.
import type { ApplyActionResult } from '../cases/apply-action.js';
import type { LinkedCase } from '../workflow/transition.js';
import { LANE_ACTORS } from '../workflow/lanes.js';
import { procedureById } from '../workflow/procedures/index.js';
import { findAction, stepByCode } from '../workflow/steps.js';
import { mention, tokyoTime } from './views/mrkdwn.js';
import { stepLabel } from './views/step-label.js';

type NotApplied = Exclude<ApplyActionResult, { kind: 'applied' }>;

export function refusalText(result: NotApplied, caseKey: string): string {
  if (result.kind === 'not_found') return `案件 ${caseKey} は見つかりません。`;
  const procedure = procedureById(result.case.procedure);
  const current = stepByCode(procedure, result.case.step);
  const now = `現在のステップは ${stepLabel(current)} です。`;
  if (result.kind === 'stale') {
    const t = result.doneBy;
    if (!t) return `${caseKey} はすでに別の操作で更新されています。${now}`;
    const from = t.fromStep ? stepByCode(procedure, t.fromStep) : undefined;
    const label = (from && findAction(procedure, from, t.action)?.label) ?? t.action;
    return `この操作はすでに行われています: ${mention(t.actorId)} が ${tokyoTime(t.createdAt)} に${from ? `「${stepLabel(from)}」で` : ''}「${label}」を実行しました。${now}`;
  }
  const refusal = result.refusal;
  switch (refusal.reason) {
    case 'closed':
      return `${caseKey} の手続きは完了しています。`;
    case 'forbidden':
      return `${stepLabel(refusal.step)} を操作できるのは ${refusal.lanes.map((l) => LANE_ACTORS[l]).join('、')} です。何も変更していません。`;
    case 'unknown_action':
      return `このボタンは ${stepLabel(refusal.step)} では使えません。${now}`;
    case 'invalid_form':
      return `入力内容に誤りがあります: ${Object.values(refusal.errors).join(' ')}`;
    case 'form_required':
      return `この操作にはフォームの入力が必要です。`;
    case 'four_eyes':
      return `${stepLabel(refusal.step)} は審査・承認のステップのため、案件の依頼者ご本人は進められません（四つの目の原則）。別のレビュアーに依頼してください。`;
    case 'guarded':
      return guardText(refusal.linked);
  }
}

/** Why a usage case cannot be approved yet at (4)-c: its verifier program is not certified. */
export function guardText(linked: LinkedCase | undefined): string {
  if (!linked) return '確認用プログラムを独自に開発する案件は、確認用PG認定の案件を紐付け、(5) 認定取得 となるまで承認できません。「認定案件を紐付け」から紐付けてください。';
  const step = stepByCode(procedureById(linked.procedure), linked.step);
  return `紐付けられた認定案件 ${linked.key} が (5) 認定取得 に達していないため承認できません（現在: ${stepLabel(step)}）。`;
}
