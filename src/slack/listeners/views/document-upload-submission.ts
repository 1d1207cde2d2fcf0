// The document modal was submitted with a file. Acknowledged at once (the download can outlast Slack's
// 3 s); the file is then fetched, checked by its content and loaded as the document's new version, and
// the reviewer is told the outcome by DM.
import { z } from 'zod';
import { messages } from '../../../i18n/messages.js';
import { downloadSlackFile } from '../../download-file.js';
import { DOCUMENT_FILE_INPUT, DOCUMENT_UPLOAD_CALLBACK, parseJson } from '../../ids.js';
import type { SlackServices } from '../../services.js';
import { documentAt } from '../../views/documents.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { requestLog } from '../request-log.js';
import type { ListenerRouter } from '../../listener-router.js';

/** Slack's own limit for a file_input. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

const metadataSchema = z.object({ document: z.number().int().min(0) });
const fileStateSchema = z.object({
  values: z.object({ [DOCUMENT_FILE_INPUT]: z.object({ [DOCUMENT_FILE_INPUT]: z.object({ files: z.array(z.object({ id: z.string().regex(/^F[A-Z0-9]+$/) })).max(10).nullish() }) }) }),
});

export function register(app: ListenerRouter, services: SlackServices): void {
  app.view(DOCUMENT_UPLOAD_CALLBACK, async ({ ack, body, view, client, context }) => {
    const user = body.user.id;
    const locale = await services.localeFor(user);
    const m = messages(locale).documents;
    const metadata = metadataSchema.safeParse(parseJson(view.private_metadata));
    const document = metadata.success ? documentAt(metadata.data.document) : undefined;
    const log = requestLog(context).child({ user, document });
    const files = fileStateSchema.safeParse(view.state).data?.values[DOCUMENT_FILE_INPUT]![DOCUMENT_FILE_INPUT]!.files ?? [];
    if (!document) {
      await ack({ response_action: 'errors', errors: { [DOCUMENT_FILE_INPUT]: m.unknownDocument } });
      return;
    }
    if (files.length !== 1) {
      await ack({ response_action: 'errors', errors: { [DOCUMENT_FILE_INPUT]: m.pickOneFile } });
      return;
    }
    if (!(await services.roles.actorFor(user)).roles.has('reviewer')) {
      log.warn('document upload refused: not a reviewer');
      await ack({ response_action: 'errors', errors: { [DOCUMENT_FILE_INPUT]: messages(locale).command.reviewersOnly('docs') } });
      return;
    }
    await ack();
    let text: string;
    try {
      const file = await downloadSlackFile(client, context.botToken ?? '', files[0]!.id, MAX_FILE_BYTES);
      const result = await services.documents.load({ document, fileName: file.name, content: file.content, loadedBy: user });
      log.info({ ok: result.ok, changed: result.ok && result.changed }, 'document file loaded from Slack');
      text = !result.ok ? m.loadFailed(document, result.reason) : result.changed ? m.loaded(document, escapeMrkdwn(file.name), result.version.sha256.slice(0, 8)) : m.unchanged(document);
    } catch (error) {
      log.error({ err: (error as Error).message }, 'could not load a document file from Slack');
      text = m.loadFailed(document, messages(locale).clicks.unavailable);
    }
    await client.chat.postMessage({ channel: user, text }).catch((error: Error) => log.error({ err: error.message }, 'could not tell the outcome'));
  });
}
