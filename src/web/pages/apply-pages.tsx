// The pages of the web intake: which procedure, its form, "mail sent", and the confirmation.
import { FORMS, displayValue } from '../../forms/declarations.js';
import type { FieldDecl, FormDecl } from '../../forms/types.js';
import type { ProcedureDecl } from '../../workflow/types.js';
import { formatTokyo } from '../tokyo-time.js';
import { CsrfField, ErrorSummary, FormField, type FieldErrors, type RawValues } from './form-fields.js';

export const APPLY_PATH = '/apply';
export const confirmPath = (token: string) => `/apply/confirm/${token}`;

/** The intake form's fields that the applicant answers (the desk's own questions are left out). */
export const webFields = (form: FormDecl): FieldDecl[] => form.fields.filter((f) => !f.deskOnly);

/** The procedure choice: the same declaration as the Slack chooser (`flow`), sent by GET. */
export function ChooserPage({ error, value }: { error?: string; value?: string }) {
  const flow = FORMS.chooser!.fields[0]!;
  return (
    <>
      <h1>カード代替電磁的記録の申請</h1>
      <p class="lead">カード代替電磁的記録（スマートフォンに搭載したマイナンバーカードの記録）を利用するための、初回申請（Webサイト）のページです。</p>
      <p>申請する手続きを選んで「次へ」を押してください。入力したメールアドレスに確認メールが届き、そのメールのリンクから申請を確定すると、デジタル庁の窓口に届きます。</p>
      {error ? <ErrorSummary errors={{ [flow.name]: error }} fields={[flow]} /> : null}
      <form method="get" action={APPLY_PATH} novalidate>
        <FormField field={{ ...flow, label: '申請する手続き' }} value={value} error={error} />
        <div class="actions">
          <button type="submit">次へ</button>
        </div>
      </form>
    </>
  );
}

export function ApplicationFormPage({ procedure, form, values, errors, csrf }: { procedure: ProcedureDecl; form: FormDecl; values: RawValues; errors: FieldErrors; csrf: string }) {
  const fields = webFields(form);
  return (
    <>
      <h1>{procedure.title}のお申し込み</h1>
      <p class="lead">必要事項を入力して「確認メールを送る」を押してください。</p>
      <p>入力したメールアドレスに確認メールをお送りします。メールのリンクを開いて申請を確定するまで、申請は窓口に届きません。</p>
      <ErrorSummary errors={errors} fields={fields} />
      <form method="post" action={APPLY_PATH} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="flow" value={procedure.id} />
        {fields.map((field) => (
          <FormField field={field} value={values[field.name]} error={errors[field.name]} />
        ))}
        <div class="actions">
          <button type="submit">確認メールを送る</button>
        </div>
      </form>
      {/* After the form: following it throws away what was typed, so it is not the first thing Tab reaches. */}
      <p class="after-form">
        <a href={APPLY_PATH}>手続きを選び直す</a>
      </p>
    </>
  );
}

/** The same page whether or not a mail went out (the limit per address): it tells nobody what was asked before. */
export function SentPage({ email, expiresAt, mailsPerHour }: { email: string; expiresAt: Date; mailsPerHour: number }) {
  return (
    <>
      <h1>確認メールをお送りしました</h1>
      <div class="notice" role="status">
        <p>
          <strong>{email}</strong> 宛てに確認メールをお送りしました。
        </p>
      </div>
      <p>メールに記載のリンクを開き、表示されるページで「申請を確定する」を押してください。申請はそのときに窓口に届きます。</p>
      <p>リンクの有効期限は {formatTokyo(expiresAt)} です。</p>
      <p class="small">メールが届かない場合は、迷惑メールのフォルダをご確認ください。メールアドレスに誤りがあった場合は、お手数ですが、もう一度お申し込みください。</p>
      <p class="small">確認メールは、同じメールアドレスには1時間に{mailsPerHour}通までお送りします。それを超えたお申し込みには、メールをお送りしません。しばらくたってから、もう一度お申し込みください。</p>
    </>
  );
}

/** What the applicant entered, as the confirmation page and mail show it. */
export function EnteredValues({ form, values }: { form: FormDecl; values: RawValues }) {
  return (
    <dl class="facts">
      {webFields(form)
        .filter((f) => values[f.name] !== undefined && values[f.name] !== '' && !(Array.isArray(values[f.name]) && values[f.name]!.length === 0))
        .map((f) => (
          <>
            <dt>{f.label}</dt>
            <dd>{displayValue(f.name, values[f.name])}</dd>
          </>
        ))}
    </dl>
  );
}

export function ConfirmPage({ procedure, form, values, token, csrf, expiresAt, errors }: { procedure: ProcedureDecl; form: FormDecl; values: RawValues; token: string; csrf: string; expiresAt: Date; errors?: FieldErrors }) {
  return (
    <>
      <h1>申請の確定</h1>
      <p class="lead">
        「{procedure.title}」のお申し込み内容です。よろしければ「申請を確定する」を押してください。
      </p>
      {errors ? <ErrorSummary errors={errors} fields={webFields(form)} /> : null}
      <EnteredValues form={form} values={values} />
      <p class="small">このページの有効期限は {formatTokyo(expiresAt)} です。内容に誤りがある場合は、確定せずに、もう一度お申し込みください。</p>
      <form method="post" action={confirmPath(token)}>
        <CsrfField token={csrf} />
        <div class="actions">
          <button type="submit">申請を確定する</button>
        </div>
      </form>
    </>
  );
}

/** The confirmation link was used before: the case exists. */
export function AlreadyConfirmedPage({ caseKey, casePath }: { caseKey: string; casePath: string }) {
  return (
    <>
      <h1>この申請は確定済みです</h1>
      <div class="notice" role="status">
        <p>この申請はすでに確定し、案件番号 {caseKey} として受け付けています。</p>
      </div>
      <p>
        <a href={casePath}>案件のページを開く</a>
      </p>
    </>
  );
}
