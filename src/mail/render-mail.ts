// Mails in polite business Japanese, written from the declarations: the documents listed are exactly
// those the step declares for this case's variant.
import type { CaseRecord, TransitionRow } from '../cases/case.js';
import { displayValue, fieldLabel } from '../forms/declarations.js';
import { mailDocuments, stepByCode } from '../workflow/steps.js';
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
  /** Listed documents the mail does not carry (no file yet, or over the size limit): sent separately. */
  notAttached?: ReadonlySet<string>;
  /** The applicant's personal page of the case, where it can do its own steps. */
  caseLink?: string;
  /** Where anyone checks the case's certificate, for a mail that declares `verification`. */
  verificationLink?: string;
}

/** How a listed document that the mail does not carry is marked. */
export const SENT_SEPARATELY = '（別途お送りします）';

function signature(from: string): string {
  const name = /^\s*"?([^"<]+?)"?\s*</.exec(from)?.[1] ?? from;
  return `――――――――――――――――――――\n${name}\n（本メールは mdoc desk から送信しています）`;
}

export function renderMail({ procedure, case: c, mail, transition, from, notAttached, caseLink, verificationLink }: RenderMailInput): RenderedMail {
  const f = c.fields;
  const next = stepByCode(procedure, transition.toStep);
  const addressee =
    mail.to === 'applicant'
      ? [String(f.org_name), `${String(f.department)} ${String(f.contact_name)} 様`]
      : ['運用・保守事業者 ご担当者様'];
  const sections: string[] = [`■ 案件番号\n${c.key}（${procedure.title}）`, `■ 申請事業者\n${String(f.org_name)}（法人番号 ${String(f.corporate_number)}）`];
  // A step that moves the case says where it goes next; one that leaves it where it was (a revocation) does not.
  if (transition.fromStep !== transition.toStep) sections.push(`■ ${next.final ? '手続きの状況' : '次のお手続き'}\n${stepLabel(next)}`);
  const documents = mailDocuments(mail, f);
  const listed = documents.map((d) => `・${d}${notAttached?.has(d) ? SENT_SEPARATELY : ''}`);
  if (documents.length) sections.push(`■ ${mail.to === 'applicant' ? '送付資料（添付ファイル）' : '関係書類（添付ファイル）'}\n${listed.join('\n')}`);
  for (const name of mail.fields ?? []) sections.push(`■ ${fieldLabel(name)}\n${displayValue(name, f[name])}`);
  if (mail.comment && transition.comment) sections.push(`■ ${mail.comment}\n${transition.comment}`);
  if (mail.verification && verificationLink) sections.push(`■ 認定の確認ページ（どなたでも、認定の有無と認定書の PDF を確認できます）\n${verificationLink}`);
  if (caseLink && mail.to === 'applicant') sections.push(`■ 手続きページ（この案件専用のリンクです。他の方と共有しないでください）\n${caseLink}`);

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
