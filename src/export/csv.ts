// CSV as Excel in Japan opens it: UTF-8 with a BOM, CRLF line ends, every field quoted (RFC 4180).
// Written line by line, so that an export of years of cases never sits in memory whole.
import type { CaseRecord, TransitionRow } from '../cases/case.js';
import { procedureById } from '../workflow/procedures/index.js';
import { stepByCode } from '../workflow/steps.js';
import { stepLabel } from '../slack/views/step-label.js';

const BOM = '\uFEFF';
const quote = (value: unknown) => `"${String(value ?? '').replace(/"/g, '""')}"`;

const csvLine = (values: unknown[]) => `${values.map(quote).join(',')}\r\n`;

/** The start of a file: the BOM, then the header line. */
export const csvHead = (header: string[]) => `${BOM}${csvLine(header)}`;

const iso = (d: Date | null) => d?.toISOString() ?? '';
const stepTitle = (procedure: string, code: string | null) => (code ? stepLabel(stepByCode(procedureById(procedure), code)) : '');

export const CASE_HEADER = ['案件番号', '手続き', '事業者・団体名', '法人番号', 'メールアドレス', '現在のステップ', 'ステップ開始日時', '期限', '完了', '依頼者', '登録日時', '最終更新日時'];

export function caseLine(c: CaseRecord): string {
  const f = c.fields;
  return csvLine([c.key, procedureById(c.procedure).title, f.org_name, f.corporate_number, f.email, stepTitle(c.procedure, c.step), iso(c.stepSince), c.dueDate ?? '', c.closed ? 'はい' : 'いいえ', c.requesterId, iso(c.createdAt), iso(c.updatedAt)]);
}

/**
 * The last column is the row's link in the hash chain (SHA-256, hex): `npm run audit:verify -- --against
 * <file>` checks a kept export against the database later. New columns go after it, never between.
 */
export const TRANSITION_HEADER = ['案件番号', '版', '日時', '実行者', '操作', '前のステップ', '次のステップ', 'コメント', 'データ', 'ハッシュ'];

export function transitionLine(c: CaseRecord, t: TransitionRow): string {
  return csvLine([c.key, t.version, iso(t.createdAt), t.actorId, t.action, stepTitle(c.procedure, t.fromStep), stepTitle(c.procedure, t.toStep), t.comment, JSON.stringify(t.data), t.hash ?? '']);
}
