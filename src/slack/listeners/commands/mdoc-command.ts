// `/mdoc <subcommand>`. What needs no database is answered in the acknowledgement itself (ephemeral).
// What reads or writes cases (status, list, search, link) is acknowledged at once and answered through
// response_url, so that a busy database never holds the ack near Slack's 3 s. `new` acknowledges first
// and then opens the modal with the fresh trigger_id.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { parseCaseKey } from '../../../cases/case.js';
import { PROCEDURES, findProcedure, procedureForCommand } from '../../../workflow/procedures/index.js';
import { parseCaseFilter } from '../../../cases/case-filter.js';
import { messages } from '../../../i18n/messages.js';
import { writeExportFiles } from '../../../export/export-files.js';
import { caseListPage } from '../../case-list-page.js';
import { COMMAND } from '../../ids.js';
import type { Backlog } from '../../backlog.js';
import type { SlackServices } from '../../services.js';
import { caseStatus } from '../../views/case-status.js';
import { chooserModal, intakeModal } from '../../views/intake-modal.js';
import { help } from '../../views/help.js';
import { documentList } from '../../views/documents.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { requestLog } from '../request-log.js';
import { LINK_ACTION, linkResultText } from '../../link-text.js';

export function register(app: App, services: SlackServices, backlog: Backlog): void {
  app.command(COMMAND, async ({ command, ack, respond, client, context }) => {
    const log = requestLog(context);
    const [sub = 'help', ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const locale = await services.localeFor(command.user_id);
    const m = messages(locale);
    const helpMessage = (notice?: string) => help({ unstaffedLanes: services.roles.unstaffedLanes(), notice, locale });
    log.info({ subcommand: sub, user: command.user_id }, 'command received');
    /** Acknowledges now and answers through response_url once `answer` has read the database, when its turn comes (backlog.ts). */
    const answerLater = async (what: string, answer: () => Promise<{ text: string; blocks?: KnownBlock[] }>): Promise<void> => {
      const place = await backlog.enter();
      try {
        await ack();
      } catch (error) {
        place.release();
        throw error;
      }
      place.run(async () => {
        try {
          await respond({ response_type: 'ephemeral', ...(await answer()) });
        } catch (error) {
          log.error({ err: (error as Error).message, subcommand: what }, 'could not answer the command');
          await respond({ response_type: 'ephemeral', text: m.clicks.unavailable }).catch(() => {});
        }
      });
    };
    /** Subcommands for reviewers only: anyone else is told so, and the request is logged. */
    const reviewerOnly = async (subcommand: string): Promise<boolean> => {
      if ((await services.roles.actorFor(command.user_id)).roles.has('reviewer')) return true;
      log.warn({ user: command.user_id, subcommand }, 'reviewer-only command refused');
      await ack({ response_type: 'ephemeral', text: m.command.reviewersOnly(subcommand) });
      return false;
    };

    switch (sub.toLowerCase()) {
      case 'new': {
        const procedure = args[0] ? procedureForCommand(args[0]) : undefined;
        if (args[0] && !procedure) {
          const known = PROCEDURES.map((p) => `\`${p.command}\``).join(m.common.listSeparator);
          await ack({ response_type: 'ephemeral', ...helpMessage(m.command.unknownProcedure(escapeMrkdwn(args[0]), known)) });
          return;
        }
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: procedure ? intakeModal(procedure, locale) : chooserModal(locale) });
        return;
      }
      case 'status': {
        const key = parseCaseKey(args[0] ?? '');
        if (!key) {
          await ack({ response_type: 'ephemeral', text: m.command.statusNeedsKey });
          return;
        }
        await answerLater('status', async () => {
          const found = await services.cases.record(key);
          if (!found) {
            log.warn({ caseId: key }, 'status of an unknown case');
            return { text: m.command.statusNotFound(key) };
          }
          return caseStatus(findProcedure(found.case.procedure)!, found.case, found.history, locale, found.mails, found.issued);
        });
        return;
      }
      case 'link': {
        const [usageKey, certKey] = [parseCaseKey(args[0] ?? ''), args[1] ?? ''];
        if (!usageKey || !certKey) {
          await ack({ response_type: 'ephemeral', text: m.link.usage });
          return;
        }
        await answerLater('link', async () => {
          const found = await services.cases.findByKey(usageKey);
          if (!found) return { text: m.refusal.notFound(usageKey) };
          const result = await services.applyAction({
            caseKey: found.key,
            expectedVersion: found.version,
            actionId: LINK_ACTION,
            actor: await services.roles.actorFor(command.user_id),
            form: { linked_certification: certKey },
          });
          log.info({ caseId: found.key, outcome: result.kind }, 'link command');
          return { text: linkResultText(result, found.key, locale, services.roles.laneHolders()) };
        });
        return;
      }
      case 'list':
      case 'search': {
        const search = sub.toLowerCase() === 'search';
        if (search && args.length === 0) {
          await ack({ response_type: 'ephemeral', text: m.command.searchNeedsText });
          return;
        }
        await answerLater(sub, () => caseListPage(services, { words: args.slice(0, 20), search, page: 0 }, locale));
        return;
      }
      case 'admin': {
        if (!(await reviewerOnly('admin'))) return;
        if (args[0] !== 'retry-dead') {
          await ack({ response_type: 'ephemeral', text: m.command.adminUsage });
          return;
        }
        const count = await services.retryDead();
        log.info({ count }, 'dead notifications retried');
        await ack({ response_type: 'ephemeral', text: m.command.retried(count) });
        return;
      }
      case 'export': {
        if (!(await reviewerOnly('export'))) return;
        const parsed = parseCaseFilter(args, true);
        if (!parsed.ok) {
          await ack({ response_type: 'ephemeral', text: `${parsed.message[locale]}\n${m.list.filterHelp}` });
          return;
        }
        await ack({ response_type: 'ephemeral', text: m.command.exporting });
        const dir = await mkdtemp(path.join(tmpdir(), 'mdoc-export-'));
        try {
          const files = await writeExportFiles(services.cases, parsed.filter, dir, services.now().toISOString().slice(0, 10));
          const dm = (await client.conversations.open({ users: command.user_id })).channel?.id;
          await client.filesUploadV2({
            channel_id: dm!,
            initial_comment: m.command.exported(files.cases, files.transitions),
            file_uploads: [
              { file: files.casesPath, filename: path.basename(files.casesPath) },
              { file: files.transitionsPath, filename: path.basename(files.transitionsPath) },
            ],
          });
          log.info({ cases: files.cases, transitions: files.transitions }, 'export sent');
        } catch (error) {
          log.error({ err: (error as Error).message }, 'export failed');
          await client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, text: m.command.exportFailed });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
        return;
      }
      case 'docs': {
        if (!(await reviewerOnly('docs'))) return;
        if (args[0] === 'reload') {
          await answerLater('docs reload', async () => {
            const scan = await services.documents.reload();
            log.info({ loaded: scan.loaded.length, unchanged: scan.unchanged.length, unmatched: scan.unmatched, refused: scan.refused.length }, 'document folder read again');
            const d = m.documents;
            const list = (items: string[]) => items.map(escapeMrkdwn).join(m.common.listSeparator);
            const lines = [
              d.reloaded(scan.loaded.length, scan.unchanged.length),
              ...(scan.unmatched.length ? [d.unmatched(list(scan.unmatched))] : []),
              ...(scan.refused.length ? [d.refused(list(scan.refused.map((r) => `${r.file}${m.common.aside(r.reason)}`)))] : []),
            ];
            return { text: lines.join('\n') };
          });
          return;
        }
        await answerLater('docs', async () => {
          const { current, unmatched } = await services.documents.list();
          return documentList(current, unmatched, locale);
        });
        return;
      }
      case 'help':
        await ack({ response_type: 'ephemeral', ...helpMessage() });
        return;
      default:
        await ack({ response_type: 'ephemeral', ...helpMessage(m.command.unknownSubcommand(escapeMrkdwn(sub))) });
    }
  });
}
