// The Prisma client every repository reads and writes through, on @prisma/adapter-pg. The pg pool
// lives inside the adapter and nowhere else: nothing outside src/db/ queries it (a test checks).
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';
import { statementNames } from './statement-names.js';

export type { PrismaClient };

// One row is read with findFirst, never findUnique (a unit test holds every module to it). Prisma gathers
// the findUniques of one tick into a batch, and caches a batch's query plan by its exact make-up: twenty
// deliveries at once made batches of every size and mix, and the outbox drain compiled 875 of them at about
// 12 ms of CPU each (a tenth of the drain's time). A findFirst is planned once per shape, then cached.

/** The client, or the client of an interactive transaction: what a statement that may run in either takes. */
export type Db = PrismaClient | Prisma.TransactionClient;

export interface PrismaOptions {
  /** Told of every statement the client runs (Prisma's `query` event): the benchmark's honesty test counts them. */
  onQuery?: (event: Prisma.QueryEvent) => void;
}

/** `poolSize` connections: 1 for the embedded Postgres, which serves one at a time. */
export function createPrisma(connectionString: string, poolSize = 10, { onQuery }: PrismaOptions = {}): PrismaClient {
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000 });
  // An idle connection that the server closes (a restart, an administrator) is an 'error' event on the
  // pool, which would end the process. The pool drops that connection and opens another when needed;
  // the next query that cannot be served fails and is reported where it was made.
  pool.on('error', () => {});
  const adapter = new PrismaPg(pool, { disposeExternalPool: true, statementNameGenerator: statementNames() });
  // A burst of clicks queues for connections: let a transaction wait for one rather than fail after
  // Prisma's default 2 s.
  const transactionOptions = { maxWait: 10_000, timeout: 10_000 };
  if (!onQuery) return new PrismaClient({ adapter, transactionOptions });
  const client = new PrismaClient({ adapter, transactionOptions, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', onQuery);
  return client;
}
