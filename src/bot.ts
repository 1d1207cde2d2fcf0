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
import { shortestInterval } from './outbox/deferral-spread.js';
import { createSlackApp } from './slack/app.js';
import { DEFAULT_BACKLOG, createBacklog } from './slack/backlog.js';
import { homePublish } from './cases/notifications.js';
import { createHomePublisher } from './delivery/home-publisher.js';
import { createScheduler, type Scheduler } from './schedule/scheduler.js';
import { createSlackUsers } from './users/slack-users.js';
import { laneMentions } from './slack/views/lane-mentions.js';
import { verifySlackToken } from './slack/verify-token.js';
import { createWebDoor } from './web/web-door.js';
import type { WebLimits } from './web/web-deps.js';
import type { OpenCaseOptions } from './cases/open-case.js';
import type { ApplyActionOptions } from './cases/apply-action.js';
import { createDocumentLibrary } from './documents/document-library.js';
import { loadDocumentsFolder, unmatchedFiles } from './documents/folder-loader.js';
import { loadDocumentFile } from './documents/load-document.js';
import { linkInbound } from './inbound/link-inbound.js';
import { intakeValuesFrom } from './inbound/intake-values.js';
import { createCaseFileRepository } from './cases/case-file-repository.js';
import { createIssuedFiles } from './cases/issued-files.js';
import { uniqueValueHolder } from './cases/unique-values.js';
import { SLACK_FILE_INPUT_BYTES } from './documents/issued-file.js';
import { createInboundRepository } from './inbound/inbound-repository.js';
import { createMessageTaker } from './inbound/take-message.js';
import { createMessageRefuser } from './inbound/refuse-message.js';
import type { RetryPolicy } from './inbound/message-retries.js';
import { createSentMails } from './inbound/sent-mails.js';
import { createContactRepository } from './cases/contact-repository.js';
import { createUndeliveredMarks } from './cases/undelivered-marks.js';
import { addSenderContact } from './cases/add-contact.js';
import { clearBounceMark } from './cases/clear-bounce.js';
import { createMessageIds } from './mail/message-ids.js';
import { storedSecret } from './db/app-secrets.js';
import { deskAddressOf } from './inbound/match-case.js';
import { createImapSource } from './inbound/imap-source.js';
import { createFolderSource } from './inbound/folder-source.js';
import type { MailSource } from './inbound/mail-source.js';
import { createBotMetrics } from './metrics/bot-metrics.js';
import { readOutboxByKind } from './metrics/outbox-gauges.js';

export interface Bot {
  /** The HTTP port actually bound (PORT=0 picks a free one). */
  port: number;
  db: Database;
  worker: OutboxWorker;
  scheduler: Scheduler;
  /** Where mail comes in: the desk mailbox, or the inbox folder. */
  mailSource: MailSource;
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
  /** The web door's limits (tests raise the per-IP rate limit: every request of theirs comes from 127.0.0.1). */
  webLimits?: Partial<WebLimits>;
  /** How often the inbox folder (or, without IDLE, the mailbox) is looked at. */
  inboundPollMs?: number;
  /** How often, and after what pauses, a message that fails is tried before it is refused. */
  inboundRetry?: RetryPolicy;
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
  const metrics = createBotMetrics({ readOutbox: readOutboxByKind(db.prisma) });
  const slackForGroups = new WebClient(config.slack.botToken, slackClientOptions(config, logger, options.slackRetries ?? 2));
  metrics.watchClient(slackForGroups);
  const roles = createRoleDirectory({
    lists: config.roles,
    groupMembers: async (usergroup) => (await slackForGroups.usergroups.users.list({ usergroup })).users ?? [],
    onGroupError: (group, error) => logger.warn({ group, err: error.message }, 'could not resolve a user group; its members hold no role'),
  });
  for (const lane of roles.unstaffedLanes()) logger.warn({ lane }, 'no user holds the role for this lane: nobody can act there');

  const clientOptions = slackClientOptions(config, logger, options.slackRetries ?? 2);
  const slack = new WebClient(config.slack.botToken, clientOptions);
  metrics.watchClient(slack);
  const identity = await verifySlackToken(slack, logger);
  const mail = createMailTransport({ smtpUrl: config.smtpUrl, dataDir: config.dataDir, from: config.mailFrom, logger });
  const outbox = createOutboxRepository(db.prisma);
  const library = createDocumentLibrary(db.prisma);
  const inbound = createInboundRepository(db.prisma);
  const contacts = createContactRepository(db.prisma);
  const undelivered = createUndeliveredMarks(db.prisma);
  // The bot's own Message-IDs carry a tag under a key kept in the database (issue 15).
  const messageIds = createMessageIds(await storedSecret(db.prisma, 'message_id_secret'));
  const deskAddress = deskAddressOf(config.mailFrom);
  const documents = { library, limitBytes: config.documents.attachmentLimitBytes };
  const issued = createIssuedFiles(db.prisma);
  const scan = await loadDocumentsFolder(config.documents.dir, library);
  logger.info({ dir: config.documents.dir, loaded: scan.loaded.length, unchanged: scan.unchanged.length }, 'document folder read');
  for (const file of scan.unmatched) logger.warn({ file }, 'a file in the document folder matches no declared document');
  for (const { file, reason } of scan.refused) logger.warn({ file, reason }, 'a file in the document folder was refused');
  const users = createSlackUsers({
    prisma: db.prisma,
    logger,
    fetchLocale: async (user) => (await slack.users.info({ user, include_locale: true })).user?.locale,
  });
  const home = createHomePublisher({ cases, roles, users, clock: options.clock });
  const pacing = options.pacing ?? DEFAULT_PACING;
  const pacer = createSlackPacer(db.prisma, pacing);
  // Wakes the outbox after a commit. `worker` is read when this runs, after it exists.
  const onCommitted = () => worker.nudge();
  // The use cases, shared by Slack and the web door.
  const openCaseUse = (o: OpenCaseOptions) => openCase({ cases, inbound, onCommitted, now: options.clock }, o).then(metrics.transitionOf);
  const applyActionUse = (o: ApplyActionOptions) =>
    applyAction(
      { cases, operatorEmail: config.operatorEmail, documents, issued, holderOf: uniqueValueHolder(db.prisma), onCommitted, selfApprovalAllowed: config.allowSelfApproval, now: options.clock },
      o,
    ).then(metrics.transitionOf);
  // The applicant's web door (issue #11): its pages are served next to /slack/events, its personal link
  // goes into every mail to the applicant, its confirmation mails go through the outbox.
  let boundPort = config.port;
  const web = await createWebDoor({
    config,
    prisma: db.prisma,
    cases,
    logger,
    now: options.clock,
    baseUrl: () => config.web.publicBaseUrl ?? `http://localhost:${boundPort}`,
    openCase: openCaseUse,
    applyAction: applyActionUse,
    onEnqueued: onCommitted,
    limits: options.webLimits,
    issued,
  });
  // Acknowledged work and the outbox's deliveries wait while Slack's requests arrive (slack/backlog.ts).
  const backlog = createBacklog(DEFAULT_BACKLOG, (error) => logger.error({ err: error.message }, 'acknowledged work failed'));
  const worker = createOutboxWorker({
    giveWay: backlog.turn,
    outbox: metrics.countingOutbox(outbox),
    deliver: web.delivering(createDeliverer({ cases, outbox, home, localeFor: (user) => users.localeFor(user), slack, pacer, mail, reviewerChannel: config.reviewerChannel, mailFrom: config.mailFrom, deskAddress, messageIds, undelivered, documents: library, caseFiles: createCaseFileRepository(db.prisma), issued, verificationLink: web.verificationLink, inbound, caseLink: web.caseLink, logger, clock: options.clock, mentions: laneMentions(config.roles), holders: roles.laneHolders() }), mail, messageIds),
    logger,
    maxAttempts: config.outboxMaxAttempts,
    pacedSlotMs: shortestInterval(pacing.intervals),
    ...options.outbox,
  });
  const take = createMessageTaker({
    inbound,
    cases,
    deskAddress,
    limitBytes: config.inbound.limitBytes,
    logger,
    onCommitted,
    onTaken: metrics.inboundTaken,
    messageIds,
    sentMails: createSentMails(db.prisma),
    contacts,
    authservId: config.inbound.authservId,
  });
  const refuse = createMessageRefuser({ inbound, logger, onCommitted, onTaken: metrics.inboundTaken });
  const sourceOptions = { take, refuse, logger, retry: options.inboundRetry, ...(options.inboundPollMs ? { pollMs: options.inboundPollMs } : {}) };
  const mailSource = config.inbound.imapUrl
    ? createImapSource({ url: config.inbound.imapUrl, doneFolder: config.inbound.doneFolder, failedFolder: config.inbound.failedFolder, ...sourceOptions })
    : createFolderSource({ dir: config.inbound.inboxDir, ...sourceOptions });
  const scheduler = createScheduler({ prisma: db.prisma, logger, clock: options.clock, pollMs: options.schedulerPollMs, onEnqueued: onCommitted });

  const app = createSlackApp({
    config,
    logger,
    clientOptions,
    identity,
    healthy: () => db.prisma.$queryRaw`SELECT 1`.then(() => true, () => false),
    routes: [...web.routes, metrics.route(config.metrics.token, logger)],
    fallback: web.fallback,
    backlog,
    services: {
      openCase: openCaseUse,
      applyAction: applyActionUse,
      async revokeApplicantLink(key, by) {
        const found = await cases.findByKey(key);
        if (found) await web.revoke(found.id, by);
        return Boolean(found);
      },
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
      issued: {
        // Within the mail's attachment limit, and within what Slack's file input takes at all.
        limitBytes: Math.min(config.documents.attachmentLimitBytes, SLACK_FILE_INPUT_BYTES),
      },
      documents: {
        list: async () => ({ current: await library.current(), unmatched: await unmatchedFiles(config.documents.dir) }),
        reload: () => loadDocumentsFolder(config.documents.dir, library),
        load: (file) => loadDocumentFile(library, file),
      },
      inbound: {
        link: (o) => linkInbound({ cases, inbound, contacts, onCommitted }, o),
        addContact: async ({ inboundId, userId }) => addSenderContact({ inbound, cases, contacts, onCommitted, now: options.clock }, { inboundId, actor: await roles.actorFor(userId) }),
        clearBounce: async ({ inboundId, userId }) => clearBounceMark({ inbound, cases, marks: undelivered, onCommitted }, { inboundId, actor: await roles.actorFor(userId) }),
        async intakeFrom(id) {
          const row = await inbound.find(id);
          return row && { values: intakeValuesFrom(row), preparation: row.outcome === 'preparation' };
        },
      },
    },
  });
  metrics.watchApp(app);
  const server = (await app.start(config.port)) as Server | undefined;
  const port = (server?.address() as AddressInfo | null)?.port ?? config.port;
  boundPort = port;
  worker.start();
  if (options.schedule ?? true) scheduler.start();
  mailSource.start();
  logger.info({ port, mode: config.slack.appToken ? 'socket' : 'http' }, 'mdoc desk is running');

  return {
    port,
    db,
    worker,
    scheduler,
    mailSource,
    async stop() {
      await mailSource.stop();
      await app.stop();
      await scheduler.stop();
      await worker.stop();
      mail.close();
      await db.close();
    },
  };
}
