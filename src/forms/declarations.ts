// Every form the bot shows. Field names are the Slack action_ids other programs rely on (issues #2, #3).
import type { Locale } from '../i18n/locale.js';
import { label, localText, messages, type LocalText } from '../i18n/messages.js';
import type { Choice, FieldDecl, FormDecl, FormValues } from './types.js';

const YES_NO: Choice[] = [
  { value: 'yes', label: 'はい' },
  { value: 'no', label: 'いいえ' },
];

export const INTAKE_FIELDS: FieldDecl[] = [
  {
    name: 'category',
    label: '区分',
    kind: 'select',
    required: true,
    choices: [
      { value: 'government', label: '行政機関等' },
      { value: 'private', label: '民間事業者' },
    ],
  },
  { name: 'org_name', label: '事業者・団体名', kind: 'text', required: true, maxLength: 100 },
  { name: 'corporate_number', label: '法人番号', kind: 'corporate_number', required: true, maxLength: 20, hint: '13桁（全角数字も可）', placeholder: '4011001098993' },
  { name: 'department', label: '部署名', kind: 'text', required: true, maxLength: 100 },
  { name: 'contact_name', label: '担当者名', kind: 'text', required: true, maxLength: 50 },
  { name: 'phone', label: '電話番号', kind: 'phone', required: true, maxLength: 20, placeholder: '03-1234-5678' },
  { name: 'email', label: 'メールアドレス', kind: 'email', required: true, maxLength: 254, placeholder: 'taro@example.co.jp', contact: true },
];

const resultRequiresFindings = (values: FormValues): Record<string, LocalText> =>
  values.result === 'fail' && !values.findings ? { findings: localText((m) => m.validation.findingsRequired) } : {};

export const FORMS: Record<string, FormDecl> = {
  chooser: {
    id: 'chooser',
    title: '案件の登録',
    submit: '次へ',
    fields: [
      {
        name: 'flow',
        label: '手続き',
        kind: 'radio',
        required: true,
        choices: [
          { value: 'usage', label: '利用申請' },
          { value: 'cert_in_person', label: '確認用PG認定（対面用）' },
          { value: 'cert_remote', label: '確認用PG認定（非対面用）' },
        ],
      },
    ],
  },
  usage_intake: {
    id: 'usage_intake',
    title: '利用申請の登録',
    submit: '登録',
    fields: [
      ...INTAKE_FIELDS,
      {
        name: 'usage_mode',
        label: '対面／非対面',
        kind: 'radio',
        required: true,
        choices: [
          { value: 'in_person', label: '対面（Android Verifier API Library）' },
          { value: 'remote', label: '非対面（Linux Remote Reader Library）' },
        ],
      },
      // The KRL proxy is a function of the Remote Reader Library: a question for 非対面 only (issue 18).
      {
        name: 'krl_proxy',
        label: 'Remote Reader Library の KRL代理取得機能を利用する',
        kind: 'radio',
        required: true,
        choices: YES_NO,
        askedIf: { field: 'usage_mode', equals: 'remote', label: '非対面の場合' },
      },
      {
        name: 'preparation',
        label: '搭載サービス開始前の利用準備申請',
        kind: 'checkbox',
        required: false,
        choices: [{ value: 'yes', label: 'メールで受け付けた利用準備の申請である' }],
        deskOnly: true,
      },
      { name: 'own_verifier', label: '確認用プログラムを独自に開発する（内閣総理大臣認定が必要）', kind: 'radio', required: false, choices: YES_NO },
    ],
  },
  certification_intake: {
    id: 'certification_intake',
    title: '確認用PG認定の登録',
    submit: '登録',
    fields: [
      ...INTAKE_FIELDS,
      { name: 'env_test', label: '本番環境への初回登録または大規模アップデートである（検証環境テストが必要）', kind: 'radio', required: true, choices: YES_NO },
      { name: 'renewal_of', label: '再取得の場合: 前回の認定案件の番号', kind: 'case_key', required: false, maxLength: 20, placeholder: 'MDOC-0001', refersTo: 'certification' },
    ],
  },
  access_request: {
    id: 'access_request',
    title: '検証環境アクセス申請',
    submit: '記録',
    fields: [
      { name: 'ip_ranges', label: '許可する IP アドレス／CIDR', kind: 'ip_list', required: true, maxLength: 2000, hint: '1行に1件（例: 203.0.113.10 や 198.51.100.0/24）' },
      { name: 'apple_account_email', label: '招待する Apple アカウントのメールアドレス', kind: 'email', required: true, maxLength: 254 },
    ],
  },
  send_back: {
    id: 'send_back',
    title: '差し戻し',
    submit: '差し戻す',
    commentField: 'reason',
    commentLabel: '理由',
    fields: [{ name: 'reason', label: '差し戻しの理由（申請者にメールで伝わります）', kind: 'multiline', required: true, maxLength: 2000 }],
  },
  schedule: {
    id: 'schedule',
    title: '認定試験の日程',
    submit: '提案',
    fields: [
      { name: 'test_at', label: '試験の日時', kind: 'datetime', required: true },
      { name: 'test_place', label: '場所またはオンライン会議のリンク', kind: 'text', required: true, maxLength: 300 },
    ],
  },
  test_result: {
    id: 'test_result',
    title: 'テスト結果',
    submit: '記録',
    commentField: 'findings',
    commentLabel: '指摘事項',
    fields: [
      {
        name: 'result',
        label: '結果',
        kind: 'radio',
        required: true,
        choices: [
          { value: 'pass', label: '合格' },
          { value: 'fail', label: '不合格' },
        ],
      },
      { name: 'findings', label: '指摘事項（不合格の場合は必須。申請者にメールで伝わります）', kind: 'multiline', required: false, maxLength: 3000 },
    ],
    crossCheck: resultRequiresFindings,
  },
  certificate: {
    id: 'certificate',
    title: '認定書の送付',
    submit: '記録',
    fields: [
      { name: 'certificate_number', label: '認定番号', kind: 'reference', required: true, maxLength: 50, unique: true, hint: '半角英数字とハイフン（例: PG-2026-0001）。認定の確認ページのアドレスになります', placeholder: 'PG-2026-0001' },
      { name: 'certified_on', label: '認定日', kind: 'date', required: true },
    ],
  },
  revoke_certificate: {
    id: 'revoke_certificate',
    title: '認定の取消し',
    submit: '取り消す',
    commentField: 'revocation_reason',
    commentLabel: '理由',
    fields: [
      { name: 'revocation_reason', label: '取消しの理由（申請者にメールで伝わります。確認ページには載りません）', kind: 'multiline', required: true, maxLength: 2000 },
      { name: 'certificate_revoked_at', label: '取消日時', kind: 'timestamp', required: true },
    ],
  },
  link: {
    id: 'link',
    title: '認定案件の紐付け',
    submit: '紐付け',
    fields: [{ name: 'linked_certification', label: '確認用PG認定の案件番号', kind: 'case_key', required: true, maxLength: 20, placeholder: 'MDOC-0002', refersTo: 'certification' }],
  },
  // What the desk's 「差出人を連絡先に追加」 records (workflow/desk-actions.ts): taken from the mail's
  // sender with one click, never typed, so no modal shows this form.
  add_contact: {
    id: 'add_contact',
    title: '連絡先の追加',
    submit: '追加',
    fields: [{ name: 'contact_address', label: '追加した連絡先', kind: 'email', required: true, maxLength: 254 }],
  },
};

export function formById(id: string): FormDecl {
  const form = FORMS[id];
  if (!form) throw new Error(`unknown form ${id}`);
  return form;
}

function fieldDecl(name: string): FieldDecl | undefined {
  for (const form of Object.values(FORMS)) {
    const field = form.fields.find((f) => f.name === name);
    if (field) return field;
  }
  return undefined;
}

/** The label of a field wherever it is declared (for cards and mails that quote stored values). */
export function fieldLabel(name: string, locale: Locale = 'ja'): string {
  const field = fieldDecl(name);
  return field ? label(locale, field.label) : name;
}

/** A field's label where it is asked (a modal, the web form): with when it applies, if it depends on another answer. */
export function questionLabel(field: FieldDecl, locale: Locale = 'ja'): string {
  return `${label(locale, field.label)}${field.askedIf ? messages(locale).common.aside(label(locale, field.askedIf.label)) : ''}`;
}

const DATETIME: Record<Locale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' }),
};

/** A stored value as people read it: choice labels, Japan time, one list entry per line. */
export function displayValue(name: string, value: unknown, locale: Locale = 'ja'): string {
  const values = Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)];
  const field = fieldDecl(name);
  if (field?.kind === 'datetime' || field?.kind === 'timestamp') return values.map((v) => `${DATETIME[locale].format(new Date(v))}${locale === 'en' ? ' JST' : ''}`).join('\n');
  const choices = field?.choices;
  if (choices && choices.length > 1) return values.map((v) => label(locale, choices.find((c) => c.value === v)?.label ?? v)).join(messages(locale).common.listSeparator);
  if (choices) return label(locale, values.length ? 'はい' : 'いいえ');
  return values.join('\n');
}
