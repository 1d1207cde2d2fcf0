// What the web pages may call: the same use cases a Slack click calls, the applications waiting for
// confirmation, the links, and the limits. Never Prisma directly.
import type { ApplyActionOptions, ApplyActionResult } from '../cases/apply-action.js';
import type { CaseRepository } from '../cases/case-repository.js';
import type { IssuedFiles } from '../cases/issued-files.js';
import type { CertificateRegistry } from '../certificates/certificate-registry.js';
import type { OpenCaseOptions, OpenCaseResult } from '../cases/open-case.js';
import type { Logger } from '../logger.js';
import type { Applications } from './applications.js';
import type { CaseLinks } from './case-links.js';
import type { TokenSigner } from './link-tokens.js';

export interface WebLimits {
  /** One uploaded file. */
  maxFileBytes: number;
  /** A whole upload request (every file and field). */
  maxUploadBytes: number;
  /** Requests per client IP per window on /apply, confirmations and uploads. */
  rate: { limit: number; windowMs: number };
  /** How long a web application waits for its confirmation. */
  applicationHours: number;
  /** Confirmation mails to one address (one mailbox: any case, any +tag) per window, counted in Postgres across processes. */
  mailsPerAddress: { limit: number; windowMs: number };
}

export const DEFAULT_WEB_LIMITS: WebLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxUploadBytes: 25 * 1024 * 1024,
  rate: { limit: 60, windowMs: 60_000 },
  applicationHours: 72,
  mailsPerAddress: { limit: 3, windowMs: 3_600_000 },
};

export interface WebDeps {
  cases: Pick<CaseRepository, 'findById' | 'findByKey' | 'history' | 'transitionAt'>;
  openCase(options: OpenCaseOptions): Promise<OpenCaseResult>;
  applyAction(options: ApplyActionOptions): Promise<ApplyActionResult>;
  applications: Applications;
  links: CaseLinks;
  /** The documents issued to a case: listed and downloaded on its page. */
  issued: Pick<IssuedFiles, 'list' | 'download'>;
  /** The certificates /verify shows. */
  certificates: Pick<CertificateRegistry, 'find'>;
  signer: TokenSigner;
  /** Whether PUBLIC_BASE_URL is https (cookies are then Secure, and HSTS is sent). */
  https: () => boolean;
  logger: Logger;
  limits: WebLimits;
  /** Something was queued in the outbox (the confirmation mail): the worker may look at once. */
  onEnqueued?: () => void;
  now?: () => Date;
}
