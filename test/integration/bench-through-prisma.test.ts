// The benchmark's "ours" transitions are the figure issue 16 judges against raw pg and plain Prisma: they
// must really go through the Prisma client. Prisma's query event counts the statements the client sends.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../../src/db/prisma.js';
import type { ScratchDatabase } from '../../src/db/scratch-database.js';
import { seedOpenCases } from '../../bench/lib/seed.js';
import { ourTps, plainPrismaTps, type PrismaFactory } from '../../bench/lib/transitions.js';
import { freshDatabase } from '../helpers/database.js';

const TRANSITIONS = 40;
let db: ScratchDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await freshDatabase();
  client = new pg.Client(db.url);
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

/** A client factory like the benchmark's, and the number of statements its clients have sent so far. */
function counting(): { factory: PrismaFactory; queries: () => number } {
  let queries = 0;
  return { factory: (url, poolSize) => createPrisma(url, poolSize, { onQuery: () => queries++ }), queries: () => queries };
}

describe("the benchmark's transitions", () => {
  it('count the statements of a client that goes through Prisma (the plain Prisma baseline)', async () => {
    const { factory, queries } = counting();
    const run = await plainPrismaTps(db.url, client, await seedOpenCases(client, 4, 'UBENCHREQ'), TRANSITIONS, 4, factory);
    expect(run.errors).toBe(0);
    expect(run.transitions).toBeGreaterThanOrEqual(TRANSITIONS);
    // Read, update, create, createMany and the commit of each interactive transaction.
    expect(queries()).toBeGreaterThanOrEqual(run.transitions * 4);
  });

  it('send every transition of ours through the Prisma client', async () => {
    const { factory, queries } = counting();
    const run = await ourTps(db.url, client, await seedOpenCases(client, 4, 'UBENCHREQ'), TRANSITIONS, 4, factory);
    expect(run.errors).toBe(0);
    expect(run.transitions).toBeGreaterThanOrEqual(TRANSITIONS);
    expect(queries()).toBeGreaterThanOrEqual(run.transitions);
  });
});
