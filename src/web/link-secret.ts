// The secret that signs the applicant's links: MDOC_LINK_SECRET, or, when it is unset, one generated the
// first time and kept in the database, so that links survive restarts and every process agrees.
import { storedSecret } from '../db/app-secrets.js';
import type { PrismaClient } from '../db/prisma.js';

export async function linkSecret(prisma: PrismaClient, configured: string | undefined): Promise<{ secret: string; source: 'environment' | 'database' }> {
  if (configured) return { secret: configured, source: 'environment' };
  return { secret: await storedSecret(prisma, 'link_secret'), source: 'database' };
}
