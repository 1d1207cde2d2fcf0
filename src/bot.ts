// Composition: config → database → outbox → Slack app. Used by main.ts, the tests and the benchmark,
// so that they all run the same bot.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { applyAction } from './cases/apply-action.js';
import { createCaseRepository } from './cases/case-repository.js';
import { openCase } from './cases/open-case.js';
import { createRoleDirectory } from './cases/role-directory.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/open-database.js';
import { createDeliverer } from './delivery/deliver-notification.js';
import { boltLogger, type Logger } from './logger.js';
import { createMailTransport } from './mail/mail-transport.js';
import { createOutboxRepository } from './outbox/outbox-repository.js';
import { DEFAULT_PACING, createSlackPacer, type SlackPacerOptions } from './outbox/slack-pacer.js';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from './outbox/worker.js';
import { createSlackApp } from './slack/app.js';
import { homePublish } from './cases/notifications.js';
import { createHomePublisher } from './delivery/home-publisher.js';
import { createScheduler, type Scheduler } from './schedule/scheduler.js';
import { createSlackUsers } from './users/slack-users.js';
import { laneMentions } from './slack/views/lane-mentions.js';
import { verifySlackToken } from './slack/verify-token.js';

export interface Bot {
  /** The HTTP port actually bound (PORT=0 picks a free one). */
  port: number;
  db: Database;
  worker: OutboxWorker;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

export interface BotOptions {
  /** Tuning for tests: shorter polls and backoff, no Web API retries. */
  outbox?: Partial<Pick<OutboxWorkerOptions, 'pollMs' | 'backoff' | 'batchSize' | 'leaseMs' | 'workerId'>>;
  slackRetries?: number;
  /** Slack call pacing; Slack's own limits by default. */
  pacing?: SlackPacerOptions;
  /** The clock that deadlines count from; tests set it in the past to reach a deadline at once. */
  clock?: () => Date;
  /** How often the daily jobs look whether they are due. */
  schedulerPollMs?: number;
  /** Run the daily jobs on their own (default). Tests that are not about them turn this off. */
  schedule?: boolean;
}

function slackClientOptions(config: Config, logger: Logger, retries: number): WebClientOptions {
  const apiUrl = config.slack.apiUrl;
  return {
    logger: boltLogger(logger),
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    // The outbox owns retries and honours Retry-After itself; the client must not stall its queue.
    retryConfig: { retries, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    rejectRateLimitedCalls: true,
  };
}

export async function startBot(config: Config, logger: Logger, options: BotOptions = {}): Promise<Bot> {
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, logger });
  const cases = createCaseRepository(db.prisma, options.clock);
  const slackForGroups = new WebClient(config.slack.botToken, slackClientOptions(config, logger, options.slackRetries ?? 2));
  const roles = createRoleDirectory({
    lists: config.roles,
    groupMembers: async (usergroup) => (await slackForGroups.usergroups.users.list({ usergroup })).users ?? [],
    onGroupError: (group, error) => logger.warn({ group, err: error.message }, 'could not resolve a user group; its members hold no role'),
  });
  for (const lane of roles.unstaffedLanes()) logger.warn({ lane }, 'no user holds the role for this lane: nobody can act there');

  const clientOptions = slackClientOptions(config, logger, options.slackRetries ?? 2);
  const slack = new WebClient(config.slack.botToken, clientOptions);
  const identity = await verifySlackToken(slack, logger);
  const mail = createMailTransport({ smtpUrl: config.smtpUrl, dataDir: config.dataDir, from: config.mailFrom, logger });
  const outbox = createOutboxRepository(db.prisma);
  const users = createSlackUsers({
    prisma: db.prisma,
    logger,
    fetchLocale: async (user) => (await slack.users.info({ user, include_locale: true })).user?.locale,
  });
  const home = createHomePublisher({ cases, roles, users, clock: options.clock });
  const pacer = createSlackPacer(db.prisma, options.pacing ?? DEFAULT_PACING);
  const worker = createOutboxWorker({
    outbox,
    deliver: createDeliverer({ cases, outbox, home, localeFor: (user) => users.localeFor(user), slack, pacer, mail, reviewerChannel: config.reviewerChannel, mailFrom: config.mailFrom, logger, clock: options.clock, mentions: laneMentions(config.roles) }),
    logger,
    maxAttempts: config.outboxMaxAttempts,
    ...options.outbox,
  });
  const onCommitted = () => worker.nudge();
  const scheduler = createScheduler({ prisma: db.prisma, logger, clock: options.clock, pollMs: options.schedulerPollMs, onEnqueued: onCommitted });

  const app = createSlackApp({
    config,
    logger,
    clientOptions,
    identity,
    healthy: () => db.prisma.$queryRaw`SELECT 1`.then(() => true, () => false),
    services: {
      openCase: (o) => openCase({ cases, onCommitted, now: options.clock }, o),
      applyAction: (o) => applyAction({ cases, operatorEmail: config.operatorEmail, onCommitted, selfApprovalAllowed: config.allowSelfApproval, now: options.clock }, o),
      cases,
      roles,
      retryDead: () => outbox.retryDead().then((n) => (worker.nudge(), n)),
      localeFor: (user) => users.localeFor(user),
      now: options.clock ?? (() => new Date()),
      async homeOpened(user) {
        await users.homeOpened(user);
        await outbox.add([homePublish(user)]);
        worker.nudge();
      },
    },
  });
  const server = (await app.start(config.port)) as Server | undefined;
  const port = (server?.address() as AddressInfo | null)?.port ?? config.port;
  worker.start();
  if (options.schedule ?? true) scheduler.start();
  logger.info({ port, mode: config.slack.appToken ? 'socket' : 'http' }, 'mdoc desk is running');

  return {
    port,
    db,
    worker,
    scheduler,
    async stop() {
      await app.stop();
      await scheduler.stop();
      await worker.stop();
      mail.close();
      await db.close();
    },
  };
}
