// /c/<token>/documents/<id>: a document issued to the case (its 承諾書, 認定書, test result), downloaded
// from the applicant's own page behind the same signed link as the page. GET only reads.
import type { Hono } from 'hono';
import { issuedFileName } from '../cases/issued-files.js';
import { PDF_CONTENT_TYPE } from '../documents/issued-file.js';
import { GONE, NOT_FOUND } from './pages/error-pages.js';
import { sendError } from './respond.js';
import type { WebDeps } from './web-deps.js';
import type { WebEnv } from './web-env.js';

export const ISSUED_ROUTE = '/c/:token/documents/:file';

export const issuedFilePath = (token: string, id: number) => `/c/${token}/documents/${id}`;

/** `attachment`, with the document's Japanese name for browsers that read RFC 6266, and a plain one for the rest. */
function disposition(document: string): string {
  return `attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(issuedFileName(document))}`;
}

export function registerIssuedRoutes(app: Hono<WebEnv>, deps: Pick<WebDeps, 'links' | 'issued'>): void {
  app.get(ISSUED_ROUTE, async (c) => {
    const link = await deps.links.resolve(c.req.param('token'));
    if (link.kind === 'unknown') return sendError(c, NOT_FOUND, 404);
    if (link.kind === 'gone') return sendError(c, GONE, 410);
    const id = Number(c.req.param('file'));
    const file = Number.isSafeInteger(id) && id > 0 ? await deps.issued.download(link.case.id, id) : undefined;
    if (!file) return sendError(c, NOT_FOUND, 404);
    return c.body(new Uint8Array(file.content), 200, { 'Content-Type': PDF_CONTENT_TYPE, 'Content-Disposition': disposition(file.document) });
  });
}
