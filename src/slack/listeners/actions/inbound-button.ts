// A button on a post about a received mail (its value names the message): acknowledged at once, the
// value checked, the use case run, and the clicker told the outcome privately in the thread.
import type { BlockButtonAction } from '@slack/bolt';
import type { Locale } from '../../../i18n/locale.js';
import { messages, type Messages } from '../../../i18n/messages.js';
import { inboundButtonValueSchema, parseJson } from '../../ids.js';
import { ephemeralTeller } from '../ephemeral.js';
import { requestLog } from '../request-log.js';
import type { ListenerRouter } from '../../listener-router.js';

export interface InboundButton<R extends { kind: string }> {
  actionId: string;
  /** What the log says was asked. */
  what: string;
  run(inboundId: number, userId: string): Promise<R>;
  /** What the clicker is told of the result, in their language. */
  answer(result: R, m: Messages): string;
}

export function registerInboundButton<R extends { kind: string }>(app: ListenerRouter, localeFor: (userId: string) => Promise<Locale>, button: InboundButton<R>): void {
  app.action<BlockButtonAction>(button.actionId, async ({ ack, action, body, client, context }) => {
    await ack();
    const user = body.user.id;
    const m = messages(await localeFor(user));
    const tell = ephemeralTeller(client, body);
    const value = inboundButtonValueSchema.safeParse(parseJson(action.value));
    const log = requestLog(context).child({ user, action: action.action_id, inboundId: value.data?.inbound });
    if (!value.success) {
      log.warn({ value: action.value }, `${button.what}: a malformed button value`);
      await tell(m.clicks.brokenButton);
      return;
    }
    const result = await button.run(value.data.inbound, user);
    log.info({ outcome: result.kind, caseId: 'caseKey' in result ? result.caseKey : undefined }, button.what);
    await tell(button.answer(result, m));
  });
}
