// The secret that signs the applicant's links: MDOC_LINK_SECRET, or, when it is unset, one generated the
// first time and kept in the database, so that links survive restarts and every process agrees.
import { randomBytes } from 'node:crypto';
import { poolOf, type PrismaClient } from '../db/prisma.js';
import { sqlOn } from '../db/sql.js';

const NAME = 'link_secret';

export async function linkSecret(prisma: PrismaClient, configured: string | undefined): Promise<{ secret: string; source: 'environment' | 'database' }> {
  if (configured) return { secret: configured, source: 'environment' };
  const sql = sqlOn(poolOf(prisma));
  // The first process to insert wins; every other one reads what it wrote.
  await sql.exec`INSERT INTO app_secrets (name, value) VALUES (${NAME}, ${randomBytes(48).toString('base64url')}) ON CONFLICT (name) DO NOTHING`;
  const [row] = await sql<{ value: string }>`SELECT value FROM app_secrets WHERE name = ${NAME}`;
  if (!row) throw new Error('the link secret could not be stored');
  return { secret: row.value, source: 'database' };
}
