// Inbound throughput: messages a second from the desk mailbox (a real Dovecot) to their posts and files
// in the case thread, Slack pacing aside, against imapflow alone fetching the same messages; and the
// same for a mailbox of mixed real-world-shaped mail with one poison message, against the clean one.
import { ImapFlow } from 'imapflow';
import { createPrisma, type PrismaClient } from '../../src/db/prisma.js';
import { createCaseRepository } from '../../src/cases/case-repository.js';
import { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';
import { createImapSource } from '../../src/inbound/imap-source.js';
import { createInboundRepository } from '../../src/inbound/inbound-repository.js';
import { createMessageRefuser } from '../../src/inbound/refuse-message.js';
import { createLogger } from '../../src/logger.js';
import { ImapServer } from '../../test/helpers/imap-server.js';
import { createStandInWorker } from '../../test/helpers/outbox-worker.js';
import { standInTaker } from '../../test/helpers/message-taker.js';
import { replyMail } from '../../test/helpers/reply-mail.js';
import { mixedMailbox, POISON_SUBJECT } from './mixed-mailbox.js';

export interface InboundResult {
  messages: number;
  /** imapflow alone: one FETCH of every message's source. */
  fetchOnlyPerSecond: number;
  /** The bot: taken and recorded (parsed, matched, one transaction), delivery aside. */
  takenPerSecond: number;
  /** The bot: taken, recorded, posted in the thread with the file uploaded. */
  oursPerSecond: number;
  ratio: number;
}

/** A reply to the case with a 20 KB PDF: a typical returned form. */
function reply(key: string, n: number): string {
  const pdf = Buffer.concat([Buffer.from(`%PDF-1.4\n% form ${n}\n`), Buffer.alloc(20_000, 0x20), Buffer.from('\n%%EOF\n')]);
  return replyMail({ caseKey: key, messageId: `bench-${n}`, n, subject: `Re: [${key}] 申請書の提出 ${n}`, body: `申請書を提出いたします。${n}`, pdf });
}

/**
 * `count` replies spread over `caseKeys`: one case's thread is delivered in order, one post after
 * another, so replies to many cases are what shows the throughput.
 */
export async function measureInbound(url: string, caseKeys: string[], count: number): Promise<InboundResult> {
  const imap = await new ImapServer().start();
  const slack = await new SlackApiStandIn().start();
  const prisma = createPrisma(url, 10);
  try {
    for (let n = 0; n < count; n++) await imap.append(reply(caseKeys[n % caseKeys.length]!, n));

    // imapflow alone: log in, open the mailbox read-only, fetch every source.
    const started = performance.now();
    const client = new ImapFlow({ host: '127.0.0.1', port: imap.port, secure: false, doSTARTTLS: false, auth: { user: imap.user, pass: imap.password }, logger: false });
    await client.connect();
    await client.mailboxOpen('INBOX', { readOnly: true });
    let fetched = 0;
    for await (const message of client.fetch('1:*', { uid: true, source: true })) if (message.source) fetched++;
    await client.logout();
    const fetchOnly = (performance.now() - started) / 1000;
    if (fetched !== count) throw new Error(`imapflow fetched ${fetched} of ${count}`);

    // Ours: the IMAP source, the taker and an outbox worker without pacing, until every post and file is out.
    const { takenSeconds, postedSeconds } = await readMailbox(prisma, slack.url, imap.url, count);
    const uploads = slack.callsOf('files.completeUploadExternal').length;
    if (uploads !== count) throw new Error(`${uploads} uploads for ${count} messages`);
    const perSecond = (seconds: number) => Math.round((count / seconds) * 10) / 10;
    return { messages: count, fetchOnlyPerSecond: perSecond(fetchOnly), takenPerSecond: perSecond(takenSeconds), oursPerSecond: perSecond(postedSeconds), ratio: Math.round((fetchOnly / postedSeconds) * 1000) / 1000 };
  } finally {
    await prisma.$disconnect();
    await slack.stop();
    await imap.stop();
  }
}

interface MailboxRead {
  /** Until every message but the ones expected to be refused is recorded. */
  takenSeconds: number;
  /** Until every message is recorded, refused ones included, and told. */
  recordedSeconds: number;
  /** Until every post, upload and DM line of the messages taken is delivered. */
  postedSeconds: number;
}

/**
 * The IMAP source, the taker, the refuser and an outbox worker without Slack pacing on the mailbox at
 * `imapUrl`, until its `count` messages are recorded and delivered; `refused` of them are expected to
 * be refused after their tries (they are timed apart: their pauses are not throughput).
 */
async function readMailbox(prisma: PrismaClient, slackUrl: string, imapUrl: string, count: number, refused = 0): Promise<MailboxRead> {
  const logger = createLogger('silent');
  const cases = createCaseRepository(prisma);
  const worker = createStandInWorker({ prisma, slackUrl, batchSize: 20, pollMs: 5 });
  const inbound = createInboundRepository(prisma);
  const onCommitted = () => worker.nudge();
  const take = standInTaker(prisma, cases, { inbound, logger, onCommitted });
  const source = createImapSource({ url: imapUrl, take, refuse: createMessageRefuser({ inbound, logger, onCommitted }), logger });
  const since = (await prisma.inboundMessage.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const recorded = (where: object = {}) => prisma.inboundMessage.count({ where: { id: { gt: since }, ...where } });
  const pending = () => prisma.notification.count({ where: { deliveredAt: null, deadAt: null, kind: { in: ['inbound.post', 'inbound.triage', 'inbound.notice', 'files.upload', 'dm.inbound'] } } });
  const begun = performance.now();
  const until = async (done: () => Promise<boolean>) => {
    while (!(await done())) await new Promise((r) => setTimeout(r, 20));
    return (performance.now() - begun) / 1000;
  };
  worker.start();
  source.start();
  try {
    const takenSeconds = await until(async () => (await recorded({ outcome: { not: 'refused' } })) >= count - refused);
    // The posts of the messages taken; a refused message's notice comes after its last try, timed below.
    const postedSeconds = await until(async () => (await pending()) === 0);
    const recordedSeconds = await until(async () => (await recorded()) >= count && (await pending()) === 0);
    return { takenSeconds, recordedSeconds, postedSeconds };
  } finally {
    await source.stop();
    await worker.stop();
  }
}

export interface MixedInboundResult {
  messages: number;
  /** Every message but the poison taken (parsed, matched or sorted, recorded), per second. */
  takenPerSecond: number;
  /** The same, with every post, upload and notice delivered to the stand-in. */
  postedPerSecond: number;
  /** Seconds until the poison message was refused too and the reviewers told (its tries and their pauses). */
  poisonRefusedAfter: number;
  /** The outcomes of the messages, by kind. */
  outcomes: Record<string, number>;
}

/**
 * The mixed mailbox of mixed-mailbox.ts through the same path as the clean one. The poison message is
 * made to fail for real: a trigger refuses to store it until it is recorded as refused.
 */
export async function measureMixedInbound(url: string, caseKeys: string[], count: number): Promise<MixedInboundResult> {
  const imap = await new ImapServer().start();
  const slack = await new SlackApiStandIn().start();
  const prisma = createPrisma(url, 10);
  try {
    await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION bench_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.subject LIKE '%${POISON_SUBJECT}%' AND NEW.outcome <> 'refused' THEN RAISE EXCEPTION 'the benchmark poison message'; END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(`CREATE OR REPLACE TRIGGER bench_poison BEFORE INSERT ON inbound_messages FOR EACH ROW EXECUTE FUNCTION bench_poison()`);
    for (const raw of mixedMailbox(caseKeys, count)) await imap.append(raw);
    const since = (await prisma.inboundMessage.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const read = await readMailbox(prisma, slack.url, imap.url, count, 1);
    const outcomes = await prisma.inboundMessage.groupBy({ by: ['outcome'], where: { id: { gt: since } }, _count: true });
    const perSecond = (seconds: number) => Math.round(((count - 1) / seconds) * 10) / 10;
    return {
      messages: count,
      takenPerSecond: perSecond(read.takenSeconds),
      postedPerSecond: perSecond(read.postedSeconds),
      poisonRefusedAfter: Math.round(read.recordedSeconds * 10) / 10,
      outcomes: Object.fromEntries(outcomes.map((o) => [o.outcome, o._count])),
    };
  } finally {
    await prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS bench_poison ON inbound_messages').catch(() => undefined);
    await prisma.$disconnect();
    await slack.stop();
    await imap.stop();
  }
}
