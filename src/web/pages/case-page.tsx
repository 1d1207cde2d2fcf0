// The applicant's page of its case: where the case stands, every step with the current one marked, what
// to do now, and the form that does it (a button, or an upload). Every form carries the CSRF token and
// the case version it was made for.
import type { CaseRecord } from '../../cases/case.js';
import type { StepDecl, ProcedureDecl } from '../../workflow/types.js';
import { guidance, stepState, type PageAction } from '../case-guidance.js';
import { formatTokyo } from '../tokyo-time.js';
import { CsrfField, ErrorSummary, FormField, inputId, titleWithErrors, type FieldErrors, type RawValues } from './form-fields.js';
import type { IssuedFile } from '../../cases/issued-files.js';
import { IssuedDocuments } from './issued-documents.js';

export const casePath = (token: string) => `/c/${token}`;
/** The file input of the i-th declared document. */
export const documentField = (i: number) => `document_${i}`;
export const VERSION_FIELD = 'version';
export const ACCEPTED_FILES = '.pdf,.doc,.docx,.xls,.xlsx,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface StepRow {
  step: StepDecl;
  state: 'done' | 'current' | 'upcoming';
  /** When the case last left this step. */
  doneAt?: Date;
}

/** `headline`: what the notice says in a few words, put first in the page's title. */
export type Notice = { tone: 'done' | 'warn' | 'info'; lines: string[]; headline?: string };

export interface CasePageProps {
  procedure: ProcedureDecl;
  case: CaseRecord;
  step: StepDecl;
  steps: StepRow[];
  action: PageAction;
  token: string;
  csrf: string;
  notice?: Notice;
  errors?: FieldErrors;
  values?: RawValues;
  maxFileMb: number;
  /** The documents issued to the case, offered for download. */
  issued?: IssuedFile[];
}

function NoticeBox({ notice }: { notice: Notice }) {
  return (
    <div class={`notice ${notice.tone === 'info' ? '' : notice.tone}`} role="status">
      {notice.lines.map((line) => (
        <p>{line}</p>
      ))}
    </div>
  );
}

/** The file inputs of an upload, one per declared document. */
const documentFields = (action: Extract<PageAction, { kind: 'upload' }>) => action.documents.map((name, i) => ({ name: documentField(i), label: name }));

/** What the page's title says: what just happened, if anything, the step and where it stands, and the case. */
export function caseTitle({ procedure, case: c, step, action, notice, errors }: Pick<CasePageProps, 'procedure' | 'case' | 'step' | 'action' | 'notice' | 'errors'>): string {
  const where = `${step.code} ${step.title}（${stepState(step, action)}）`;
  return [titleWithErrors(notice?.headline ? `${notice.headline}｜${where}` : where, errors), `${c.key} ${procedure.title}`].join('｜');
}

function ActionForm({ props }: { props: CasePageProps }) {
  const { action, token, csrf, case: c, errors = {}, values = {}, maxFileMb } = props;
  const hidden = (
    <>
      <CsrfField token={csrf} />
      <input type="hidden" name={VERSION_FIELD} value={String(c.version)} />
    </>
  );
  if (action.kind === 'confirm') {
    return (
      <form method="post" action={casePath(token)}>
        {hidden}
        <div class="actions">
          <button type="submit">{action.button}</button>
        </div>
      </form>
    );
  }
  if (action.kind !== 'upload') return null;
  const formFields = action.form?.fields ?? [];
  return (
    <>
      <form method="post" action={casePath(token)} enctype="multipart/form-data" novalidate>
        {hidden}
        {documentFields(action).map((d) => {
          const error = errors[d.name];
          const hint = `${d.name}-hint`;
          const errorId = `${d.name}-error`;
          return (
            <div class={error ? 'field invalid' : 'field'}>
              <label for={inputId(d.name)}>
                {d.label}
                <span class="badge required">必須</span>
              </label>
              <span class="hint" id={hint}>
                PDF、Word、Excel のファイル（{maxFileMb} MB まで）
              </span>
              {error ? (
                <span class="error" id={errorId}>
                  <span class="visually-hidden">エラー: </span>
                  {error}
                </span>
              ) : null}
              <input type="file" id={inputId(d.name)} name={d.name} accept={ACCEPTED_FILES} aria-describedby={error ? `${hint} ${errorId}` : hint} aria-invalid={error ? 'true' : undefined} aria-required="true" />
            </div>
          );
        })}
        {formFields.map((field) => (
          <FormField field={field} value={values[field.name]} error={errors[field.name]} />
        ))}
        <p>提出すると、デジタル庁の確認に進みます。</p>
        <div class="actions">
          <button type="submit">{action.button}</button>
        </div>
      </form>
    </>
  );
}

const STATE_LABEL = { done: '完了', current: '現在のステップ', upcoming: 'これから' } as const;

export function CasePage(props: CasePageProps) {
  const { procedure, case: c, step, steps, action, notice, errors = {} } = props;
  return (
    <>
      <h1>
        {c.key} {procedure.title}
      </h1>
      {/* At the top, not beside the form far below the guidance: on a phone that is a screen or two down. */}
      {action.kind === 'upload' ? <ErrorSummary errors={errors} fields={[...documentFields(action), ...(action.form?.fields ?? [])]} /> : null}
      {notice ? <NoticeBox notice={notice} /> : null}
      <dl class="facts">
        <dt>案件番号</dt>
        <dd>{c.key}</dd>
        <dt>事業者・団体名</dt>
        <dd>{String(c.fields.org_name ?? '')}</dd>
        <dt>手続き</dt>
        <dd>{procedure.title}</dd>
        <dt>現在のステップ</dt>
        <dd>
          {step.code} {step.title}
        </dd>
      </dl>
      <section aria-labelledby="now-title">
        <h2 id="now-title">{action.kind === 'done' ? '手続きの状況' : 'いまお願いしたいこと'}</h2>
        {guidance(step, action).map((line) => (
          <p>{line}</p>
        ))}
        {action.kind === 'upload' ? (
          <ul class="documents">
            {action.documents.map((d) => (
              <li>{d}</li>
            ))}
          </ul>
        ) : null}
        <ActionForm props={props} />
      </section>
      <IssuedDocuments files={props.issued ?? []} token={props.token} />
      <section aria-labelledby="steps-title">
        <h2 id="steps-title">手続きの流れ</h2>
        {/* role=list: Safari drops the list role of a list without bullets, and with it 「n 項目」. */}
        <ol class="steps" role="list">
          {steps.map((row) => (
            <li class={row.state} aria-current={row.state === 'current' ? 'step' : undefined}>
              <span class="code">{row.step.code}</span> {row.step.title}
              <span class="state">
                {STATE_LABEL[row.state]}
                {row.state === 'done' && row.doneAt ? `（${formatTokyo(row.doneAt)}）` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <p class="small">このページのアドレスは、この案件専用です。他の方と共有しないでください。</p>
    </>
  );
}
