// A button or view this bot does not know (an old app version, a forged payload): acknowledged, told,
// logged, never a crash or a 500. They are what no route of listener-router.ts claims.
import type { BlockAction } from '@slack/bolt';
import { messages } from '../../../i18n/messages.js';
import type { SlackServices } from '../../services.js';
import { messageModal } from '../../views/form-modal.js';
import { requestLog } from '../request-log.js';
import type { ListenerRouter } from '../../listener-router.js';

export function register(app: ListenerRouter, services: SlackServices): void {
  app.unknownAction(async ({ ack, body, action, client, context }) => {
    await ack();
    // Inputs inside our own modals dispatch nothing, so anything here is a button we do not know.
    requestLog(context).warn({ actionId: 'action_id' in action ? action.action_id : undefined }, 'unknown action');
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (channel) await client.chat.postEphemeral({ channel, user: body.user.id, text: messages(await services.localeFor(body.user.id)).clicks.unknownButton });
  });
  app.unknownView(async ({ ack, body, view, context }) => {
    requestLog(context).warn({ callbackId: view.callback_id }, 'unknown view submitted');
    const locale = await services.localeFor(body.user.id);
    const m = messages(locale);
    await ack({ response_action: 'update', view: messageModal(m.forms.cannotAct, m.forms.unknownForm, locale) });
  });
}
