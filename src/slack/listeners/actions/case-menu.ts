// The case card's overflow menu. Its one entry revokes the applicant's personal links (the web door):
// reviewers only, checked on the server; every link issued so far stops working, and the next mail to
// the applicant carries a new one.
import type { App, BlockOverflowAction } from '@slack/bolt';
import { parseCaseKey } from '../../../cases/case.js';
import { messages } from '../../../i18n/messages.js';
import { CASE_MENU_ACTION, REVOKE_LINK_OPTION } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { requestLog } from '../request-log.js';

export function register(app: App, services: SlackServices): void {
  app.action<BlockOverflowAction>(CASE_MENU_ACTION, async ({ ack, body, action, client, context }) => {
    await ack();
    const userId = body.user.id;
    const m = messages(await services.localeFor(userId));
    const channel = body.channel?.id ?? body.container?.channel_id;
    const tell = async (text: string) => {
      if (channel) await client.chat.postEphemeral({ channel, user: userId, text });
    };
    const [option, rawKey] = action.selected_option.value.split(':');
    const key = parseCaseKey(rawKey ?? '');
    const log = requestLog(context).child({ caseId: key, user: userId });
    if (option !== REVOKE_LINK_OPTION || !key || !services.revokeApplicantLink) {
      log.warn({ value: action.selected_option.value }, 'unknown case menu entry');
      await tell(m.clicks.unknownButton);
      return;
    }
    if (!(await services.roles.actorFor(userId)).roles.has('reviewer')) {
      log.info('revocation of an applicant link refused: not a reviewer');
      await tell(m.link.revokeReviewersOnly);
      return;
    }
    if (!(await services.revokeApplicantLink(key, userId))) {
      await tell(m.refusal.notFound(key));
      return;
    }
    log.info("the applicant's links of the case were revoked");
    await tell(m.link.revoked(key));
  });
}
