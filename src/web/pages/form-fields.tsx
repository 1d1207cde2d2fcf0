// Form fields from a form declaration, as HTML: the input's name is the field's name (the Slack modal's
// action_id), choices carry the declared values, every input has a label, and its hint and error are
// tied to it with aria-describedby. Nothing here needs script: a question that depends on another answer
// is shown by the stylesheet (askedIfRule in stylesheet.ts).
import { questionLabel } from '../../forms/declarations.js';
import type { AskedIf, FieldDecl } from '../../forms/types.js';
import { CSRF_FIELD } from '../csrf.js';

export type RawValues = Record<string, string | string[] | undefined>;
/** Field name → message, in Japanese. */
export type FieldErrors = Record<string, string>;

export const inputId = (name: string) => `f-${name}`;
const choiceId = (name: string, i: number) => `${inputId(name)}-${i}`;
/** Where an error link leads: the control itself, or a group's first choice (a fieldset takes no focus). */
export const firstControlId = (field: { name: string; kind?: FieldDecl['kind'] }) => (field.kind === 'radio' || field.kind === 'checkbox' ? choiceId(field.name, 0) : inputId(field.name));
/** The value of the attribute that marks a dependent question's block, for the stylesheet's rule. */
export const askedIfKey = (a: AskedIf) => `${a.field}=${a.equals}`;
const hintId = (name: string) => `${name}-hint`;
const errorId = (name: string) => `${name}-error`;

/** What browsers may fill in for a field (presentation only; the declaration knows nothing of it). */
const AUTOCOMPLETE: Record<string, string> = { org_name: 'organization', contact_name: 'name', phone: 'tel', email: 'email', apple_account_email: 'email' };

const text = (value: RawValues[string]) => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const list = (value: RawValues[string]) => (Array.isArray(value) ? value : value ? [value] : []);

function Describe({ field, error }: { field: FieldDecl; error?: string }) {
  return (
    <>
      {field.hint ? (
        <span class="hint" id={hintId(field.name)}>
          {field.hint}
        </span>
      ) : null}
      {error ? (
        <span class="error" id={errorId(field.name)}>
          <span class="visually-hidden">エラー: </span>
          {error}
        </span>
      ) : null}
    </>
  );
}

function describedBy(field: FieldDecl, error?: string): string | undefined {
  const ids = [field.hint ? hintId(field.name) : '', error ? errorId(field.name) : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Badge({ required }: { required: boolean }) {
  return required ? <span class="badge required">必須</span> : <span class="badge optional">任意</span>;
}

export function FormField({ field, value, error }: { field: FieldDecl; value?: string | string[]; error?: string }) {
  const id = inputId(field.name);
  const described = describedBy(field, error);
  const invalid = error ? 'true' : undefined;
  const block = { class: error ? 'field invalid' : 'field', 'data-asked-if': field.askedIf ? askedIfKey(field.askedIf) : undefined };
  if (field.kind === 'radio' || field.kind === 'checkbox') {
    const picked = list(value);
    // A radio group is a radiogroup, which may say it is required; a checkbox group says so in its legend.
    const radio = field.kind === 'radio';
    const type = radio ? 'radio' : 'checkbox';
    return (
      <div {...block}>
        <fieldset id={id} role={radio ? 'radiogroup' : undefined} aria-describedby={described} aria-invalid={invalid} aria-required={radio && field.required ? 'true' : undefined}>
          <legend>
            {questionLabel(field)}
            <Badge required={field.required} />
          </legend>
          <Describe field={field} error={error} />
          {(field.choices ?? []).map((choice, i) => (
            <label class="choice" for={choiceId(field.name, i)}>
              <input type={type} id={choiceId(field.name, i)} name={field.name} value={choice.value} checked={picked.includes(choice.value)} aria-describedby={described} />
              <span>{choice.label}</span>
            </label>
          ))}
        </fieldset>
      </div>
    );
  }
  const common = {
    id,
    name: field.name,
    'aria-describedby': described,
    'aria-invalid': invalid,
    'aria-required': field.required ? 'true' : undefined,
    autocomplete: AUTOCOMPLETE[field.name],
  };
  let input;
  if (field.kind === 'select') {
    input = (
      <select {...common}>
        <option value="">選択してください</option>
        {(field.choices ?? []).map((choice) => (
          <option value={choice.value} selected={text(value) === choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'multiline' || field.kind === 'ip_list') {
    input = (
      <textarea {...common} rows={field.kind === 'ip_list' ? 4 : 6}>
        {Array.isArray(value) ? value.join('\n') : (value ?? '')}
      </textarea>
    );
  } else {
    const type = field.kind === 'email' ? 'email' : field.kind === 'phone' ? 'tel' : 'text';
    const inputmode = field.kind === 'corporate_number' ? 'numeric' : undefined;
    input = <input type={type} {...common} value={text(value)} inputmode={inputmode} placeholder={field.placeholder ? `例: ${field.placeholder}` : undefined} spellcheck={type === 'text' ? undefined : false} />;
  }
  return (
    <div {...block}>
      <label for={id}>
        {questionLabel(field)}
        <Badge required={field.required} />
      </label>
      <Describe field={field} error={error} />
      {input}
    </div>
  );
}

/** A page's title, led by 「エラー」 and the count when the page shows errors: the first thing a screen reader says. */
export function titleWithErrors(title: string, errors: Record<string, unknown> | undefined): string {
  const count = Object.keys(errors ?? {}).length;
  return count ? `エラー（${count}件）：${title}` : title;
}

/**
 * The errors at the top of the page, each a link to its field. It takes the focus when the page loads
 * (autofocus: the pages have no script), so that a screen reader reads it at once and Tab goes on to its links.
 */
export function ErrorSummary({ errors, fields }: { errors: FieldErrors; fields: { name: string; label: string; kind?: FieldDecl['kind'] }[] }) {
  const entries = fields.filter((f) => errors[f.name]);
  const others = Object.keys(errors).filter((name) => !fields.some((f) => f.name === name));
  if (!entries.length && !others.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">入力内容を確認してください</h2>
      <ul>
        {entries.map((f) => (
          <li>
            <a href={`#${firstControlId(f)}`}>
              {f.label}: {errors[f.name]}
            </a>
          </li>
        ))}
        {others.map((name) => (
          <li>{errors[name]}</li>
        ))}
      </ul>
    </div>
  );
}

/** The hidden field against cross-site posts, in every form. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}
