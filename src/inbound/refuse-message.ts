// A message that failed every time it was tried (message-retries.ts) is recorded as refused: its raw
// bytes, the reason, and what can be read of its headers without the parser that may be what failed.
// The reviewer channel is told through the outbox, like a malformed or too large message; the source
// then files it apart (failed/, or $MdocFailed in the mailbox), where nothing deletes it.
import { inboundNotice } from '../cases/notifications.js';
import type { Logger } from '../logger.js';
import type { InboundRepository } from './inbound-repository.js';
import { problemDetail, type InboundDetail, type InboundOutcome } from './inbound-record.js';
import type { RawMessage, Refuse } from './mail-source.js';
import { messageHeaderLines, textHeaderOf } from './raw-headers.js';
import { storable } from './storable.js';

export interface MessageRefuserDeps {
  inbound: Pick<InboundRepository, 'record'>;
  logger: Logger;
  onCommitted?: () => void;
  onTaken?: (outcome: InboundOutcome) => void;
}

/** Sender and subject as far as the raw header lines give them; nothing when even that fails. */
function readableHead(raw: Buffer): { from: InboundDetail['from']; subject: string } {
  try {
    const lines = messageHeaderLines(raw);
    const text = (key: string) => {
      const line = lines.find((l) => l.key === key);
      return line ? textHeaderOf(line.line).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() : '';
    };
    const from = text('from');
    const address = (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? /[^\s<>"]+@[^\s<>"]+/.exec(from)?.[0])?.toLowerCase();
    return { from: address ? { address, name: from.replace(/<[^<>]*>/, '').replace(/"/g, '').trim() } : null, subject: text('subject') };
  } catch {
    return { from: null, subject: '' };
  }
}

export function createMessageRefuser(deps: MessageRefuserDeps): Refuse {
  return async function refuse(message: RawMessage, reason: string): Promise<void> {
    const head = readableHead(message.raw);
    const detail: InboundDetail = { ...problemDetail(message, `取り込めなかったメール（何度試しても失敗しました）: ${reason}`), ...head };
    const id = await deps.inbound.record(
      storable({
        sourceKey: message.sourceKey,
        messageId: null,
        raw: message.raw,
        fromAddress: head.from?.address ?? null,
        subject: head.subject || null,
        outcome: 'refused',
        matchedBy: null,
        caseId: null,
        detail,
        files: [],
        notifications: (inboundId: number) => [inboundNotice(inboundId, 'refused')],
      }),
    );
    if (id === undefined) return;
    deps.onCommitted?.();
    deps.onTaken?.('refused');
    deps.logger.warn({ component: 'inbound', origin: message.origin, inboundId: id, reason }, 'inbound message refused after every attempt failed');
  };
}
