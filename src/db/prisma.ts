import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type { PrismaClient };

const pools = new WeakMap<PrismaClient, pg.Pool>();

/** The pg pool under a client, shared with it, for the few hot statements written in plain SQL. */
export function poolOf(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error('this PrismaClient was not made by createPrisma');
  return pool;
}

export function createPrisma(connectionString: string, poolSize = 10): PrismaClient {
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000 });
  // An idle connection that the server closes (a restart, an administrator) is an 'error' event on the
  // pool, which would end the process. The pool drops that connection and opens another when needed;
  // the next query that cannot be served fails and is reported where it was made.
  pool.on('error', () => {});
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  // A burst of clicks queues for connections: let a transaction wait for one rather than fail after
  // Prisma's default 2 s.
  const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } });
  pools.set(prisma, pool);
  return prisma;
}
