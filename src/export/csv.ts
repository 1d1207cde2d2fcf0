// CSV as Excel in Japan opens it: UTF-8 with a BOM, CRLF line ends, every field quoted (RFC 4180).
import type { CaseRecord, TransitionRow } from '../cases/case.js';
import { procedureById } from '../workflow/procedures/index.js';
import { stepByCode } from '../workflow/steps.js';

const BOM = '\uFEFF';
const quote = (value: unknown) => `"${String(value ?? '').replace(/"/g, '""')}"`;

export function toCsv(header: string[], rows: unknown[][]): Buffer {
  const lines = [header, ...rows].map((row) => row.map(quote).join(','));
  return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

const iso = (d: Date) => d.toISOString();
const stepTitle = (procedure: string, code: string | null) => (code ? `${code} ${stepByCode(procedureById(procedure), code).title}` : '');

export function casesCsv(cases: CaseRecord[]): Buffer {
  return toCsv(
    ['案件番号', '手続き', '事業者・団体名', '法人番号', 'メールアドレス', '現在のステップ', '完了', '依頼者', '登録日時', '最終更新日時'],
    cases.map((c) => [c.key, procedureById(c.procedure).title, c.fields.org_name, c.fields.corporate_number, c.fields.email, stepTitle(c.procedure, c.step), c.closed ? 'はい' : 'いいえ', c.requesterId, iso(c.createdAt), iso(c.updatedAt)]),
  );
}

export function transitionsCsv(rows: { case: CaseRecord; transition: TransitionRow }[]): Buffer {
  return toCsv(
    ['案件番号', '版', '日時', '実行者', '操作', '前のステップ', '次のステップ', 'コメント', 'データ'],
    rows.map(({ case: c, transition: t }) => [c.key, t.version, iso(t.createdAt), t.actorId, t.action, stepTitle(c.procedure, t.fromStep), stepTitle(c.procedure, t.toStep), t.comment, JSON.stringify(t.data)]),
  );
}
