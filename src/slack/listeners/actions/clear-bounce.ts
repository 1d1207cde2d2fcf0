// 「「メール不達」の表示を消す」 under 「メールが届きませんでした」: reviewers only, decided by the use case;
// the clicker is told whether it was cleared now or before.
import { BOUNCE_CLEAR_ACTION } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { registerInboundButton } from './inbound-button.js';
import type { ListenerRouter } from '../../listener-router.js';

export function register(app: ListenerRouter, services: SlackServices): void {
  registerInboundButton(app, services.localeFor, {
    actionId: BOUNCE_CLEAR_ACTION,
    what: "clear the card's undelivered mark",
    run: (inboundId, userId) => services.inbound.clearBounce({ inboundId, userId }),
    answer(result, m) {
      switch (result.kind) {
        case 'cleared':
          return m.inbound.markCleared(escapeMrkdwn(result.address), result.caseKey);
        case 'already':
          return m.inbound.markAlreadyCleared(escapeMrkdwn(result.address), result.caseKey);
        case 'forbidden':
          return m.inbound.markReviewersOnly;
        case 'not_applicable':
          return m.inbound.markNotApplicable;
      }
    },
  });
}
