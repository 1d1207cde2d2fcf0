// Small constructors that keep the procedure declarations close to the seed's tables.
import type { ActionDecl, DocumentRef, Lane, MailDecl, StepDecl } from './types.js';

type StepOptions = Partial<Omit<StepDecl, 'code' | 'title' | 'lanes' | 'summary' | 'actions'>>;

export function step(
  code: string,
  title: string,
  lanes: Lane | Lane[],
  summary: string,
  actions: ActionDecl[],
  options: StepOptions = {},
): StepDecl {
  return { code, title, lanes: Array.isArray(lanes) ? lanes : [lanes], summary, actions, ...options };
}

/** The action that completes the step and moves on along the normal path. */
export function forward(id: string, label: string, options: Partial<ActionDecl> = {}): ActionDecl {
  return { id, label, style: 'primary', to: { kind: 'next' }, ...options };
}

/** Sends the case back to `code` with a reason, which the applicant is mailed. */
export function sendBack(code: string): ActionDecl {
  return {
    id: 'send_back',
    label: '差し戻す',
    style: 'danger',
    to: { kind: 'step', code },
    form: 'send_back',
    mails: [
      {
        to: 'applicant',
        subject: 'ご提出内容の差し戻しについて',
        lead: 'ご提出いただいた内容を確認いたしましたところ、下記の理由により差し戻しとなりました。お手数ですが、内容をご確認のうえ、下記の手順から再度ご対応くださいますようお願い申し上げます。',
        comment: '理由',
      },
    ],
  };
}

/** A document issued to the case itself (its own signed PDF), which the step's modal asks for. */
export const issued = (name: string): DocumentRef => ({ name, issued: true });

export function mailTo(to: MailDecl['to'], subject: string, lead: string, documents: (string | DocumentRef)[] = [], extra: Partial<MailDecl> = {}): MailDecl {
  return { to, subject, lead, documents: documents.map((d) => (typeof d === 'string' ? { name: d } : d)), ...extra };
}

/** Sets target durations, in business days, on the steps named (where the desk has a service level). */
export function withTargets(steps: StepDecl[], targets: Record<string, number>): StepDecl[] {
  return steps.map((s) => (targets[s.code] ? { ...s, targetDays: targets[s.code] } : s));
}

/** (1)-a: done by the intake form itself. */
export const intake = (): StepDecl => step('(1)-a', '初回申請（Webサイト）', 'applicant', '区分・事業者名・法人番号・連絡先による初回申請', [], { intake: true });

/** The allow-list data collected with the access application, shown while the environment is set up. */
export const ACCESS_FIELDS = ['ip_ranges', 'apple_account_email'];

/** The applicant's verification-environment access application, with the data the operator needs. */
export const recordAccessRequest = (): ActionDecl => forward('record_access_request', 'アクセス申請を記録', { form: 'access_request' });

/** The agency passes the access application to the operator. */
export const requestSetup = (): ActionDecl =>
  forward('request_setup', '環境設定を依頼', {
    mails: [
      mailTo('operator', '検証環境の環境設定のご依頼', '下記の事業者の検証環境アクセス申請を受け付けました。IP穴あけおよび App Store Connect への招待をお願いいたします。', ['【申請書】検証環境アクセス申請書'], {
        fields: ACCESS_FIELDS,
      }),
    ],
  });
