// /c/<token>: the applicant's page of its case. GET only reads. POST performs the applicant's step, as
// "the applicant, on the web": a confirmation (one button) or a submission (files checked by content,
// and the access application's fields where the step asks for them), through the same applyAction as a
// Slack click. A POST made for an older version of the case changes nothing and says what happened.
import type { Context, Hono } from 'hono';
import type { ApplyActionResult } from '../cases/apply-action.js';
import type { CaseRecord, TransitionRow } from '../cases/case.js';
import type { IncomingFile } from '../cases/case-files.js';
import { validateForm } from '../forms/validate.js';
import type { FormValues } from '../forms/types.js';
import { WEB_APPLICANT_ID, webApplicant } from '../workflow/authorize.js';
import { LANE_LABELS } from '../workflow/lanes.js';
import { procedureById } from '../workflow/procedures/index.js';
import { recordedActionLabel, stepByCode } from '../workflow/steps.js';
import type { ProcedureDecl } from '../workflow/types.js';
import { pageAction, stepsOf, type PageAction } from './case-guidance.js';
import type { ResolvedLink } from './case-links.js';
import { csrfValid, CSRF_FIELD } from './csrf.js';
import { checkDocument } from './document-check.js';
import { fieldOf, readFormBody, type FormBody } from './form-body.js';
import { formValues, japaneseErrors } from './form-values.js';
import { CasePage, VERSION_FIELD, casePath, caseTitle, documentField, type Notice, type StepRow } from './pages/case-page.js';
import type { FieldErrors, RawValues } from './pages/form-fields.js';
import { BAD_REQUEST, FORM_EXPIRED, GONE, NOT_FOUND } from './pages/error-pages.js';
import { sendError, sendPage } from './respond.js';
import { formatTokyo } from './tokyo-time.js';
import type { WebDeps } from './web-deps.js';
import type { WebEnv } from './web-env.js';

const MB = 1024 * 1024;

/** Who did a transition, as the applicant may be told (never a Slack user ID). */
function actorName(t: TransitionRow, procedure: ProcedureDecl): string {
  if (t.actorId === WEB_APPLICANT_ID) return '申請事業者（このページから）';
  const lanes = t.fromStep ? stepByCode(procedure, t.fromStep).lanes : [];
  if (lanes.includes('applicant') && lanes.length === 1) return 'デジタル庁の窓口（お客様に代わって記録）';
  const others = lanes.filter((l) => l !== 'applicant');
  return others.length ? others.map((l) => LANE_LABELS[l]).join('・') : LANE_LABELS.agency;
}

/** One sentence: when, who, at which step, what. */
export function whatHappened(t: TransitionRow, procedure: ProcedureDecl): string {
  const from = t.fromStep ? stepByCode(procedure, t.fromStep) : undefined;
  const where = from ? `「${from.code} ${from.title}」` : '';
  if (t.actorId === WEB_APPLICANT_ID && from) return `${formatTokyo(t.createdAt)} に、${actorName(t, procedure)}が${where}${from.receives?.length ? 'の書類を提出しました' : 'の完了を報告しました'}。`;
  return `${formatTokyo(t.createdAt)} に、${actorName(t, procedure)}が${where ? `${where}で` : ''}「${recordedActionLabel(procedure, t)}」を行いました。`;
}

const NOT_DONE = 'この操作は行いませんでした';

function staleNotice(procedure: ProcedureDecl, t: TransitionRow | undefined): Notice {
  const head = `${NOT_DONE}。この画面を開いた後に、案件がすでに進んでいます。`;
  return { tone: 'warn', headline: NOT_DONE, lines: t ? [head, whatHappened(t, procedure), '現在の状況は下のとおりです。'] : [head, '現在の状況は下のとおりです。'] };
}

/** A POST the current step does not take: nothing changed. */
const refusedNotice = (line: string): Notice => ({ tone: 'warn', headline: NOT_DONE, lines: [line] });

export function registerCaseRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const log = deps.logger.child({ component: 'web' });

  async function stepRows(procedure: ProcedureDecl, c: CaseRecord): Promise<StepRow[]> {
    const history = await deps.cases.history(c.id);
    const steps = stepsOf(procedure, c.fields);
    const current = steps.findIndex((s) => s.code === c.step);
    return steps.map((step, i) => {
      const left = history.filter((t) => t.fromStep === step.code && t.toStep !== step.code).at(-1);
      const state = i < current || (step.final && c.closed) ? 'done' : i === current ? 'current' : 'upcoming';
      return { step, state, ...(state === 'done' && left ? { doneAt: left.createdAt } : {}) };
    });
  }

  interface Shown {
    notice?: Notice;
    errors?: FieldErrors;
    values?: RawValues;
  }

  async function showCase(c: Context<WebEnv>, link: Extract<ResolvedLink, { kind: 'ok' }>, shown: Shown, status: 200 | 409 | 422 = 200): Promise<Response> {
    const found = link.case;
    const procedure = procedureById(found.procedure);
    const step = stepByCode(procedure, found.step);
    const action = pageAction(procedure, step, found.fields);
    const page = (
      <CasePage
        procedure={procedure}
        case={found}
        step={step}
        steps={await stepRows(procedure, found)}
        action={action}
        token={link.token}
        csrf={c.var.csrfToken}
        maxFileMb={Math.floor(deps.limits.maxFileBytes / MB)}
        issued={await deps.issued.list(found.id)}
        {...shown}
      />
    );
    return sendPage(c, caseTitle({ procedure, case: found, step, action, ...shown }), page, status);
  }

  async function resolve(c: Context<WebEnv>): Promise<Extract<ResolvedLink, { kind: 'ok' }> | Response> {
    const link = await deps.links.resolve(c.req.param('token') ?? '');
    if (link.kind === 'unknown') return sendError(c, NOT_FOUND, 404);
    if (link.kind === 'gone') return sendError(c, GONE, 410);
    return link;
  }

  app.get('/c/:token', async (c) => {
    const link = await resolve(c);
    if (link instanceof Response) return link;
    const shown: Shown = {};
    const notice = c.req.query('notice');
    const done = Number(c.req.query('done'));
    if (notice === 'opened') shown.notice = { tone: 'done', headline: '申請を受け付けました', lines: [`申請を受け付けました。案件番号は ${link.case.key} です。`, 'このページで、いつでも進み具合を確認できます。お客様のお手続きが必要になると、メールでお知らせします。'] };
    else if (notice === 'confirmed-before') shown.notice = { tone: 'info', lines: [`この申請はすでに確定し、案件番号 ${link.case.key} として受け付けています。`] };
    else if (Number.isInteger(done) && done > 1 && done <= link.case.version) {
      const t = await deps.cases.transitionAt(link.case.id, done);
      if (t) shown.notice = { tone: 'done', headline: '受け付けました', lines: ['受け付けました。', whatHappened(t, procedureById(link.case.procedure))] };
    }
    return showCase(c, link, shown);
  });

  app.post('/c/:token', async (c) => {
    const link = await resolve(c);
    if (link instanceof Response) return link;
    const back = casePath(link.token);
    const body = await readFormBody(c.req.raw, { maxBytes: deps.limits.maxUploadBytes, maxFileBytes: deps.limits.maxFileBytes, maxFieldBytes: 16 * 1024, maxParts: 20 });
    if (!csrfValid(c, deps.signer, fieldOf(body, CSRF_FIELD))) return sendError(c, FORM_EXPIRED(back), 403);
    const version = Number(fieldOf(body, VERSION_FIELD));
    if (!Number.isInteger(version) || version < 1) return sendError(c, BAD_REQUEST(back), 400);

    const found = link.case;
    const procedure = procedureById(found.procedure);
    if (version !== found.version) {
      return showCase(c, link, { notice: staleNotice(procedure, await deps.cases.transitionAt(found.id, version + 1)) }, 409);
    }
    const action = pageAction(procedure, stepByCode(procedure, found.step), found.fields);
    if (action.kind !== 'confirm' && action.kind !== 'upload') {
      return showCase(c, link, { notice: refusedNotice('いまのステップでは、このページからの操作はありません。何も変更していません。') }, 409);
    }

    let form: FormValues | undefined;
    let files: IncomingFile[] | undefined;
    if (action.kind === 'upload') {
      const checked = await checkUpload(action, body);
      if (!checked.ok) {
        log.info({ caseId: found.key, fields: Object.keys(checked.errors) }, 'web submission refused: see the errors shown');
        return showCase(c, link, { errors: checked.errors, values: checked.values, notice: filesAgain(body) }, 422);
      }
      ({ form, files } = checked);
    }

    const result = await deps.applyAction({ caseKey: found.key, expectedVersion: version, actionId: action.action.id, actor: webApplicant(), ...(form ? { form } : {}), ...(files ? { files } : {}) });
    return answer(c, link, result, version);
  });

  /** A form that comes back with errors has lost its files: browsers never refill a file input. */
  const filesAgain = (body: FormBody): Notice | undefined =>
    body.files.length || body.oversized.length ? { tone: 'warn', lines: ['お手数ですが、ファイルをもう一度選んでから送信してください（入力内容に誤りがあったため、選んだファイルは送信されていません）。'] } : undefined;

  type Checked = { ok: true; form?: FormValues; files: IncomingFile[] } | { ok: false; errors: FieldErrors; values: RawValues };

  async function checkUpload(action: Extract<PageAction, { kind: 'upload' }>, body: FormBody): Promise<Checked> {
    const errors: FieldErrors = {};
    const files: IncomingFile[] = [];
    for (const [i, document] of action.documents.entries()) {
      const name = documentField(i);
      const given = body.files.filter((f) => f.field === name);
      if (body.oversized.includes(name)) errors[name] = `ファイルが大きすぎます。${Math.floor(deps.limits.maxFileBytes / MB)} MB までのファイルを選んでください。`;
      else if (given.length === 0) errors[name] = `「${document}」のファイルを選んでください。`;
      else if (given.length > 1) errors[name] = 'ファイルは1つだけ選んでください。';
      else {
        const file = given[0]!;
        const checked = await checkDocument(file.fileName, file.content);
        if (!checked.ok) errors[name] = checked.message;
        else files.push({ fileName: file.fileName, contentType: checked.contentType, content: file.content, document });
      }
    }
    const values = action.form ? formValues(action.form, body) : undefined;
    if (action.form && values) {
      const validated = validateForm(action.form, values, { now: deps.now?.() ?? new Date() });
      if (!validated.ok) Object.assign(errors, japaneseErrors(validated.errors));
    }
    if (Object.keys(errors).length) return { ok: false, errors, values: values ?? {} };
    return { ok: true, ...(values ? { form: values } : {}), files };
  }

  async function answer(c: Context<WebEnv>, link: Extract<ResolvedLink, { kind: 'ok' }>, result: ApplyActionResult, version: number): Promise<Response> {
    switch (result.kind) {
      case 'applied':
        log.info({ caseId: link.case.key, from: result.record.fromStep, to: result.record.toStep }, 'the applicant did its step on the web');
        return c.redirect(`${casePath(link.token)}?done=${version + 1}`, 303);
      case 'not_found':
        return sendError(c, NOT_FOUND, 404);
      case 'stale':
        return showCase(c, { ...link, case: result.case }, { notice: staleNotice(procedureById(result.case.procedure), result.doneBy) }, 409);
      case 'refused': {
        const current = { ...link, case: result.case };
        if (result.refusal.reason === 'invalid_form') return showCase(c, current, { errors: japaneseErrors(result.refusal.errors), notice: { tone: 'warn', lines: ['入力内容に誤りがあります。ファイルをもう一度選んでから送信してください。'] } }, 422);
        log.warn({ caseId: link.case.key, reason: result.refusal.reason }, 'a web step was refused');
        return showCase(c, current, { notice: refusedNotice('いまのステップでは、この操作はできません。何も変更していません。') }, 409);
      }
    }
  }
}
