// A bot process's outbox worker on its own, for crash tests: it delivers until nothing is due and exits
// 0, unless MDOC_FAILPOINT kills it first.
import { createPrisma } from '../../src/db/prisma.js';
import { createOutboxRepository } from '../../src/outbox/outbox-repository.js';
import { createStandInWorker } from './outbox-worker.js';

const env = process.env as Record<string, string>;
const prisma = createPrisma(env.DATABASE_URL!);
const outbox = createOutboxRepository(prisma);
const worker = createStandInWorker({ prisma, slackUrl: env.SLACK_API_URL!, smtpUrl: env.SMTP_URL, maxAttempts: 50, batchSize: 1, leaseMs: Number(env.LEASE_MS ?? 300) });
while ((await outbox.dueSoonCount()) > 0) await worker.runOnce();
await prisma.$disconnect();
process.exit(0);
