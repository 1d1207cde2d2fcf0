// An outbox worker wired to the Web API stand-in and an SMTP server, the way bot.ts wires the real one,
// for tests, the crash-test child process and the drain benchmark.
import { WebClient } from '@slack/web-api';
import { createCaseRepository } from '../../src/cases/case-repository.js';
import type { PrismaClient } from '../../src/db/prisma.js';
import { createDeliverer } from '../../src/delivery/deliver-notification.js';
import { createHomePublisher } from '../../src/delivery/home-publisher.js';
import { createRoleDirectory } from '../../src/cases/role-directory.js';
import { createSlackUsers } from '../../src/users/slack-users.js';
import { createLogger } from '../../src/logger.js';
import { createMailTransport } from '../../src/mail/mail-transport.js';
import { createOutboxRepository } from '../../src/outbox/outbox-repository.js';
import { createSlackPacer, type SlackPacerOptions } from '../../src/outbox/slack-pacer.js';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../../src/outbox/worker.js';
import { shortestInterval } from '../../src/outbox/deferral-spread.js';
import { waitFor } from './wait-for.js';
import { createIssuedFiles } from '../../src/cases/issued-files.js';
import { createDocumentLibrary } from '../../src/documents/document-library.js';
import { createCaseFileRepository } from '../../src/cases/case-file-repository.js';
import { createInboundRepository } from '../../src/inbound/inbound-repository.js';
import { standInMessageIds } from './message-taker.js';
import { createUndeliveredMarks } from '../../src/cases/undelivered-marks.js';

export interface StandInWorkerOptions extends Partial<Pick<OutboxWorkerOptions, 'workerId' | 'maxAttempts' | 'batchSize' | 'leaseMs' | 'pollMs' | 'backoff'>> {
  prisma: PrismaClient;
  slackUrl: string;
  /** Unset: mails become files under .data/test. */
  smtpUrl?: string;
  /** Off unless given. */
  pacing?: SlackPacerOptions;
}

export function createStandInWorker({ prisma, slackUrl, smtpUrl, pacing, ...options }: StandInWorkerOptions): OutboxWorker {
  const logger = createLogger('silent');
  const outbox = createOutboxRepository(prisma);
  const cases = createCaseRepository(prisma);
  const slack = new WebClient('xoxb-test', { slackApiUrl: slackUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  // Nobody holds a role here and nobody has opened Home: the Home fan-out finds no audience.
  const roles = createRoleDirectory({ lists: { reviewer: [], operator: [], test_lab: [] } });
  const users = createSlackUsers({ prisma, logger, fetchLocale: async () => undefined });
  return createOutboxWorker({
    outbox,
    deliver: createDeliverer({
      cases,
      outbox,
      home: createHomePublisher({ cases, roles, users }),
      localeFor: (user) => users.localeFor(user),
      slack,
      pacer: createSlackPacer(prisma, pacing ?? { intervals: {}, maxWaitMs: 0 }),
      mail: createMailTransport({ smtpUrl, dataDir: '.data/test', from: 'desk@example.go.jp', logger }),
      reviewerChannel: 'C0REVIEW',
      mailFrom: 'desk@example.go.jp',
      deskAddress: 'desk@example.go.jp',
      messageIds: standInMessageIds,
      undelivered: createUndeliveredMarks(prisma),
      documents: createDocumentLibrary(prisma),
      issued: createIssuedFiles(prisma),
      caseFiles: createCaseFileRepository(prisma),
      inbound: createInboundRepository(prisma),
      logger,
    }),
    logger,
    maxAttempts: options.maxAttempts ?? 10,
    pacedSlotMs: pacing && shortestInterval(pacing.intervals),
    backoff: options.backoff ?? { baseMs: 10, capMs: 40 },
    ...options,
  });
}

/** Runs the worker's batches until nothing undelivered is left. */
export async function drainWith(prisma: PrismaClient, worker: OutboxWorker, timeoutMs = 20_000): Promise<void> {
  const outbox = createOutboxRepository(prisma);
  await waitFor(async () => {
    await worker.runOnce();
    return (await outbox.dueSoonCount()) === 0;
  }, 'the outbox to drain', timeoutMs);
}
