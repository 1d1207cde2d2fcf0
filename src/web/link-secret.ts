// The secret that signs the applicant's links: MDOC_LINK_SECRET, or, when it is unset, one generated the
// first time and kept in the database, so that links survive restarts and every process agrees.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/prisma.js';

const NAME = 'link_secret';

export async function linkSecret(prisma: PrismaClient, configured: string | undefined): Promise<{ secret: string; source: 'environment' | 'database' }> {
  if (configured) return { secret: configured, source: 'environment' };
  // The first process to insert wins; every other one reads what it wrote.
  await prisma.appSecret.createMany({ data: [{ name: NAME, value: randomBytes(48).toString('base64url') }], skipDuplicates: true });
  const row = await prisma.appSecret.findUnique({ where: { name: NAME }, select: { value: true } });
  if (!row) throw new Error('the link secret could not be stored');
  return { secret: row.value, source: 'database' };
}
