// The files chosen in an action modal for the documents the action issues: one file input per document,
// named after it. What Slack says of each file is checked first, without fetching anything, so that an
// obvious mistake is refused at once; then each file is fetched (bot token, up to the limit) and checked
// by its bytes. The result is what the transition stores and the mail attaches.
import { z } from 'zod';
import type { IncomingFile } from '../cases/case-files.js';
import { checkIssuedContent, megabytes, PDF_CONTENT_TYPE, refuseByFacts } from '../documents/issued-file.js';
import { localText, type LocalText } from '../i18n/messages.js';
import { plainFileName } from '../web/form-body.js';
import { FileTooLarge } from './download-file.js';

const slackFile = z.object({
  id: z.string().regex(/^F[A-Z0-9]+$/),
  name: z.string().nullish(),
  mimetype: z.string().nullish(),
  filetype: z.string().nullish(),
  size: z.number().nullish(),
});
const fileInputs = z.object({ values: z.record(z.string(), z.record(z.string(), z.looseObject({ files: z.array(slackFile).max(10).nullish() }))) });

export interface ChosenFile {
  document: string;
  fileId: string;
}

export type FileErrors = Record<string, LocalText>;

/** Each document's one chosen file, or why it cannot be taken (errors keyed by the document's input). */
export function chosenFiles(state: unknown, documents: readonly string[], limitBytes: number): { chosen: ChosenFile[]; errors: FileErrors } {
  const values = fileInputs.safeParse(state).data?.values ?? {};
  const chosen: ChosenFile[] = [];
  const errors: FileErrors = {};
  for (const document of documents) {
    const files = values[document]?.[document]?.files ?? [];
    if (files.length === 0) errors[document] = localText((m) => m.validation.issuedFileMissing(document));
    else if (files.length > 1) errors[document] = localText((m) => m.issued.pickOne);
    else {
      const refusal = refuseByFacts(files[0]!, limitBytes);
      if (refusal) errors[document] = refusal.message;
      else chosen.push({ document, fileId: files[0]!.id });
    }
  }
  return { chosen, errors };
}

/** Fetches a file a person uploaded in Slack, reading at most `maxBytes`. */
export type FetchSlackFile = (fileId: string, maxBytes: number) => Promise<{ name: string; content: Buffer }>;

/** The chosen files fetched and checked by their bytes. `onFailure` hears of a fetch that failed. */
export async function fetchChosen(fetchFile: FetchSlackFile, chosen: readonly ChosenFile[], limitBytes: number, onFailure: (error: Error) => void): Promise<{ files: IncomingFile[]; errors: FileErrors }> {
  const files: IncomingFile[] = [];
  const errors: FileErrors = {};
  await Promise.all(
    chosen.map(async ({ document, fileId }) => {
      let fetched: { name: string; content: Buffer };
      try {
        fetched = await fetchFile(fileId, limitBytes);
      } catch (error) {
        if (error instanceof FileTooLarge) errors[document] = localText((m) => m.issued.tooLarge(megabytes(limitBytes)));
        else {
          onFailure(error as Error);
          errors[document] = localText((m) => m.issued.unreadable);
        }
        return;
      }
      const fileName = plainFileName(fetched.name);
      const checked = await checkIssuedContent(fileName, fetched.content, limitBytes);
      if (!checked.ok) errors[document] = checked.message;
      else files.push({ fileName, contentType: PDF_CONTENT_TYPE, content: fetched.content, document });
    }),
  );
  // In the order the documents were chosen, whichever download finished first.
  return { files: chosen.flatMap((c) => files.filter((f) => f.document === c.document)), errors };
}
