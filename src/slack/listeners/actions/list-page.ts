// The page buttons under `/mdoc list` and `/mdoc search`: the ephemeral list is replaced by the page.
import type { BlockButtonAction } from '@slack/bolt';
import { messages } from '../../../i18n/messages.js';
import { caseListPage } from '../../case-list-page.js';
import { LIST_PAGE_ACTION, listPageValueSchema, parseJson } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { requestLog } from '../request-log.js';
import type { ListenerRouter } from '../../listener-router.js';

export function register(app: ListenerRouter, services: SlackServices): void {
  app.action<BlockButtonAction>(new RegExp(`^${LIST_PAGE_ACTION}:`), async ({ ack, action, body, respond, context }) => {
    await ack();
    const locale = await services.localeFor(body.user.id);
    const query = listPageValueSchema.safeParse(parseJson(action.value));
    if (!query.success) {
      requestLog(context).warn({ value: action.value }, 'list page button with a malformed value');
      await respond({ response_type: 'ephemeral', replace_original: false, text: messages(locale).clicks.brokenPageButton });
      return;
    }
    await respond({ response_type: 'ephemeral', replace_original: true, ...(await caseListPage(services, query.data, locale)) });
  });
}
