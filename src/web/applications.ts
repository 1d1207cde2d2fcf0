// Applications made on /apply, waiting for their address to be confirmed. The application and its
// confirmation mail (an outbox row, so that an SMTP outage only delays it) are written in one statement.
import type { PrismaClient } from '../db/prisma.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { FormValues } from '../forms/types.js';
import { sameMailbox } from './same-mailbox.js';

const APPLICATION_SELECT = {
  id: true, procedure: true, form: true, email: true, createdAt: true, expiresAt: true, confirmedAt: true, caseId: true,
} as const satisfies Prisma.WebApplicationSelect;

export type WebApplication = Omit<Prisma.WebApplicationGetPayload<{ select: typeof APPLICATION_SELECT }>, 'form'> & { form: FormValues };

/** The outbox row that mails the confirmation link. */
export const CONFIRM_MAIL_KIND = 'apply.confirm';
export interface ConfirmMailPayload {
  application: number;
}

export function createApplications(prisma: PrismaClient) {
  return {
    /**
     * Stores the application and queues its confirmation mail, all or nothing. Unconfirmed applications
     * past their expiry are deleted on the way: nobody can confirm them any more.
     */
    async create(input: { procedure: string; form: FormValues; email: string; expiresAt: Date }): Promise<number> {
      return prisma.$transaction(async (tx) => {
        await tx.webApplication.deleteMany({ where: { caseId: null, expiresAt: { lt: new Date(Date.now() - 86_400_000) } } });
        const { id } = await tx.webApplication.create({
          data: { procedure: input.procedure, form: input.form as Prisma.InputJsonObject, email: input.email, expiresAt: input.expiresAt },
          select: { id: true },
        });
        const payload: ConfirmMailPayload = { application: id };
        await tx.notification.create({ data: { stream: `apply:${id}`, kind: CONFIRM_MAIL_KIND, payload: { ...payload } }, select: { id: true } });
        return id;
      });
    },

    async find(id: number): Promise<WebApplication | undefined> {
      const row = await prisma.webApplication.findFirst({ where: { id }, select: APPLICATION_SELECT });
      return row ? { ...row, form: row.form as FormValues } : undefined;
    },

    /**
     * Takes the application for a confirmation, for `leaseMs`: of concurrent confirmations exactly one
     * opens the case. A confirmation that died leaves its claim to expire.
     */
    async claim(id: number, leaseMs: number): Promise<boolean> {
      const now = new Date();
      const { count } = await prisma.webApplication.updateMany({
        where: { id, caseId: null, expiresAt: { gt: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
        data: { claimedUntil: new Date(now.getTime() + leaseMs) },
      });
      return count === 1;
    },

    async release(id: number): Promise<void> {
      await prisma.webApplication.updateMany({ where: { id, caseId: null }, data: { claimedUntil: null } });
    },

    async confirmed(id: number, caseId: number): Promise<void> {
      await prisma.webApplication.update({ where: { id }, data: { caseId, confirmedAt: new Date(), claimedUntil: null }, select: { id: true } });
    },

    /**
     * How many applications since `since` gave this address, or the same mailbox under another +tag or
     * letter case (those before application `before` only, when given): what the limit on confirmation
     * mails per address counts.
     */
    async countTo(email: string, since: Date, before?: number): Promise<number> {
      return prisma.webApplication.count({ where: { ...sameMailbox(email), createdAt: { gte: since }, ...(before === undefined ? {} : { id: { lt: before } }) } });
    },

    /** The case an earlier confirmation opened (the intake key survives a crash before `confirmed`). */
    async caseOpenedFor(intakeKey: string): Promise<number | undefined> {
      const row = await prisma.case.findFirst({ where: { intakeKey }, select: { id: true } });
      return row?.id;
    },
  };
}

export type Applications = ReturnType<typeof createApplications>;
