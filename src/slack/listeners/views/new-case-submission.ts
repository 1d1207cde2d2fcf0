// The intake modal was submitted. Field errors go back inline; a case is created otherwise. The view
// ID makes the submission idempotent: pressing 登録 again after a timeout opens no second case.
import type { App } from '@slack/bolt';
import { formById } from '../../../forms/declarations.js';
import { findProcedure } from '../../../workflow/procedures/index.js';
import { formValuesFromState } from '../../form-state.js';
import { NEW_CASE_CALLBACK, newCaseMetadataSchema, parseJson } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { requestLog } from '../request-log.js';
import { unavailableErrors } from './unavailable.js';

export function register(app: App, services: SlackServices): void {
  app.view(NEW_CASE_CALLBACK, async ({ ack, body, view, context }) => {
    const log = requestLog(context).child({ user: body.user.id });
    const metadata = newCaseMetadataSchema.safeParse(parseJson(view.private_metadata));
    const procedure = findProcedure(metadata.success ? metadata.data.procedure : 'usage');
    if (!procedure) {
      log.warn({ metadata: view.private_metadata }, 'intake form with unknown procedure');
      await ack({ response_action: 'errors', errors: { org_name: 'フォームが古いため登録できません。もう一度 /mdoc new からやり直してください。' } });
      return;
    }
    const form = formById(procedure.intakeForm);
    try {
      const result = await services.openCase({
        procedureId: procedure.id,
        requesterId: body.user.id,
        form: formValuesFromState(form, view.state),
        intakeKey: view.id,
      });
      if (result.kind === 'invalid') {
        log.info({ fields: Object.keys(result.errors) }, 'intake form refused');
        await ack({ response_action: 'errors', errors: result.errors });
        return;
      }
      log.info({ caseId: result.case.key }, 'case opened');
      await ack();
    } catch (error) {
      log.error({ err: (error as Error).message }, 'could not open the case');
      await ack({ response_action: 'errors', errors: unavailableErrors(form) });
    }
  });
}
