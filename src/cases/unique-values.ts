// Which case holds a value of a unique form field (a certificate number): asked before a transition, so
// that the modal says so beside the field; the unique index on the expression is what guarantees it.
import type { PrismaClient } from '../db/prisma.js';
import type { HolderOf } from './references.js';

export function uniqueValueHolder(prisma: PrismaClient): HolderOf {
  return async (field, value, exceptCaseId) => {
    // A case field inside the JSON, compared as the unique index compares it (fields->>'<name>'): Prisma's
    // JSON filters write another expression, so this one statement is written by hand.
    const [holder] = await prisma.$queryRaw<{ key: string }[]>`SELECT key FROM cases WHERE fields->>${field} = ${value} AND id <> ${exceptCaseId} LIMIT 1`;
    return holder?.key;
  };
}
