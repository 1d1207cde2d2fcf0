// A bot process's outbox worker on its own, for crash tests: it delivers until nothing is due and exits
// 0, unless MDOC_FAILPOINT kills it first.
import { WebClient } from '@slack/web-api';
import { createCaseRepository } from '../../src/cases/case-repository.js';
import { createPrisma } from '../../src/db/prisma.js';
import { createDeliverer } from '../../src/delivery/deliver-notification.js';
import { createLogger } from '../../src/logger.js';
import { createMailTransport } from '../../src/mail/mail-transport.js';
import { createOutboxRepository } from '../../src/outbox/outbox-repository.js';
import { createSlackPacer } from '../../src/outbox/slack-pacer.js';
import { createOutboxWorker } from '../../src/outbox/worker.js';

const env = process.env as Record<string, string>;
const logger = createLogger('silent');
const prisma = createPrisma(env.DATABASE_URL!);
const outbox = createOutboxRepository(prisma);
const worker = createOutboxWorker({
  outbox,
  deliver: createDeliverer({
    cases: createCaseRepository(prisma),
    outbox,
    slack: new WebClient('xoxb-test', { slackApiUrl: env.SLACK_API_URL, retryConfig: { retries: 0 } }),
    pacer: createSlackPacer(prisma, { intervals: {}, maxWaitMs: 0 }),
    mail: createMailTransport({ smtpUrl: env.SMTP_URL, dataDir: '.data/test', from: 'desk@example.go.jp', logger }),
    reviewerChannel: 'C0REVIEW',
    mailFrom: 'desk@example.go.jp',
    logger,
  }),
  logger,
  maxAttempts: 50,
  batchSize: 1,
  leaseMs: Number(env.LEASE_MS ?? 300),
  backoff: { baseMs: 10, capMs: 20 },
});
while ((await outbox.pendingCount()) > 0) await worker.runOnce();
await prisma.$disconnect();
process.exit(0);
