import type { FormDecl } from '../../../forms/types.js';

/** Shown on the form's first field when the database fails: the modal stays open with what was typed. */
export function unavailableErrors(form: FormDecl): Record<string, string> {
  return {
    [form.fields[0]!.name]: '一時的に保存できませんでした。入力内容はそのままです。しばらくしてからもう一度送信してください。',
  };
}
