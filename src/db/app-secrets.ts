// Secrets the bot generates once and keeps in the database (app_secrets), so that they survive restarts
// and every process agrees on them: the link secret when MDOC_LINK_SECRET is unset, the key that signs
// the bot's own Message-IDs.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from './prisma.js';

export async function storedSecret(prisma: PrismaClient, name: string): Promise<string> {
  // The first process to insert wins; every other one reads what it wrote.
  await prisma.appSecret.createMany({ data: [{ name, value: randomBytes(48).toString('base64url') }], skipDuplicates: true });
  const row = await prisma.appSecret.findFirst({ where: { name }, select: { value: true } });
  if (!row) throw new Error(`the secret ${name} could not be stored`);
  return row.value;
}
