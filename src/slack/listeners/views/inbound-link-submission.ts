// 「案件に紐付け」 submitted: the mail moves into the case's thread, once. A wrong case ID shows inline.
import { z } from 'zod';
import { parseCaseKey } from '../../../cases/case.js';
import { messages } from '../../../i18n/messages.js';
import { formValuesFromState } from '../../form-state.js';
import { INBOUND_LINK_CALLBACK, inboundButtonValueSchema, parseJson } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { messageModal } from '../../views/form-modal.js';
import { LINK_CASE_INPUT } from '../../views/inbound-link-modal.js';
import { requestLog } from '../request-log.js';
import { unavailableAck } from './unavailable.js';
import type { ListenerRouter } from '../../listener-router.js';

export function register(app: ListenerRouter, services: SlackServices): void {
  app.view(INBOUND_LINK_CALLBACK, async ({ ack, body, view, context }) => {
    const user = body.user.id;
    const locale = await services.localeFor(user);
    const m = messages(locale);
    const metadata = inboundButtonValueSchema.safeParse(parseJson(view.private_metadata));
    const typed = z.string().max(40).safeParse(formValuesFromState(view.state)[LINK_CASE_INPUT]).data ?? '';
    const key = parseCaseKey(typed);
    const log = requestLog(context).child({ user, inboundId: metadata.data?.inbound, caseId: key });
    if (!metadata.success) {
      await ack({ response_action: 'update', view: messageModal(m.inbound.linkTitle, m.clicks.brokenButton, locale) });
      return;
    }
    if (!key) {
      await ack({ response_action: 'errors', errors: { [LINK_CASE_INPUT]: m.validation.caseKey } });
      return;
    }
    if (!(await services.roles.actorFor(user)).roles.has('reviewer')) {
      await ack({ response_action: 'errors', errors: { [LINK_CASE_INPUT]: m.inbound.reviewersOnly } });
      return;
    }
    try {
      const result = await services.inbound.link({ inboundId: metadata.data.inbound, caseKey: key, userId: user });
      log.info({ outcome: result.kind }, 'mail linked to a case');
      if (result.kind === 'no_case') await ack({ response_action: 'errors', errors: { [LINK_CASE_INPUT]: m.inbound.notFound(result.caseKey) } });
      else if (result.kind === 'no_message') await ack({ response_action: 'update', view: messageModal(m.inbound.linkTitle, m.inbound.messageGone, locale) });
      else if (result.kind === 'already') await ack({ response_action: 'update', view: messageModal(m.inbound.linkTitle, m.inbound.alreadyLinked(result.caseKey), locale) });
      else await ack({ response_action: 'update', view: messageModal(m.inbound.linkTitle, m.inbound.linked(result.caseKey), locale) });
    } catch (error) {
      log.error({ err: (error as Error).message }, 'could not link the mail');
      await ack(unavailableAck(view.state, locale));
    }
  });
}
