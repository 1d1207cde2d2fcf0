// The certificates the desk has issued, as the public verification page (/verify/<number>) shows them:
// read from the certification case that holds the number, its 確認用PG認定書 as issued at (4)-d, and its
// revocation, if any. Nothing is kept twice: the case fields and the case file are the record.
import type { PrismaClient } from '../db/prisma.js';
import { findProcedure } from '../workflow/procedures/index.js';
import { CERTIFICATE_DOCUMENT, CERTIFICATE_FIELDS } from '../workflow/procedures/certification.js';
import type { ProcedureDecl } from '../workflow/types.js';

export interface Certificate {
  number: string;
  /** The certified business. */
  orgName: string;
  corporateNumber: string;
  /** Which certification: 確認用PG認定（対面用） or （非対面用）. */
  procedure: ProcedureDecl;
  /** YYYY-MM-DD, as the (4)-d form recorded it. */
  certifiedOn: string;
  /** Of the PDF issued at (4)-d. */
  sha256: string;
  /** When a reviewer revoked it; absent while it is valid. */
  revokedAt?: Date;
}

export function createCertificateRegistry(prisma: PrismaClient) {
  return {
    /** The certificate a number names, or undefined when no case was certified under it. */
    async find(number: string): Promise<Certificate | undefined> {
      // By the expression of the unique index cases_certificate_number_key, which Prisma's JSON filters
      // do not write: hence the one statement by hand.
      const [holder] = await prisma.$queryRaw<{ id: number }[]>`SELECT id FROM cases WHERE fields->>'certificate_number' = ${number}`;
      if (!holder) return undefined;
      const [found, file] = await Promise.all([
        prisma.case.findFirst({ where: { id: holder.id }, select: { orgName: true, corporateNumber: true, procedure: true, fields: true } }),
        prisma.caseFile.findFirst({ where: { caseId: holder.id, document: CERTIFICATE_DOCUMENT, inboundId: null }, orderBy: { id: 'desc' }, select: { sha256: true } }),
      ]);
      const procedure = found && findProcedure(found.procedure);
      const fields = (found?.fields ?? {}) as Record<string, unknown>;
      if (!found || procedure?.family !== 'certification' || !file) return undefined;
      const revokedAt = fields[CERTIFICATE_FIELDS.revokedAt];
      return {
        number,
        orgName: found.orgName,
        corporateNumber: found.corporateNumber,
        procedure,
        certifiedOn: String(fields[CERTIFICATE_FIELDS.certifiedOn] ?? ''),
        sha256: file.sha256,
        ...(typeof revokedAt === 'string' ? { revokedAt: new Date(revokedAt) } : {}),
      };
    },
  };
}

export type CertificateRegistry = ReturnType<typeof createCertificateRegistry>;
