// A button on a case card. Acknowledged at once; the click is judged on its own value (case, step,
// version), authorised on the server, and applied exactly once however many times it arrives.
import type { App, BlockButtonAction, Context } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Backlog } from '../../backlog.js';
import { megabytes } from '../../../documents/issued-file.js';
import { messages } from '../../../i18n/messages.js';
import { CASE_ACTION_PATTERN, CASE_ACTION_PREFIX, buttonValueSchema, parseJson } from '../../ids.js';
import { refusalText } from '../../refusal-text.js';
import type { SlackServices } from '../../services.js';
import { actionModal } from '../../views/action-modal.js';
import { requestLog } from '../request-log.js';

export function register(app: App, services: SlackServices, backlog: Backlog): void {
  app.action<BlockButtonAction>(CASE_ACTION_PATTERN, async ({ ack, body, action, client, context }) => {
    const release = await backlog.enter();
    try {
      await ack();
      await handle(body, action, client, context);
    } finally {
      release();
    }
  });

  async function handle(body: BlockButtonAction, action: BlockButtonAction['actions'][number], client: WebClient, context: Context): Promise<void> {
    const userId = body.user.id;
    const locale = await services.localeFor(userId);
    const m = messages(locale);
    const channel = body.channel?.id ?? body.container?.channel_id;
    const tell = async (text: string) => {
      if (channel) await client.chat.postEphemeral({ channel, user: userId, text });
    };
    const parsed = buttonValueSchema.safeParse(parseJson(action.value));
    const actionId = action.action_id.slice(CASE_ACTION_PREFIX.length);
    const log = requestLog(context).child({ caseId: parsed.data?.case, action: actionId, user: userId });
    if (!parsed.success) {
      log.warn({ value: action.value }, 'button with a malformed value');
      await tell(m.clicks.brokenButton);
      return;
    }
    const { case: caseKey, version } = parsed.data;
    let result;
    try {
      result = await services.applyAction({ caseKey, expectedVersion: version, actionId, actor: await services.roles.actorFor(userId) });
    } catch (error) {
      log.error({ err: (error as Error).message }, 'could not apply the click');
      await tell(m.clicks.unavailable);
      return;
    }

    if (result.kind === 'applied') {
      log.info({ from: result.record.fromStep, to: result.record.toStep, notAttached: result.notAttached }, 'transition applied');
      if (result.notAttached.length) await tell(m.clicks.notAttached(result.notAttached.join(m.common.listSeparator)));
      return;
    }
    if (result.kind === 'refused' && result.refusal.reason === 'form_required') {
      await client.views.open({ trigger_id: body.trigger_id, view: actionModal({ caseKey, version, ...result.refusal, limitMb: megabytes(services.issued.limitBytes), locale }) });
      return;
    }
    log.info({ outcome: result.kind, reason: result.kind === 'refused' ? result.refusal.reason : undefined }, 'click changed nothing');
    await tell(refusalText(result, caseKey, locale, services.roles.laneHolders()));
  }
}
