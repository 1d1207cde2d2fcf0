// The case card's overflow menu, for reviewers, checked on the server at the click:
// - revoke the applicant's personal links (the web door): every link issued so far stops working, and
//   the next mail to the applicant carries a new one;
// - what the procedure declares for the menu (`menu` case actions: revoking a certificate), which opens
//   the action's modal through the same use case as a card button, also on a closed case.
import type { BlockOverflowAction } from '@slack/bolt';
import { parseCaseKey } from '../../../cases/case.js';
import { megabytes } from '../../../documents/issued-file.js';
import { messages } from '../../../i18n/messages.js';
import { procedureById } from '../../../workflow/procedures/index.js';
import { CASE_MENU_ACTION, REVOKE_LINK_OPTION } from '../../ids.js';
import { refusalText } from '../../refusal-text.js';
import type { SlackServices } from '../../services.js';
import { actionModal } from '../../views/action-modal.js';
import { requestLog } from '../request-log.js';
import type { ListenerRouter } from '../../listener-router.js';

export function register(app: ListenerRouter, services: SlackServices): void {
  app.action<BlockOverflowAction>(CASE_MENU_ACTION, async ({ ack, body, action, client, context }) => {
    await ack();
    const userId = body.user.id;
    const locale = await services.localeFor(userId);
    const m = messages(locale);
    const channel = body.channel?.id ?? body.container?.channel_id;
    const tell = async (text: string) => {
      if (channel) await client.chat.postEphemeral({ channel, user: userId, text });
    };
    const [option = '', rawKey] = action.selected_option.value.split(':');
    const key = parseCaseKey(rawKey ?? '');
    const log = requestLog(context).child({ caseId: key, user: userId, option });
    if (!key || !/^[a-z_]{1,60}$/.test(option)) {
      log.warn({ value: action.selected_option.value }, 'unknown case menu entry');
      await tell(m.clicks.unknownButton);
      return;
    }
    const actor = await services.roles.actorFor(userId);
    if (option === REVOKE_LINK_OPTION) {
      if (!services.revokeApplicantLink) {
        await tell(m.clicks.unknownButton);
        return;
      }
      if (!actor.roles.has('reviewer')) {
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
      return;
    }

    // A declared menu action: judged by the use case as the case stands now, like a card button.
    const found = await services.cases.findByKey(key);
    if (!found) {
      await tell(m.refusal.notFound(key));
      return;
    }
    if (!procedureById(found.procedure).caseActions?.some((a) => a.menu && a.id === option)) {
      log.warn('a case menu entry that the procedure does not offer there');
      await tell(m.link.unknownMenuEntry(key));
      return;
    }
    const result = await services.applyAction({ caseKey: key, expectedVersion: found.version, actionId: option, actor });
    if (result.kind === 'refused' && result.refusal.reason === 'form_required') {
      await client.views.open({ trigger_id: body.trigger_id, view: actionModal({ caseKey: key, version: found.version, ...result.refusal, limitMb: megabytes(services.issued.limitBytes), locale }) });
      return;
    }
    // A menu action with a form opens it; otherwise it is done, or refused (not a reviewer, already revoked).
    log.info({ outcome: result.kind, reason: result.kind === 'refused' ? result.refusal.reason : undefined }, 'case menu entry changed nothing');
    // Not offered any more (already revoked, on an open or a closed case): the card it came from is old.
    const gone = result.kind === 'refused' && (result.refusal.reason === 'unknown_action' || result.refusal.reason === 'closed');
    await tell(gone ? m.link.unknownMenuEntry(key) : result.kind === 'applied' ? m.clicks.recorded : refusalText(result, key, locale, services.roles.laneHolders()));
  });
}
