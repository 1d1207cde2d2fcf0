// A step's modal was submitted (a send-back reason, the access application's data, a document issued to
// the case). Errors show inline; a case that moved on meanwhile, or a person who may not act, gets the
// modal replaced by the reason.
//
// A modal that issues documents carries files, which must be fetched from Slack and checked before the
// transition: that can outlast Slack's 3 s. What Slack says of each file is checked first, at once. The
// fetch, the check and the transition then get ACK_BUDGET_MS: finished in time, the answer is the ack
// itself (inline errors included); otherwise the modal is acknowledged as "checking" and updated with the
// answer when it is ready (views.update).
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApplyActionOptions, ApplyActionResult } from '../../../cases/apply-action.js';
import { formById } from '../../../forms/declarations.js';
import type { FormValues } from '../../../forms/types.js';
import { validateForm } from '../../../forms/validate.js';
import type { Locale } from '../../../i18n/locale.js';
import { errorsIn, messages, type LocalText } from '../../../i18n/messages.js';
import type { Logger } from '../../../logger.js';
import { procedureById } from '../../../workflow/procedures/index.js';
import { documentsToIssue, findAction, stepByCode } from '../../../workflow/steps.js';
import { downloadSlackFile } from '../../download-file.js';
import { formValuesFromState } from '../../form-state.js';
import { ACTION_FORM_CALLBACK, actionFormMetadataSchema, parseJson, type ActionFormMetadata } from '../../ids.js';
import { chosenFiles, fetchChosen } from '../../issued-uploads.js';
import { refusalText } from '../../refusal-text.js';
import type { SlackServices } from '../../services.js';
import { messageModal } from '../../views/form-modal.js';
import { requestLog } from '../request-log.js';
import { unavailableAck } from './unavailable.js';
import type { ListenerRouter } from '../../listener-router.js';

/** How long the fetch, check and transition may take before the modal is acknowledged as "checking". */
export const ACK_BUDGET_MS = 2_000;

/** What the modal is told: close (undefined), errors beside the inputs, or another view in its place. */
type Answer = { response_action: 'errors'; errors: Record<string, string> } | { response_action: 'update'; view: ModalView } | undefined;

export function register(app: ListenerRouter, services: SlackServices): void {
  app.view(ACTION_FORM_CALLBACK, async ({ ack, body, view, context, client }) => {
    const metadata = actionFormMetadataSchema.safeParse(parseJson(view.private_metadata));
    const log = requestLog(context).child({ user: body.user.id, caseId: metadata.data?.case });
    const locale = await services.localeFor(body.user.id);
    const m = messages(locale);
    if (!metadata.success) {
      log.warn({ metadata: view.private_metadata }, 'action form with malformed private_metadata');
      await ack({ response_action: 'update', view: messageModal(m.forms.cannotAct, m.forms.brokenForm, locale) });
      return;
    }
    const errors = (e: Record<string, LocalText>): Answer => ({ response_action: 'errors', errors: errorsIn(locale, e) });
    const form = formValuesFromState(view.state);
    const submit = async (files?: ApplyActionOptions['files']): Promise<Answer> => {
      try {
        return answer(await apply(metadata.data, form, body.user.id, files), metadata.data, locale, log);
      } catch (error) {
        log.error({ err: (error as Error).message }, 'could not apply the form');
        return unavailableAck(view.state, locale);
      }
    };

    let action: Awaited<ReturnType<typeof issuingAction>>;
    try {
      action = await issuingAction(metadata.data);
    } catch (error) {
      log.error({ err: (error as Error).message }, 'could not read the case of the form');
      await ack(unavailableAck(view.state, locale));
      return;
    }
    if (!action) {
      await ack(await submit());
      return;
    }

    // The form's own fields and what Slack says of the files: refused together, before fetching anything.
    const limitBytes = services.issued.limitBytes;
    const { chosen, errors: fileErrors } = chosenFiles(view.state, action.issues, limitBytes);
    const formErrors = action.form ? validateForm(formById(action.form), form, { now: services.now() }) : undefined;
    const early = { ...(formErrors && !formErrors.ok ? formErrors.errors : {}), ...fileErrors };
    if (Object.keys(early).length) {
      log.info({ fields: Object.keys(early) }, 'issued-document form refused before fetching its files');
      await ack(errors(early));
      return;
    }

    const work = (async (): Promise<Answer> => {
      const fetched = await fetchChosen(fetcher(client, context.botToken ?? ''), chosen, limitBytes, (error) => log.warn({ err: error.message }, 'could not fetch a file chosen in the modal'));
      if (Object.keys(fetched.errors).length) {
        log.info({ fields: Object.keys(fetched.errors) }, 'an issued document was refused by its content');
        return errors(fetched.errors);
      }
      return submit(fetched.files);
    })();
    const inTime = await Promise.race([work, sleep(ACK_BUDGET_MS).then(() => 'late' as const)]);
    if (inTime !== 'late') {
      await ack(inTime);
      return;
    }
    // Slack would give up on the ack: say the file is being checked, and show the answer when it comes.
    log.info({ budgetMs: ACK_BUDGET_MS }, 'issued documents still being checked: the modal is told to wait');
    await ack({ response_action: 'update', view: messageModal(m.issued.checkingTitle, m.issued.checking, locale) });
    const late = await work;
    await client.views.update({ view_id: view.id, view: lateView(late, locale) }).catch((error: Error) => log.error({ err: error.message }, 'could not show the outcome of the checked files'));
  });

  async function apply(metadata: ActionFormMetadata, form: FormValues, userId: string, files?: ApplyActionOptions['files']): Promise<ApplyActionResult> {
    return services.applyAction({ caseKey: metadata.case, expectedVersion: metadata.version, actionId: metadata.action, actor: await services.roles.actorFor(userId), form, ...(files ? { files } : {}) });
  }

  /**
   * The action the modal was made for, with the documents it issues (its file inputs), when it issues any
   * and the case is still at the version the modal was made for; otherwise the use case says what happened.
   */
  async function issuingAction(metadata: ActionFormMetadata) {
    const found = await services.cases.findByKey(metadata.case);
    if (!found || found.version !== metadata.version) return undefined;
    const procedure = procedureById(found.procedure);
    const action = findAction(procedure, stepByCode(procedure, found.step), metadata.action, found.fields);
    const issues = action ? documentsToIssue(action, found.fields) : [];
    return action && issues.length ? { form: action.form, issues } : undefined;
  }

  function answer(result: ApplyActionResult, metadata: ActionFormMetadata, locale: Locale, log: Logger): Answer {
    const m = messages(locale);
    if (result.kind === 'applied') {
      log.info({ from: result.record.fromStep, to: result.record.toStep, action: metadata.action, notAttached: result.notAttached }, 'transition applied');
      // Documents the step's mail could not carry: said in place of the closed form.
      return result.notAttached.length ? { response_action: 'update', view: messageModal(m.clicks.recorded, m.clicks.notAttached(result.notAttached.join(m.common.listSeparator)), locale) } : undefined;
    }
    if (result.kind === 'refused' && result.refusal.reason === 'invalid_form') return { response_action: 'errors', errors: errorsIn(locale, result.refusal.errors) };
    log.info({ outcome: result.kind }, 'form submission changed nothing');
    return { response_action: 'update', view: messageModal(m.forms.unchanged, refusalText(result, metadata.case, locale, services.roles.laneHolders()), locale) };
  }
}

/** Fetching with the bot token, as Slack requires for a file a person uploaded. */
const fetcher = (client: WebClient, token: string) => (fileId: string, maxBytes: number) => downloadSlackFile(client, token, fileId, maxBytes);

/** An answer that came after the ack, as the view that replaces the "checking" one. */
function lateView(late: Answer, locale: Locale): ModalView {
  const m = messages(locale);
  if (!late) return messageModal(m.clicks.recorded, m.issued.recorded, locale);
  if (late.response_action === 'update') return late.view;
  return messageModal(m.forms.unchanged, m.issued.lateRefused(Object.values(late.errors).join('\n')), locale);
}
