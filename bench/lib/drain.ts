// Outbox drain: notifications across many channels, with a stand-in that answers 429 to more than one
// chat.postMessage per channel per pace interval, as Slack does (at a faster pace, so the run is short).
import { createPrisma } from '../../src/db/prisma.js';
import { createOutboxRepository } from '../../src/outbox/outbox-repository.js';
import { createStandInWorker } from '../../test/helpers/outbox-worker.js';
import { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';

export interface DrainResult {
  notifications: number;
  channels: number;
  paceMs: number;
  drain: number;
  minimum: number;
  ratio: number;
  rateLimited: number;
  dead: number;
}

export async function drainOutbox(url: string, channels: number, perChannel: number, paceMs: number): Promise<DrainResult> {
  const slack = await new SlackApiStandIn().start();
  slack.paceMs = paceMs;
  const prisma = createPrisma(url, 20);
  const outbox = createOutboxRepository(prisma);
  const worker = createStandInWorker({ prisma, slackUrl: slack.url, pacing: { intervals: { 'chat.postMessage': paceMs }, maxWaitMs: 4 * paceMs }, maxAttempts: 20, batchSize: channels, pollMs: 5 });
  const started = performance.now();
  worker.start();
  while ((await outbox.dueSoonCount()) > 0) await new Promise((r) => setTimeout(r, 50));
  const drain = (performance.now() - started) / 1000;
  await worker.stop();
  const [dead] = await prisma.$queryRaw<[{ n: number }]>`SELECT count(*)::int AS n FROM notifications WHERE dead_at IS NOT NULL`;
  await prisma.$disconnect();
  await slack.stop();
  // Each channel needs perChannel posts, one pace interval apart: (perChannel − 1) intervals at least.
  const minimum = ((perChannel - 1) * paceMs) / 1000;
  return {
    notifications: channels * perChannel,
    channels,
    paceMs,
    drain: Math.round(drain * 100) / 100,
    minimum: Math.round(minimum * 100) / 100,
    ratio: Math.round((drain / minimum) * 100) / 100,
    rateLimited: slack.rateLimited,
    dead: dead.n,
  };
}
