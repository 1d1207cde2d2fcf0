// Inbound throughput: messages a second from the desk mailbox (a real Dovecot) to their posts and files
// in the case thread, Slack pacing aside, against imapflow alone fetching the same messages.
import { ImapFlow } from 'imapflow';
import { createPrisma } from '../../src/db/prisma.js';
import { createCaseRepository } from '../../src/cases/case-repository.js';
import { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';
import { createImapSource } from '../../src/inbound/imap-source.js';
import { createInboundRepository } from '../../src/inbound/inbound-repository.js';
import { createMessageTaker } from '../../src/inbound/take-message.js';
import { createMessageRefuser } from '../../src/inbound/refuse-message.js';
import { createLogger } from '../../src/logger.js';
import { ImapServer } from '../../test/helpers/imap-server.js';
import { createStandInWorker } from '../../test/helpers/outbox-worker.js';
import { replyMail } from '../../test/helpers/reply-mail.js';

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
    const logger = createLogger('silent');
    const cases = createCaseRepository(prisma);
    const worker = createStandInWorker({ prisma, slackUrl: slack.url, batchSize: 20, pollMs: 5 });
    const inbound = createInboundRepository(prisma);
    const onCommitted = () => worker.nudge();
    const take = createMessageTaker({ inbound, cases, deskAddress: 'desk@example.go.jp', limitBytes: 25 * 2 ** 20, logger, onCommitted });
    const source = createImapSource({ url: imap.url, take, refuse: createMessageRefuser({ inbound, logger, onCommitted }), logger });
    const begun = performance.now();
    worker.start();
    source.start();
    const pending = () => prisma.notification.count({ where: { deliveredAt: null, deadAt: null, kind: { in: ['inbound.post', 'files.upload', 'dm.inbound'] } } });
    while ((await prisma.inboundMessage.count()) < count) await new Promise((r) => setTimeout(r, 20));
    const taken = (performance.now() - begun) / 1000;
    while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
    const ours = (performance.now() - begun) / 1000;
    await source.stop();
    await worker.stop();
    const uploads = slack.callsOf('files.completeUploadExternal').length;
    if (uploads !== count) throw new Error(`${uploads} uploads for ${count} messages`);
    const perSecond = (seconds: number) => Math.round((count / seconds) * 10) / 10;
    return { messages: count, fetchOnlyPerSecond: perSecond(fetchOnly), takenPerSecond: perSecond(taken), oursPerSecond: perSecond(ours), ratio: Math.round((fetchOnly / ours) * 1000) / 1000 };
  } finally {
    await prisma.$disconnect();
    await slack.stop();
    await imap.stop();
  }
}
