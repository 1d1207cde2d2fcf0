// Brings the database up for the bot: the embedded one when no URL is given, then waits for it with
// backoff (a database that starts after the bot is normal in operations), then applies migrations.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { createPrisma, type PrismaClient } from './prisma.js';
import { applyMigrations } from './schema-engine.js';

export interface Database {
  url: string;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  url?: string;
  dataDir: string;
  logger: Logger;
  /** Give up after this long; the default waits about a minute. */
  waitMs?: number;
}

export async function waitForDatabase(url: string, logger: Logger, waitMs = 60_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1, delay = 250; ; attempt++, delay = Math.min(delay * 2, 5_000)) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() + delay > deadline) throw new Error(`database not reachable after ${attempt} attempts: ${(error as Error).message}`);
      logger.warn({ attempt, retryInMs: delay, err: (error as Error).message }, 'database not reachable yet; retrying');
      await sleep(delay);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const embedded = options.url ? undefined : await startEmbeddedPostgres(options.dataDir);
  const url = options.url ?? embedded!.url;
  if (embedded) options.logger.info({ dataDir: options.dataDir }, 'no DATABASE_URL: using the embedded Postgres');
  await waitForDatabase(url, options.logger, options.waitMs);
  const applied = await applyMigrations(url);
  options.logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema is up to date');
  const prisma = createPrisma(url, embedded ? 1 : 10);
  return {
    url,
    prisma,
    async close() {
      await prisma.$disconnect();
      await embedded?.stop();
    },
  };
}
