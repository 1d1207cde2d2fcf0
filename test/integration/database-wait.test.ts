// At start the bot waits for its database with backoff instead of crashing, and a database restart
// under a running bot does not end it.
import { describe, expect, it } from 'vitest';
import { waitForDatabase } from '../../src/db/open-database.js';
import { createLogger } from '../../src/logger.js';
import pg from 'pg';
import { createPrisma } from '../../src/db/prisma.js';
import { TEST_SERVER_URL, freshDatabase } from '../helpers/database.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

describe('waiting for the database', () => {
  it('retries until the database answers', async () => {
    const proxy = await new TcpProxy(5432).start();
    proxy.cut();
    const url = new URL(TEST_SERVER_URL);
    url.port = String(proxy.port);
    const lines: string[] = [];
    const started = Date.now();
    setTimeout(() => proxy.restore(), 1_200);
    await waitForDatabase(url.toString(), createLogger('warn', { write: (l: string) => void lines.push(l) }), 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(lines.some((l) => l.includes('database not reachable yet'))).toBe(true);
    await proxy.stop();
  });

  it('gives up with a clear error after its deadline', async () => {
    const proxy = await new TcpProxy(5432).start();
    proxy.cut();
    const url = new URL(TEST_SERVER_URL);
    url.port = String(proxy.port);
    await expect(waitForDatabase(url.toString(), createLogger('silent'), 600)).rejects.toThrow(/database not reachable after \d+ attempts/);
    await proxy.stop();
  });
});

describe('a database restart', () => {
  it('survives the server closing idle pooled connections, and serves the next query on a new one', async () => {
    const db = await freshDatabase();
    const prisma = createPrisma(db.url, 4);
    const sessions = async () => {
      const admin = new pg.Client(TEST_SERVER_URL);
      await admin.connect();
      try {
        return (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [new URL(db.url).pathname.slice(1)])).rows[0].n as number;
      } finally {
        await admin.end();
      }
    };
    try {
      // Two statements at once leave two idle connections in the pool.
      await Promise.all([prisma.$executeRaw`SELECT pg_sleep(0.05)`, prisma.$executeRaw`SELECT pg_sleep(0.05)`]);
      expect(await sessions()).toBeGreaterThan(0);
      // What a restart or an administrator does to every session of the database.
      const admin = new pg.Client(TEST_SERVER_URL);
      await admin.connect();
      const { rows } = await admin.query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1`, [new URL(db.url).pathname.slice(1)]);
      await admin.end();
      expect(rows[0].n).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 200));
      // Without an error listener on the pool the process would have ended above.
      expect(await prisma.$queryRaw`SELECT 1::int AS one`).toEqual([{ one: 1 }]);
      expect(await prisma.case.count()).toBe(0);
    } finally {
      await prisma.$disconnect();
      await db.drop();
    }
  });
});
