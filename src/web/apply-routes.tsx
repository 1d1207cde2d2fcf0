// /apply: the web intake of (1)-a. GET asks which procedure, then shows its intake form, made from the
// same declaration as the Slack modal and checked by the same validators. POST stores the application
// and queues the confirmation mail. /apply/confirm/<token>: GET shows the application and a button,
// and only its POST opens the case, as /mdoc new does.
import type { Context, Hono } from 'hono';
import { checkReferences } from '../cases/references.js';
import { formById } from '../forms/declarations.js';
import { validateForm } from '../forms/validate.js';
import { PROCEDURES, findProcedure } from '../workflow/procedures/index.js';
import { confirmApplication } from './confirm-application.js';
import { csrfValid, CSRF_FIELD } from './csrf.js';
import { FORM_LIMITS, fieldOf, readFormBody } from './form-body.js';
import { formValues, japaneseErrors } from './form-values.js';
import { AlreadyConfirmedPage, APPLY_PATH, ApplicationFormPage, ChooserPage, ConfirmPage, SentPage, confirmPath, webFields } from './pages/apply-pages.js';
import { casePath } from './pages/case-page.js';
import { titleWithErrors } from './pages/form-fields.js';
import { APPLICATION_GONE, BUSY, FORM_EXPIRED, NOT_FOUND } from './pages/error-pages.js';
import { sendError, sendPage } from './respond.js';
import type { WebDeps } from './web-deps.js';
import type { WebEnv } from './web-env.js';

const HOUR_MS = 3_600_000;
const CHOOSER_TITLE = '申請する手続きの選択';
const PICK_PROCEDURE = '申請する手続きを選んでください。';

/** The chooser again, for a procedure that is none of ours (or none at all). */
const refusedChooser = (c: Context<WebEnv>) => sendPage(c, titleWithErrors(CHOOSER_TITLE, { flow: PICK_PROCEDURE }), <ChooserPage error={PICK_PROCEDURE} />, 400);

/** A procedure people may apply for, by its ID (the chooser's values). */
const procedureOf = (id: string) => (PROCEDURES.some((p) => p.id === id) ? findProcedure(id) : undefined);

export function registerApplyRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const now = () => deps.now?.() ?? new Date();
  const log = deps.logger.child({ component: 'web' });

  app.get(APPLY_PATH, async (c) => {
    const flow = c.req.query('flow');
    if (flow === undefined) return sendPage(c, CHOOSER_TITLE, <ChooserPage />);
    const procedure = procedureOf(flow);
    if (!procedure) return refusedChooser(c);
    const form = formById(procedure.intakeForm);
    return sendPage(c, `${procedure.title}のお申し込み`, <ApplicationFormPage procedure={procedure} form={form} values={{}} errors={{}} csrf={c.var.csrfToken} />);
  });

  app.post(APPLY_PATH, async (c) => {
    const body = await readFormBody(c.req.raw, FORM_LIMITS);
    const flow = fieldOf(body, 'flow');
    if (!csrfValid(c, deps.signer, fieldOf(body, CSRF_FIELD))) return sendError(c, FORM_EXPIRED(flow ? `${APPLY_PATH}?flow=${encodeURIComponent(flow)}` : APPLY_PATH), 403);
    const procedure = procedureOf(flow);
    if (!procedure) return refusedChooser(c);
    const form = formById(procedure.intakeForm);
    const asked = new Set(webFields(form).map((f) => f.name));
    const values = formValues(form, body, (name) => asked.has(name));
    const checked = validateForm(form, values, { now: now() });
    const errors = checked.ok ? await checkReferences(deps.cases, form, checked.values) : checked.errors;
    if (!checked.ok || Object.keys(errors).length) {
      return sendPage(c, titleWithErrors(`${procedure.title}のお申し込み`, errors), <ApplicationFormPage procedure={procedure} form={form} values={values} errors={japaneseErrors(errors)} csrf={c.var.csrfToken} />, 422);
    }
    const email = String(checked.values.email);
    const expiresAt = new Date(now().getTime() + deps.limits.applicationHours * HOUR_MS);
    const { limit, windowMs } = deps.limits.mailsPerAddress;
    // Past the limit for this address nothing is stored or sent, and the page is the same: it tells nobody
    // whether the address was given before. (Concurrent posts are held to it when the mail goes out.)
    if ((await deps.applications.countTo(email, new Date(now().getTime() - windowMs))) >= limit) {
      log.warn({ procedure: procedure.id }, 'web application not stored: its address had its confirmation mails for the hour');
    } else {
      // Stored as checked (half-width digits, trimmed): the mail and the confirmation page show it so.
      const id = await deps.applications.create({ procedure: procedure.id, form: checked.values, email, expiresAt });
      log.info({ application: id, procedure: procedure.id }, 'web application received; confirmation mail queued');
      deps.onEnqueued?.();
    }
    return sendPage(c, '確認メールをお送りしました', <SentPage email={email} expiresAt={expiresAt} mailsPerHour={limit} />);
  });

  const applicationOf = async (token: string) => {
    const checked = deps.signer.verify(token, 'apply', now());
    if (!checked.ok) return checked.reason;
    return (await deps.applications.find(checked.claims.id)) ?? 'unknown';
  };

  app.get('/apply/confirm/:token', async (c) => {
    const token = c.req.param('token');
    const application = await applicationOf(token);
    if (application === 'unknown') return sendError(c, NOT_FOUND, 404);
    if (application === 'expired') return sendError(c, APPLICATION_GONE, 410);
    if (application.caseId !== null) {
      const opened = await deps.cases.findById(application.caseId);
      if (!opened) return sendError(c, NOT_FOUND, 404);
      return sendPage(c, 'この申請は確定済みです', <AlreadyConfirmedPage caseKey={opened.key} casePath={casePath(await deps.links.tokenFor(opened.id))} />);
    }
    if (application.expiresAt <= now()) return sendError(c, APPLICATION_GONE, 410);
    const procedure = findProcedure(application.procedure)!;
    return sendPage(
      c,
      '申請の確定',
      <ConfirmPage procedure={procedure} form={formById(procedure.intakeForm)} values={application.form} token={token} csrf={c.var.csrfToken} expiresAt={application.expiresAt} />,
    );
  });

  app.post('/apply/confirm/:token', async (c) => {
    const token = c.req.param('token');
    const body = await readFormBody(c.req.raw, FORM_LIMITS);
    if (!csrfValid(c, deps.signer, fieldOf(body, CSRF_FIELD))) return sendError(c, FORM_EXPIRED(confirmPath(token)), 403);
    const checked = deps.signer.verify(token, 'apply', now());
    if (!checked.ok) return checked.reason === 'expired' ? sendError(c, APPLICATION_GONE, 410) : sendError(c, NOT_FOUND, 404);
    const result = await confirmApplication({ applications: deps.applications, cases: deps.cases, openCase: deps.openCase, now }, checked.claims.id);
    switch (result.kind) {
      case 'opened':
      case 'already': {
        if (result.kind === 'opened') log.info({ application: checked.claims.id, caseId: result.case.key }, 'web application confirmed: case opened');
        const notice = result.kind === 'opened' ? 'opened' : 'confirmed-before';
        return c.redirect(`${casePath(await deps.links.tokenFor(result.case.id))}?notice=${notice}`, 303);
      }
      case 'unknown':
        return sendError(c, NOT_FOUND, 404);
      case 'expired':
        return sendError(c, APPLICATION_GONE, 410);
      case 'busy':
        return sendError(c, BUSY(confirmPath(token)), 503);
      case 'invalid': {
        const application = (await deps.applications.find(checked.claims.id))!;
        const procedure = findProcedure(application.procedure)!;
        return sendPage(
          c,
          titleWithErrors('申請の確定', result.errors),
          <ConfirmPage procedure={procedure} form={formById(procedure.intakeForm)} values={application.form} token={token} csrf={c.var.csrfToken} expiresAt={application.expiresAt} errors={japaneseErrors(result.errors)} />,
          422,
        );
      }
    }
  });
}
