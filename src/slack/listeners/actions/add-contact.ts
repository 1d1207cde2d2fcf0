// 「差出人を連絡先に追加」 under 申請者以外からのメール: the use case decides whether the clicker may (reviewers
// only) and adds the sender once; the clicker is told what happened.
import { INBOUND_ADD_CONTACT_ACTION } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { escapeMrkdwn, mention } from '../../views/mrkdwn.js';
import { registerInboundButton } from './inbound-button.js';
import type { ListenerRouter } from '../../listener-router.js';

export function register(app: ListenerRouter, services: SlackServices): void {
  registerInboundButton(app, services.localeFor, {
    actionId: INBOUND_ADD_CONTACT_ACTION,
    what: 'add the sender to the contacts',
    run: (inboundId, userId) => services.inbound.addContact({ inboundId, userId }),
    answer(result, m) {
      switch (result.kind) {
        case 'added':
          return m.inbound.contactAdded(escapeMrkdwn(result.address), result.caseKey);
        case 'already':
          return m.inbound.contactAlready(escapeMrkdwn(result.address), result.caseKey, result.addedBy ? mention(result.addedBy) : undefined);
        case 'closed':
          return m.inbound.contactClosed(result.caseKey);
        case 'forbidden':
          return m.inbound.contactReviewersOnly;
        case 'not_applicable':
          return m.inbound.contactNotApplicable;
      }
    },
  });
}
