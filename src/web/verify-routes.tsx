// /verify/<certificate number>: GET shows the public record of the certificate; POST compares a PDF with
// the one issued, by SHA-256 in the server, and stores nothing. Unknown numbers answer 404 with the
// page's own text. The rate limit and the CSRF token are the web door's own (web-app.ts, csrf.ts).
import type { Context, Hono } from 'hono';
import type { Certificate } from '../certificates/certificate-registry.js';
import { sha256Of } from '../documents/document-library.js';
import { megabytes, SLACK_FILE_INPUT_BYTES } from '../documents/issued-file.js';
import { reference } from '../forms/validators.js';
import { csrfValid, CSRF_FIELD } from './csrf.js';
import { fieldOf, readFormBody } from './form-body.js';
import { FORM_EXPIRED } from './pages/error-pages.js';
import { UnknownCertificatePage, VERIFY_FILE_FIELD, VerifyPage, verifyPath, type PdfCheck } from './pages/verify-page.js';
import { sendError, sendPage } from './respond.js';
import type { WebDeps } from './web-deps.js';
import type { WebEnv } from './web-env.js';

export const VERIFY_ROUTE = '/verify/:number';

/** An issued certificate is never larger than a Slack file input takes: a larger upload cannot match. */
const MAX_PDF_BYTES = SLACK_FILE_INPUT_BYTES;

const TITLE = '確認用PG認定の確認';

export function registerVerifyRoutes(app: Hono<WebEnv>, deps: Pick<WebDeps, 'certificates' | 'signer' | 'logger'>): void {
  const log = deps.logger.child({ component: 'web' });

  /** The certificate the address names, or the 404 page. Numbers are compared as the (4)-d form stores them. */
  async function certificateOf(c: Context<WebEnv>): Promise<Certificate | Response> {
    const raw = c.req.param('number') ?? '';
    const checked = reference(raw);
    const found = checked.ok ? await deps.certificates.find(checked.value) : undefined;
    if (found) return found;
    log.info({ number: raw.slice(0, 60) }, 'verification of an unknown certificate number');
    return sendPage(c, '認定が見つかりません', <UnknownCertificatePage number={[...(checked.ok ? checked.value : raw)].slice(0, 60).join('')} />, 404);
  }

  app.get(VERIFY_ROUTE, async (c) => {
    const certificate = await certificateOf(c);
    if (certificate instanceof Response) return certificate;
    return sendPage(c, TITLE, <VerifyPage certificate={certificate} csrf={c.var.csrfToken} />);
  });

  app.post(VERIFY_ROUTE, async (c) => {
    const certificate = await certificateOf(c);
    if (certificate instanceof Response) return certificate;
    const body = await readFormBody(c.req.raw, { maxBytes: MAX_PDF_BYTES + 64 * 1024, maxFileBytes: MAX_PDF_BYTES, maxFieldBytes: 4 * 1024, maxParts: 5 });
    if (!csrfValid(c, deps.signer, fieldOf(body, CSRF_FIELD))) return sendError(c, FORM_EXPIRED(verifyPath(certificate.number)), 403);
    const file = body.files.find((f) => f.field === VERIFY_FILE_FIELD);
    let check: PdfCheck;
    if (body.oversized.includes(VERIFY_FILE_FIELD)) check = { kind: 'too_large', limitMb: megabytes(MAX_PDF_BYTES) };
    else if (!file || file.content.length === 0) check = { kind: 'missing' };
    else {
      // Compared in memory and forgotten: nothing of the file is stored or logged but its size and the outcome.
      const sha256 = sha256Of(file.content);
      check = { kind: sha256 === certificate.sha256 ? 'match' : 'mismatch', sha256 };
    }
    log.info({ number: certificate.number, outcome: check.kind, size: file?.content.length }, 'a PDF was checked against an issued certificate');
    return sendPage(c, TITLE, <VerifyPage certificate={certificate} csrf={c.var.csrfToken} check={check} />, check.kind === 'missing' || check.kind === 'too_large' ? 422 : 200);
  });
}
