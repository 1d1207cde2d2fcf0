// The `mdoc_new` modal was submitted: either the chooser (which procedure?), answered by replacing the
// modal with that procedure's form, or an intake form. Field errors go back inline; a case is created
// otherwise. The view ID makes the submission idempotent: pressing 登録 again opens no second case.
import { formById } from '../../../forms/declarations.js';
import { errorsIn, messages } from '../../../i18n/messages.js';
import { findProcedure } from '../../../workflow/procedures/index.js';
import { firstInput, formValuesFromState } from '../../form-state.js';
import { NEW_CASE_CALLBACK, newCaseMetadataSchema, parseJson } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { intakeModal } from '../../views/intake-modal.js';
import { requestLog } from '../request-log.js';
import { unavailableAck } from './unavailable.js';
import type { ListenerRouter } from '../../listener-router.js';

export function register(app: ListenerRouter, services: SlackServices): void {
  app.view(NEW_CASE_CALLBACK, async ({ ack, body, view, context }) => {
    const log = requestLog(context).child({ user: body.user.id });
    const locale = await services.localeFor(body.user.id);
    const values = formValuesFromState(view.state);
    const metadata = newCaseMetadataSchema.safeParse(parseJson(view.private_metadata));
    const procedureId = (metadata.success ? metadata.data.procedure : undefined) ?? (typeof values.flow === 'string' ? values.flow : undefined);
    const procedure = procedureId ? findProcedure(procedureId) : undefined;
    if (!procedure) {
      log.warn({ metadata: view.private_metadata }, 'intake form without a known procedure');
      await ack({ response_action: 'errors', errors: { [firstInput(view.state) ?? 'flow']: messages(locale).validation.pickProcedure } });
      return;
    }
    // The chooser carries only `flow`: show the chosen procedure's form in its place.
    const intakeFields = formById(procedure.intakeForm).fields.map((f) => f.name);
    const inbound = metadata.data?.inbound;
    if (!Object.keys(values).some((name) => intakeFields.includes(name))) {
      // Opened from a mail: the form comes filled with what the mail says.
      const source = inbound === undefined ? undefined : await services.inbound.intakeFrom(inbound);
      await ack({ response_action: 'update', view: intakeModal(procedure, locale, source && inbound ? { inbound, values: source.values } : undefined) });
      return;
    }
    try {
      const result = await services.openCase({ procedureId: procedure.id, requesterId: body.user.id, form: values, intakeKey: view.id, inboundId: inbound });
      if (result.kind === 'invalid') {
        log.info({ fields: Object.keys(result.errors) }, 'intake form refused');
        await ack({ response_action: 'errors', errors: errorsIn(locale, result.errors) });
        return;
      }
      log.info({ caseId: result.case.key, procedure: procedure.id, inboundId: inbound }, 'case opened');
      await ack();
    } catch (error) {
      log.error({ err: (error as Error).message }, 'could not open the case');
      await ack(unavailableAck(view.state, locale));
    }
  });
}
