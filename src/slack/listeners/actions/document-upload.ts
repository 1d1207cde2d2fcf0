// A document's button in `/mdoc docs`: opens the modal that loads its file. Reviewers only.
import type { BlockButtonAction } from '@slack/bolt';
import { messages } from '../../../i18n/messages.js';
import { DOCUMENT_UPLOAD_ACTION } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { documentAt, documentUploadModal } from '../../views/documents.js';
import { messageModal } from '../../views/form-modal.js';
import { requestLog } from '../request-log.js';
import type { ListenerRouter } from '../../listener-router.js';

export function register(app: ListenerRouter, services: SlackServices): void {
  app.action<BlockButtonAction>(DOCUMENT_UPLOAD_ACTION, async ({ ack, action, body, client, context }) => {
    await ack();
    const locale = await services.localeFor(body.user.id);
    const m = messages(locale);
    const index = Number(action.value);
    const document = Number.isInteger(index) ? documentAt(index) : undefined;
    const log = requestLog(context).child({ user: body.user.id, document });
    if (!(await services.roles.actorFor(body.user.id)).roles.has('reviewer')) {
      log.warn('document upload refused: not a reviewer');
      await client.views.open({ trigger_id: body.trigger_id, view: messageModal(m.documents.modalTitle, m.command.reviewersOnly('docs'), locale) });
      return;
    }
    if (!document) {
      await client.views.open({ trigger_id: body.trigger_id, view: messageModal(m.documents.modalTitle, m.documents.unknownDocument, locale) });
      return;
    }
    const { current } = await services.documents.list();
    await client.views.open({ trigger_id: body.trigger_id, view: documentUploadModal(index, current.get(document), locale) });
  });
}
