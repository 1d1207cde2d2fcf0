// The applicant's door, composed: the link secret (from MDOC_LINK_SECRET or the database), the signer,
// the links, the applications waiting for confirmation and the Hono app, with what the rest of the bot
// needs from it: routes for the receiver, the personal link for mails, the confirmation mails for the
// outbox, and revocation for the card's menu.
import type { CaseRecord } from '../cases/case.js';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/prisma.js';
import type { Logger } from '../logger.js';
import type { MailTransport } from '../mail/mail-transport.js';
import type { MessageIds } from '../mail/message-ids.js';
import type { Deliver } from '../outbox/worker.js';
import { createApplications } from './applications.js';
import { boltRoutes, fallbackRoute } from './bolt-routes.js';
import { createCaseLinks } from './case-links.js';
import { withConfirmationMails } from './confirmation-mail.js';
import { linkSecret } from './link-secret.js';
import { createTokenSigner } from './link-tokens.js';
import { createWebApp } from './web-app.js';
import { createCertificateRegistry } from '../certificates/certificate-registry.js';
import { verifyPath } from './pages/verify-page.js';
import { DEFAULT_WEB_LIMITS, type WebDeps, type WebLimits } from './web-deps.js';

export interface WebDoorOptions extends Pick<WebDeps, 'cases' | 'openCase' | 'applyAction' | 'onEnqueued' | 'now' | 'issued'> {
  config: Config;
  prisma: PrismaClient;
  cases: WebDeps['cases'] & Parameters<typeof createCaseLinks>[0]['cases'];
  logger: Logger;
  /** PUBLIC_BASE_URL, or http://localhost:<the port bound>. */
  baseUrl: () => string;
  limits?: Partial<WebLimits>;
}

export async function createWebDoor(options: WebDoorOptions) {
  const { config, prisma, logger, baseUrl } = options;
  const { secret, source } = await linkSecret(prisma, config.web.linkSecret);
  logger.info({ source, days: config.web.linkDays }, source === 'environment' ? "applicant links are signed with MDOC_LINK_SECRET" : "applicant links are signed with the secret kept in the database (MDOC_LINK_SECRET is unset)");
  const signer = createTokenSigner(secret);
  const links = createCaseLinks({ prisma, cases: options.cases, signer, baseUrl, days: config.web.linkDays, now: options.now });
  const applications = createApplications(prisma);
  const limits = { ...DEFAULT_WEB_LIMITS, ...options.limits };
  const app = createWebApp({
    cases: options.cases,
    openCase: options.openCase,
    applyAction: options.applyAction,
    applications,
    links,
    issued: options.issued,
    certificates: createCertificateRegistry(prisma),
    signer,
    https: () => baseUrl().startsWith('https:'),
    logger,
    limits,
    onEnqueued: options.onEnqueued,
    now: options.now,
  });
  return {
    app,
    routes: boltRoutes(app),
    /** Every other path: the web door's 404 page (the receiver's own answer under /slack). */
    fallback: fallbackRoute(app),
    links,
    applications,
    /** The public page of a certificate, printed in the mails that send or revoke it. */
    verificationLink: (certificateNumber: string): string => `${baseUrl()}${verifyPath(certificateNumber)}`,
    /** The personal link printed in every mail to the applicant. */
    caseLink: (c: CaseRecord): Promise<string | undefined> => links.linkFor(c),
    /** The outbox's deliverer, with the confirmation mails of web applications. */
    delivering: (deliver: Deliver, mail: MailTransport, messageIds: MessageIds) =>
      withConfirmationMails(deliver, { applications, signer, baseUrl, mail, mailFrom: config.mailFrom, perAddress: limits.mailsPerAddress, messageIds }),
    /** The card's menu: a reviewer revokes the case's links. */
    revoke: (caseId: number, by: string) => links.revoke(caseId, by),
  };
}

export type WebDoor = Awaited<ReturnType<typeof createWebDoor>>;
