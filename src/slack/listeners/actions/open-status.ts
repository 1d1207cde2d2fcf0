// The status button on a Home row: the case's status and history in a modal, in the reader's language.
import type { BlockButtonAction } from '@slack/bolt';
import { parseCaseKey } from '../../../cases/case.js';
import { findProcedure } from '../../../workflow/procedures/index.js';
import { messages } from '../../../i18n/messages.js';
import { OPEN_STATUS_ACTION } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { caseStatusModal } from '../../views/case-status.js';
import { messageModal } from '../../views/form-modal.js';
import { requestLog } from '../request-log.js';
import type { ListenerRouter } from '../../listener-router.js';

export function register(app: ListenerRouter, services: SlackServices): void {
  app.action<BlockButtonAction>(OPEN_STATUS_ACTION, async ({ ack, action, body, client, context }) => {
    await ack();
    const locale = await services.localeFor(body.user.id);
    const key = parseCaseKey(action.value ?? '');
    const found = key ? await services.cases.record(key) : undefined;
    if (!found) {
      requestLog(context).warn({ value: action.value }, 'status button for an unknown case');
      const m = messages(locale);
      await client.views.open({ trigger_id: body.trigger_id, view: messageModal(m.status.title, m.status.notFound(key ?? String(action.value))) });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: caseStatusModal(findProcedure(found.case.procedure)!, found.case, found.history, locale, found.issued) });
  });
}
