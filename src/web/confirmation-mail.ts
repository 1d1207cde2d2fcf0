// The confirmation mail of a web application: the link that opens the case. Delivered by the outbox
// (kind apply.confirm), so an SMTP outage delays it and loses nothing; rendered at delivery.
import { z } from 'zod';
import { displayValue, fieldLabel, formById } from '../forms/declarations.js';
import { inertText } from '../mail/inert-text.js';
import type { MailTransport } from '../mail/mail-transport.js';
import type { MessageIds } from '../mail/message-ids.js';
import type { RenderedMail } from '../mail/render-mail.js';
import type { Deliver } from '../outbox/worker.js';
import { procedureById } from '../workflow/procedures/index.js';
import { CONFIRM_MAIL_KIND, type Applications, type WebApplication } from './applications.js';
import type { TokenSigner } from './link-tokens.js';
import { formatTokyo } from './tokyo-time.js';

export interface ConfirmationMailInput {
  application: WebApplication;
  link: string;
  from: string;
}

function signature(from: string): string {
  const name = /^\s*"?([^"<]+?)"?\s*</.exec(from)?.[1] ?? from;
  return `――――――――――――――――――――\n${name}\n（本メールは mdoc desk から送信しています）`;
}

/**
 * The mail repeats what the form said, to an address nobody has confirmed yet: none of it may become a link
 * (a URL typed as 事業者名, say). The address itself stays as it is: the mail goes to it. The mail has no
 * HTML part; one added later must carry the same inert text.
 */
export function renderConfirmationMail({ application: a, link, from }: ConfirmationMailInput): RenderedMail {
  const procedure = procedureById(a.procedure);
  const form = formById(procedure.intakeForm);
  const f = a.form;
  const typed = (name: string) => inertText(displayValue(name, f[name]));
  const entered = form.fields
    .filter((field) => !field.deskOnly && f[field.name] !== undefined && f[field.name] !== '')
    .map((field) => `${fieldLabel(field.name)}: ${field.kind === 'email' ? displayValue(field.name, f[field.name]) : typed(field.name)}`);
  const text = [
    typed('org_name'),
    `${typed('department')} ${typed('contact_name')} 様`,
    '',
    'デジタル庁 mdoc事業者申請窓口でございます。',
    `Webサイトから「カード代替電磁的記録 ${procedure.title}」のお申し込みを受け付けました。`,
    '',
    'お申し込みを確定するには、下記のリンクを開き、表示されるページの「申請を確定する」ボタンを押してください。',
    'ボタンを押すまで、お申し込みは窓口に届きません。',
    '',
    `■ 確認用リンク（${formatTokyo(a.expiresAt)} まで有効）`,
    link,
    '',
    '■ お申し込みの内容',
    ...entered,
    '',
    'お心当たりのない場合は、このメールを破棄してください。リンクを開いてボタンを押さない限り、何も登録されません。',
    '',
    signature(from),
    '',
  ].join('\n');
  return { subject: `【確認】カード代替電磁的記録 ${procedure.title}のお申し込み`, text };
}

export interface ConfirmationMailDeps {
  applications: Pick<Applications, 'find' | 'countTo'>;
  signer: TokenSigner;
  baseUrl: () => string;
  mail: MailTransport;
  mailFrom: string;
  /** Mails to one address per window (WebLimits.mailsPerAddress). */
  perAddress: { limit: number; windowMs: number };
  messageIds: Pick<MessageIds, 'forApplication'>;
}

const payload = z.object({ application: z.number().int().positive() });

/** The confirmation link: signed for the application, valid until it expires. */
export function confirmationLink(signer: TokenSigner, baseUrl: string, application: Pick<WebApplication, 'id' | 'expiresAt'>): string {
  return `${baseUrl}/apply/confirm/${signer.sign({ purpose: 'apply', id: application.id, generation: 0, expiresAt: application.expiresAt })}`;
}

/** The deliverer, with the confirmation mails added: they concern no case yet. */
export function withConfirmationMails(deliver: Deliver, deps: ConfirmationMailDeps): Deliver {
  return async (n) => {
    if (n.kind !== CONFIRM_MAIL_KIND) return deliver(n);
    const { application: id } = payload.parse(n.payload);
    const application = await deps.applications.find(id);
    // Expired and swept, or already confirmed through a resend: nothing to say any more.
    if (!application || application.caseId !== null || application.expiresAt <= new Date()) return;
    // The page checked the limit before storing; posts made at the same moment all passed that check.
    // Counted here by order of the applications, only the first ones of the window are mailed.
    const { limit, windowMs } = deps.perAddress;
    if ((await deps.applications.countTo(application.email, new Date(application.createdAt.getTime() - windowMs), application.id)) >= limit) return;
    const rendered = renderConfirmationMail({ application, link: confirmationLink(deps.signer, deps.baseUrl(), application), from: deps.mailFrom });
    await deps.mail.send({ to: application.email, ...rendered, messageId: deps.messageIds.forApplication(n.id, id) });
  };
}
