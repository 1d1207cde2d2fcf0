// A step's form was submitted (send-back reason, access application data). Errors show inline; a
// case that moved on meanwhile, or a person who may not act, gets the modal replaced by the reason.
import type { App } from '@slack/bolt';
import { errorsIn, messages } from '../../../i18n/messages.js';
import { formValuesFromState } from '../../form-state.js';
import { ACTION_FORM_CALLBACK, actionFormMetadataSchema, parseJson } from '../../ids.js';
import { refusalText } from '../../refusal-text.js';
import type { SlackServices } from '../../services.js';
import { messageModal } from '../../views/form-modal.js';
import { requestLog } from '../request-log.js';
import { unavailableAck } from './unavailable.js';

export function register(app: App, services: SlackServices): void {
  app.view(ACTION_FORM_CALLBACK, async ({ ack, body, view, context }) => {
    const metadata = actionFormMetadataSchema.safeParse(parseJson(view.private_metadata));
    const log = requestLog(context).child({ user: body.user.id, caseId: metadata.data?.case });
    const locale = await services.localeFor(body.user.id);
    const m = messages(locale);
    if (!metadata.success) {
      log.warn({ metadata: view.private_metadata }, 'action form with malformed private_metadata');
      await ack({ response_action: 'update', view: messageModal(m.forms.cannotAct, m.forms.brokenForm, locale) });
      return;
    }
    const { case: caseKey, version, action: actionId } = metadata.data;
    try {
      const result = await services.applyAction({
        caseKey,
        expectedVersion: version,
        actionId,
        actor: await services.roles.actorFor(body.user.id),
        form: formValuesFromState(view.state),
      });
      if (result.kind === 'applied') {
        log.info({ from: result.record.fromStep, to: result.record.toStep, action: actionId, notAttached: result.notAttached }, 'transition applied');
        // Documents the step's mail could not carry: said in place of the closed form.
        if (result.notAttached.length) await ack({ response_action: 'update', view: messageModal(m.clicks.recorded, m.clicks.notAttached(result.notAttached.join(m.common.listSeparator)), locale) });
        else await ack();
        return;
      }
      if (result.kind === 'refused' && result.refusal.reason === 'invalid_form') {
        await ack({ response_action: 'errors', errors: errorsIn(locale, result.refusal.errors) });
        return;
      }
      log.info({ outcome: result.kind }, 'form submission changed nothing');
      await ack({ response_action: 'update', view: messageModal(m.forms.unchanged, refusalText(result, caseKey, locale, services.roles.laneHolders()), locale) });
    } catch (error) {
      log.error({ err: (error as Error).message }, 'could not apply the form');
      await ack(unavailableAck(view.state, locale));
    }
  });
}
