// Every form the bot shows. Field names are the Slack action_ids other programs rely on (issue #2).
import type { FieldDecl, FormDecl } from './types.js';

const YES_NO = [
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
  { name: 'email', label: 'メールアドレス', kind: 'email', required: true, maxLength: 254, placeholder: 'taro@example.co.jp' },
];

export const FORMS: Record<string, FormDecl> = {
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
      {
        name: 'krl_proxy',
        label: 'Remote Reader Library の KRL代理取得機能を利用する',
        kind: 'radio',
        required: true,
        choices: YES_NO,
      },
      {
        name: 'preparation',
        label: '搭載サービス開始前の利用準備申請',
        kind: 'checkbox',
        required: false,
        choices: [{ value: 'yes', label: 'メールで受け付けた利用準備の申請である' }],
      },
    ],
    crossCheck: (values): Record<string, string> =>
      values.krl_proxy === 'yes' && values.usage_mode === 'in_person'
        ? { krl_proxy: 'KRL代理取得機能は非対面（Remote Reader Library）でのみ利用できます。' }
        : {},
  },
  access_request: {
    id: 'access_request',
    title: '検証環境アクセス申請',
    submit: '記録',
    fields: [
      {
        name: 'ip_ranges',
        label: '許可する IP アドレス／CIDR',
        kind: 'ip_list',
        required: true,
        maxLength: 2000,
        hint: '1行に1件（例: 203.0.113.10 や 198.51.100.0/24）',
      },
      { name: 'apple_account_email', label: '招待する Apple アカウントのメールアドレス', kind: 'email', required: true, maxLength: 254 },
    ],
  },
  send_back: {
    id: 'send_back',
    title: '差し戻し',
    submit: '差し戻す',
    commentField: 'reason',
    fields: [{ name: 'reason', label: '差し戻しの理由（申請者にメールで伝わります）', kind: 'multiline', required: true, maxLength: 2000 }],
  },
};

export function formById(id: string): FormDecl {
  const form = FORMS[id];
  if (!form) throw new Error(`unknown form ${id}`);
  return form;
}

/** The label of a field wherever it is declared (for cards and mails that quote stored values). */
export function fieldLabel(name: string): string {
  for (const form of Object.values(FORMS)) {
    const field = form.fields.find((f) => f.name === name);
    if (field) return field.label;
  }
  return name;
}

/** The label of a stored choice (`in_person` → 対面…), or the value itself for free text. */
export function displayValue(name: string, value: unknown): string {
  const values = Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)];
  for (const form of Object.values(FORMS)) {
    const choices = form.fields.find((f) => f.name === name)?.choices;
    if (choices && choices.length > 1) return values.map((v) => choices.find((c) => c.value === v)?.label ?? v).join('、');
    if (choices) return values.length ? 'はい' : 'いいえ';
  }
  return values.join('\n');
}
