// What `/mdoc link` answers.
import type { ApplyActionResult } from '../cases/apply-action.js';
import { refusalText } from './refusal-text.js';

/** The usage procedure's case action that names its certification case. */
export const LINK_ACTION = 'link_certification';

export function linkResultText(result: ApplyActionResult, caseKey: string): string {
  if (result.kind === 'applied') return `${caseKey} に確認用PG認定の案件 ${String(result.record.data.linked_certification)} を紐付けました。`;
  if (result.kind === 'refused' && result.refusal.reason === 'unknown_action') {
    return `${caseKey} は確認用プログラムを独自に開発する利用申請の案件ではないため、紐付けできません。`;
  }
  if (result.kind === 'refused' && result.refusal.reason === 'invalid_form') return Object.values(result.refusal.errors).join(' ');
  if (result.kind === 'refused' && result.refusal.reason === 'form_required') return '紐付ける案件番号を指定してください。';
  return refusalText(result, caseKey);
}
