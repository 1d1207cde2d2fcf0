// A button or view this bot does not know (an old app version, a forged payload): acknowledged, told,
// logged, never a crash or a 500.
import type { App, BlockAction } from '@slack/bolt';
import {
  ACTION_FORM_CALLBACK,
  CASE_ACTION_PATTERN,
  CASE_MENU_ACTION,
  DOCUMENT_UPLOAD_ACTION,
  DOCUMENT_UPLOAD_CALLBACK,
  INBOUND_LINK_ACTION,
  INBOUND_LINK_CALLBACK,
  INBOUND_NEW_ACTION,
  LIST_PAGE_ACTION,
  NEW_CASE_CALLBACK,
  OPEN_STATUS_ACTION,
} from '../../ids.js';
import { messages } from '../../../i18n/messages.js';
import type { SlackServices } from '../../services.js';
import { messageModal } from '../../views/form-modal.js';
import { requestLog } from '../request-log.js';

const NOT_OURS = new RegExp(`^(?!${CASE_ACTION_PATTERN.source.slice(1)}|${LIST_PAGE_ACTION}|${OPEN_STATUS_ACTION}$|${CASE_MENU_ACTION}$|${DOCUMENT_UPLOAD_ACTION}$|${INBOUND_LINK_ACTION}$|${INBOUND_NEW_ACTION}$)`);
const UNKNOWN_VIEW = new RegExp(`^(?!(?:${NEW_CASE_CALLBACK}|${ACTION_FORM_CALLBACK}|${DOCUMENT_UPLOAD_CALLBACK}|${INBOUND_LINK_CALLBACK})$)`);

export function register(app: App, services: SlackServices): void {
  app.action<BlockAction>({ action_id: NOT_OURS }, async ({ ack, body, action, client, context }) => {
    await ack();
    // Inputs inside our own modals dispatch nothing, so anything here is a button we do not know.
    requestLog(context).warn({ actionId: 'action_id' in action ? action.action_id : undefined }, 'unknown action');
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (channel) await client.chat.postEphemeral({ channel, user: body.user.id, text: messages(await services.localeFor(body.user.id)).clicks.unknownButton });
  });
  app.view({ callback_id: UNKNOWN_VIEW }, async ({ ack, body, view, context }) => {
    requestLog(context).warn({ callbackId: view.callback_id }, 'unknown view submitted');
    const locale = await services.localeFor(body.user.id);
    const m = messages(locale);
    await ack({ response_action: 'update', view: messageModal(m.forms.cannotAct, m.forms.unknownForm, locale) });
  });
}
