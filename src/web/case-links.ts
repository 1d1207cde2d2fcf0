// The applicant's personal link of a case, <PUBLIC_BASE_URL>/c/<token>: issued for every mail to the
// applicant, resolved by the case page, revoked by a reviewer (every link issued before stops working).
import type { PrismaClient } from '../db/prisma.js';
import type { CaseRecord } from '../cases/case.js';
import type { CaseRepository } from '../cases/case-repository.js';
import type { TokenSigner } from './link-tokens.js';

const DAY_MS = 86_400_000;

export type ResolvedLink =
  | { kind: 'ok'; case: CaseRecord; token: string }
  /** Not a link of ours, altered, or its case is gone: 404. */
  | { kind: 'unknown' }
  /** Expired, or revoked by a reviewer: 410. */
  | { kind: 'gone' };

export interface CaseLinksOptions {
  prisma: PrismaClient;
  cases: Pick<CaseRepository, 'findById'>;
  signer: TokenSigner;
  /** PUBLIC_BASE_URL, or http://localhost:<the bound port>; read when a link is made. */
  baseUrl: () => string;
  days: number;
  now?: () => Date;
}

export function createCaseLinks({ prisma, cases, signer, baseUrl, days, now = () => new Date() }: CaseLinksOptions) {
  async function generationOf(caseId: number): Promise<number> {
    const row = await prisma.applicantLink.findFirst({ where: { caseId }, select: { generation: true } });
    return row?.generation ?? 1;
  }

  return {
    /** A fresh link for the case, valid for MDOC_LINK_DAYS from now, at the case's current generation. */
    async tokenFor(caseId: number): Promise<string> {
      return signer.sign({ purpose: 'case', id: caseId, generation: await generationOf(caseId), expiresAt: new Date(now().getTime() + days * DAY_MS) });
    },

    async linkFor(c: Pick<CaseRecord, 'id'>): Promise<string> {
      return `${baseUrl()}/c/${await this.tokenFor(c.id)}`;
    },

    async resolve(token: string): Promise<ResolvedLink> {
      const checked = signer.verify(token, 'case', now());
      if (!checked.ok) return { kind: checked.reason === 'expired' ? 'gone' : 'unknown' };
      const found = await cases.findById(checked.claims.id);
      if (!found) return { kind: 'unknown' };
      if (checked.claims.generation !== (await generationOf(found.id))) return { kind: 'gone' };
      return { kind: 'ok', case: found, token };
    },

    /** Every link of the case issued so far stops working; the next mail carries a new one. */
    async revoke(caseId: number, by: string): Promise<number> {
      const revoked = { revokedAt: new Date(), revokedBy: by };
      const row = await prisma.applicantLink.upsert({
        where: { caseId },
        create: { caseId, generation: 2, ...revoked },
        update: { generation: { increment: 1 }, ...revoked },
        select: { generation: true },
      });
      return row.generation;
    },
  };
}

export type CaseLinks = ReturnType<typeof createCaseLinks>;
