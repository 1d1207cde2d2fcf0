// The buttons on a mail that found no case (or a preparation application) in the reviewer channel:
// 「案件に紐付け」 asks which case, 「新規案件として登録」 opens the intake form filled from the mail.
// Sorting mail is the agency desk's work: reviewers only.
import type { BlockButtonAction } from '@slack/bolt';
import { messages } from '../../../i18n/messages.js';
import { usageProcedure } from '../../../workflow/procedures/usage.js';
import { INBOUND_LINK_ACTION, INBOUND_NEW_ACTION, inboundButtonValueSchema, parseJson } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { chooserModal, intakeModal } from '../../views/intake-modal.js';
import { inboundLinkModal } from '../../views/inbound-link-modal.js';
import { messageModal } from '../../views/form-modal.js';
import { requestLog } from '../request-log.js';
import type { ListenerRouter } from '../../listener-router.js';

export function register(app: ListenerRouter, services: SlackServices): void {
  const pattern = new RegExp(`^(${INBOUND_LINK_ACTION}|${INBOUND_NEW_ACTION})$`);
  app.action<BlockButtonAction>(pattern, async ({ ack, action, body, client, context }) => {
    await ack();
    const user = body.user.id;
    const locale = await services.localeFor(user);
    const m = messages(locale);
    const value = inboundButtonValueSchema.safeParse(parseJson(action.value));
    const log = requestLog(context).child({ user, action: action.action_id, inboundId: value.data?.inbound });
    const tell = (text: string) => client.views.open({ trigger_id: body.trigger_id, view: messageModal(m.inbound.linkTitle, text, locale) });
    if (!value.success) {
      log.warn({ value: action.value }, 'triage button with a malformed value');
      await tell(m.clicks.brokenButton);
      return;
    }
    if (!(await services.roles.actorFor(user)).roles.has('reviewer')) {
      log.warn('mail triage refused: not a reviewer');
      await tell(m.inbound.reviewersOnly);
      return;
    }
    const inbound = value.data.inbound;
    if (action.action_id === INBOUND_LINK_ACTION) {
      await client.views.open({ trigger_id: body.trigger_id, view: inboundLinkModal(inbound, locale) });
      return;
    }
    const source = await services.inbound.intakeFrom(inbound);
    if (!source) {
      await tell(m.inbound.messageGone);
      return;
    }
    // A preparation application is a usage application by definition; other mail may be either.
    const view = source.preparation ? intakeModal(usageProcedure, locale, { inbound, values: source.values }) : chooserModal(locale, inbound);
    await client.views.open({ trigger_id: body.trigger_id, view });
    log.info({ preparation: source.preparation }, 'intake opened from a mail');
  });
}
