// Mails in polite business Japanese, written from the declarations: the documents listed are exactly
// those the step declares for this case's variant.
import type { CaseRecord, TransitionRow } from '../cases/case.js';
import { displayValue, fieldLabel } from '../forms/declarations.js';
import { holds } from '../workflow/conditions.js';
import { stepByCode } from '../workflow/steps.js';
import { stepLabel } from '../slack/views/step-label.js';
import type { MailDecl, ProcedureDecl } from '../workflow/types.js';

export interface RenderedMail {
  subject: string;
  text: string;
}

export interface RenderMailInput {
  procedure: ProcedureDecl;
  case: CaseRecord;
  mail: MailDecl;
  transition: TransitionRow;
  /** MAIL_FROM, whose display name signs the mail. */
  from: string;
}

export function documentsFor(mail: MailDecl, fields: CaseRecord['fields']): string[] {
  return (mail.documents ?? []).filter((d) => holds(d.when, fields)).map((d) => d.name);
}

function signature(from: string): string {
  const name = /^\s*"?([^"<]+?)"?\s*</.exec(from)?.[1] ?? from;
  return `――――――――――――――――――――\n${name}\n（本メールは mdoc desk から送信しています）`;
}

export function renderMail({ procedure, case: c, mail, transition, from }: RenderMailInput): RenderedMail {
  const f = c.fields;
  const next = stepByCode(procedure, transition.toStep);
  const addressee =
    mail.to === 'applicant'
      ? [String(f.org_name), `${String(f.department)} ${String(f.contact_name)} 様`]
      : ['運用・保守事業者 ご担当者様'];
  const sections: string[] = [
    `■ 案件番号\n${c.key}（${procedure.title}）`,
    `■ 申請事業者\n${String(f.org_name)}（法人番号 ${String(f.corporate_number)}）`,
    `■ ${next.final ? '手続きの状況' : '次のお手続き'}\n${stepLabel(next)}`,
  ];
  const documents = documentsFor(mail, f);
  if (documents.length) sections.push(`■ ${mail.to === 'applicant' ? '送付資料' : '関係書類'}\n${documents.map((d) => `・${d}`).join('\n')}`);
  for (const name of mail.fields ?? []) sections.push(`■ ${fieldLabel(name)}\n${displayValue(name, f[name])}`);
  if (mail.comment && transition.comment) sections.push(`■ ${mail.comment}\n${transition.comment}`);

  const text = [
    ...addressee,
    '',
    '平素よりお世話になっております。',
    'デジタル庁 mdoc事業者申請窓口でございます。',
    '',
    mail.lead,
    '',
    sections.join('\n\n'),
    '',
    'ご不明な点がございましたら、本メールにご返信いただくか、窓口までお問い合わせください。',
    '今後ともどうぞよろしくお願い申し上げます。',
    '',
    signature(from),
    '',
  ].join('\n');
  return { subject: `【${c.key}】${mail.subject}（カード代替電磁的記録 ${procedure.title}）`, text };
}
