// The mails the bot sent, as replies and bounces name them: the outbox notification behind a verified
// Message-ID of ours (src/mail/message-ids.ts), with its case, the address it went to and its subject.
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma.js';
import { CONFIRM_MAIL_KIND } from '../web/applications.js';

export interface SentMail {
  caseId: number | null;
  /** The recipient of a case mail (an application's confirmation mail names its application instead). */
  to?: string;
  subject?: string;
  application?: number;
}

const casePayload = z.object({ to: z.string(), mail: z.object({ subject: z.string() }) });
const applicationPayload = z.object({ application: z.number().int() });

export function createSentMails(prisma: PrismaClient) {
  return {
    async find(notification: bigint): Promise<SentMail | undefined> {
      const row = await prisma.notification.findFirst({ where: { id: notification }, select: { kind: true, caseId: true, payload: true } });
      if (row?.kind === 'mail') {
        const payload = casePayload.safeParse(row.payload);
        return payload.success ? { caseId: row.caseId, to: payload.data.to, subject: payload.data.mail.subject } : { caseId: row.caseId };
      }
      if (row?.kind === CONFIRM_MAIL_KIND) {
        const payload = applicationPayload.safeParse(row.payload);
        return { caseId: null, ...(payload.success ? { application: payload.data.application } : {}) };
      }
      return undefined;
    },
  };
}

export type SentMails = ReturnType<typeof createSentMails>;
