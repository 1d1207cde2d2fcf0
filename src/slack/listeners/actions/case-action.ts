// A button on a case card. Acknowledged at once; the click is judged on its own value (case, step,
// version), authorised on the server, and applied exactly once however many times it arrives.
import type { BlockButtonAction } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import type { WebClient } from '@slack/web-api';
import type { Backlog } from '../../backlog.js';
import { megabytes } from '../../../documents/issued-file.js';
import { messages } from '../../../i18n/messages.js';
import { CASE_ACTION_PATTERN, CASE_ACTION_PREFIX, buttonValueSchema, parseJson } from '../../ids.js';
import { refusalText } from '../../refusal-text.js';
import type { SlackServices } from '../../services.js';
import { actionModal } from '../../views/action-modal.js';
import { requestLog } from '../request-log.js';
import type { ListenerRouter } from '../../listener-router.js';

/** What a click's work needs of Bolt's request: held while the work waits for its turn (backlog.ts). */
interface Click {
  userId: string;
  channel: string | undefined;
  actionId: string;
  value: string | undefined;
  triggerId: string;
}

export function register(app: ListenerRouter, services: SlackServices, backlog: Backlog): void {
  app.action<BlockButtonAction>(CASE_ACTION_PATTERN, async ({ ack, body, action, client, context }) => {
    const place = await backlog.enter();
    try {
      await ack();
    } catch (error) {
      place.release();
      throw error;
    }
    const click: Click = { userId: body.user.id, channel: body.channel?.id ?? body.container?.channel_id, actionId: action.action_id, value: action.value, triggerId: body.trigger_id };
    const log = requestLog(context);
    place.run(() => handle(click, client, log));
  });

  async function handle({ userId, channel, actionId: fullId, value, triggerId }: Click, client: WebClient, requestLogger: Logger): Promise<void> {
    const locale = await services.localeFor(userId);
    const m = messages(locale);
    const tell = async (text: string) => {
      if (channel) await client.chat.postEphemeral({ channel, user: userId, text });
    };
    const parsed = buttonValueSchema.safeParse(parseJson(value));
    const actionId = fullId.slice(CASE_ACTION_PREFIX.length);
    const log = requestLogger.child({ caseId: parsed.data?.case, action: actionId, user: userId });
    if (!parsed.success) {
      log.warn({ value }, 'button with a malformed value');
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
      const view = actionModal({ caseKey, version, ...result.refusal, limitMb: megabytes(services.issued.limitBytes), locale });
      try {
        await client.views.open({ trigger_id: triggerId, view });
      } catch (error) {
        // A trigger is good for 3 s after the click; under a burst the work may start later than that
        // (backlog.ts). Nothing has changed: a new click brings a new trigger.
        log.warn({ err: (error as Error).message }, 'could not open the form of the click');
        await tell(m.clicks.formNotOpened);
      }
      return;
    }
    log.info({ outcome: result.kind, reason: result.kind === 'refused' ? result.refusal.reason : undefined }, 'click changed nothing');
    await tell(refusalText(result, caseKey, locale, services.roles.laneHolders()));
  }
}
