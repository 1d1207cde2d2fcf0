// The message taker wired the way bot.ts wires it, for the tests and the benchmark that take mail without
// a whole bot: its Message-IDs are signed with the same key as the stand-in outbox worker's, so that
// replies to that worker's mails find their case.
import type { CaseRepository } from '../../src/cases/case-repository.js';
import { createContactRepository } from '../../src/cases/contact-repository.js';
import type { PrismaClient } from '../../src/db/prisma.js';
import { createInboundRepository } from '../../src/inbound/inbound-repository.js';
import type { Take } from '../../src/inbound/mail-source.js';
import { createSentMails } from '../../src/inbound/sent-mails.js';
import { createMessageTaker, type MessageTakerDeps } from '../../src/inbound/take-message.js';
import { createLogger } from '../../src/logger.js';
import { createMessageIds } from '../../src/mail/message-ids.js';

export const standInMessageIds = createMessageIds('the stand-in worker signs its Message-IDs with this');

export function standInTaker(prisma: PrismaClient, cases: Pick<CaseRepository, 'findByKey' | 'findById'>, options: Partial<MessageTakerDeps> = {}): Take {
  return createMessageTaker({
    inbound: createInboundRepository(prisma),
    cases,
    deskAddress: 'desk@example.go.jp',
    limitBytes: 25 * 2 ** 20,
    logger: createLogger('silent'),
    messageIds: standInMessageIds,
    sentMails: createSentMails(prisma),
    contacts: createContactRepository(prisma),
    ...options,
  });
}
