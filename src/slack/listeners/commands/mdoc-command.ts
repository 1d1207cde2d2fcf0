// `/mdoc <subcommand>`. Answers come back in the acknowledgement itself (ephemeral), well inside
// Slack's 3 s; `new` acknowledges first and then opens the modal with the fresh trigger_id.
import type { App } from '@slack/bolt';
import { parseCaseKey } from '../../../cases/case.js';
import { formById } from '../../../forms/declarations.js';
import { findProcedure, PROCEDURES } from '../../../workflow/procedures/index.js';
import { COMMAND, NEW_CASE_CALLBACK } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { caseList } from '../../views/case-list.js';
import { caseStatus } from '../../views/case-status.js';
import { formModal } from '../../views/form-modal.js';
import { help } from '../../views/help.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { requestLog } from '../request-log.js';

const LIST_LIMIT = 30;

export function register(app: App, services: SlackServices): void {
  app.command(COMMAND, async ({ command, ack, client, context }) => {
    const log = requestLog(context);
    const [sub = 'help', ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const helpMessage = (notice?: string) => help({ unstaffedLanes: services.roles.unstaffedLanes(), notice });
    log.info({ subcommand: sub, user: command.user_id }, 'command received');

    switch (sub.toLowerCase()) {
      case 'new': {
        const procedureId = args[0] ?? PROCEDURES[0]!.id;
        const procedure = findProcedure(procedureId);
        if (!procedure) {
          await ack({ response_type: 'ephemeral', ...helpMessage(`「${escapeMrkdwn(procedureId)}」という手続きはありません。\`/mdoc new usage\` のように指定してください。`) });
          return;
        }
        await ack();
        await client.views.open({
          trigger_id: command.trigger_id,
          view: formModal({ form: formById(procedure.intakeForm), callbackId: NEW_CASE_CALLBACK, privateMetadata: JSON.stringify({ procedure: procedure.id }) }),
        });
        return;
      }
      case 'status': {
        const key = parseCaseKey(args[0] ?? '');
        if (!key) {
          await ack({ response_type: 'ephemeral', text: '案件番号を指定してください（例: `/mdoc status MDOC-0001`）。' });
          return;
        }
        const found = await services.cases.findByKey(key);
        if (!found) {
          log.warn({ caseId: key }, 'status of an unknown case');
          await ack({ response_type: 'ephemeral', text: `案件 ${key} は見つかりません。\`/mdoc list\` で進行中の案件を確認できます。` });
          return;
        }
        const procedure = findProcedure(found.procedure)!;
        await ack({ response_type: 'ephemeral', ...caseStatus(procedure, found, await services.cases.history(found.id)) });
        return;
      }
      case 'list': {
        const [cases, total] = await Promise.all([services.cases.listOpen(LIST_LIMIT), services.cases.countOpen()]);
        await ack({ response_type: 'ephemeral', ...caseList(cases, total) });
        return;
      }
      case 'help':
        await ack({ response_type: 'ephemeral', ...helpMessage() });
        return;
      default:
        await ack({ response_type: 'ephemeral', ...helpMessage(`「${escapeMrkdwn(sub)}」というサブコマンドはありません。使えるコマンドは次のとおりです。`) });
    }
  });
}
