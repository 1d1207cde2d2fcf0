// The addresses reviewers added to a case (case_contacts). Adding one is a transition of the case that
// stays at its step (action add_contact): the contact row, the case's next version, the transition and
// its notifications in one transaction. Two clicks at once add it once; the second finds it there.
import type { PrismaClient } from '../db/prisma.js';
import { Prisma } from '../generated/prisma/client.js';
import { enqueueDrafts } from '../outbox/enqueue.js';
import { ADD_CONTACT_ACTION } from '../workflow/desk-actions.js';
import type { NotificationDraft } from './notifications.js';

export interface NewContact {
  caseId: number;
  /** Normalised (src/inbound/contacts.ts). */
  address: string;
  addedBy: string;
  inboundId: number;
  /** The notifications of the transition, given the version it makes. */
  notifications: (version: number) => NotificationDraft[];
}

export type AddedContact = { kind: 'added'; version: number } | { kind: 'already'; addedBy: string | null } | { kind: 'closed' };

class CaseClosed extends Error {}

export function createContactRepository(prisma: PrismaClient) {
  const already = async (caseId: number, address: string): Promise<AddedContact> => {
    const row = await prisma.caseContact.findFirst({ where: { caseId, address }, select: { addedBy: true } });
    return { kind: 'already', addedBy: row?.addedBy ?? null };
  };
  return {
    /** The addresses added to a case, normalised. */
    async addedTo(caseId: number): Promise<string[]> {
      const rows = await prisma.caseContact.findMany({ where: { caseId }, select: { address: true }, orderBy: { id: 'asc' } });
      return rows.map((r) => r.address);
    },

    async add(input: NewContact): Promise<AddedContact> {
      try {
        return await prisma.$transaction(async (tx) => {
          await tx.caseContact.create({ data: { caseId: input.caseId, address: input.address, addedBy: input.addedBy, inboundId: input.inboundId } });
          // The row lock of this update orders the addition with every click on the case.
          const claimed = await tx.case.updateMany({ where: { id: input.caseId, closed: false }, data: { version: { increment: 1 }, updatedAt: new Date() } });
          if (claimed.count !== 1) throw new CaseClosed();
          const { version, step } = await tx.case.findFirstOrThrow({ where: { id: input.caseId }, select: { version: true, step: true } });
          await tx.transition.create({
            // The hash is the trigger's to write (migration transition_chain), whatever is sent here.
            data: { caseId: input.caseId, version, fromStep: step, toStep: step, action: ADD_CONTACT_ACTION, actorId: input.addedBy, data: { contact_address: input.address }, hash: '' },
          });
          await enqueueDrafts(tx, input.caseId, input.notifications(version));
          return { kind: 'added' as const, version };
        });
      } catch (error) {
        if (error instanceof CaseClosed) return { kind: 'closed' };
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return already(input.caseId, input.address);
        throw error;
      }
    },

    /** Who added the address, when it was added. */
    already,
  };
}

export type ContactRepository = ReturnType<typeof createContactRepository>;
