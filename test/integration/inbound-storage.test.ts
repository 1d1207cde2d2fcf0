// Against the real Postgres, through the Prisma client the bot uses: what mail text Postgres cannot
// hold, and the errors that tell an outage (wait, refuse nothing) from a fault of the message in hand
// (retry, then refuse). Each error here is produced for real: a closed port, a connection cut under a
// query and under a transaction, a value Postgres refuses.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOutage } from '../../src/db/outage.js';
import { createPrisma, type PrismaClient } from '../../src/db/prisma.js';
import type { ScratchDatabase } from '../../src/db/scratch-database.js';
import { storable } from '../../src/inbound/storable.js';
import { freshDatabase } from '../helpers/database.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

let db: ScratchDatabase;
let prisma: PrismaClient;
beforeAll(async () => {
  db = await freshDatabase();
  prisma = createPrisma(db.url, 2);
  await prisma.$executeRaw`CREATE TABLE mail_text (t text, j jsonb)`;
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** What a statement throws, or undefined when it succeeded. */
async function thrown(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
    return undefined;
  } catch (error) {
    return error;
  }
}

const insert = (value: string) => prisma.$queryRaw<{ t: string; j: { text: string } }[]>`INSERT INTO mail_text (t, j) VALUES (${value}, ${JSON.stringify({ text: value })}::jsonb) RETURNING t, j`;

describe('storable text', () => {
  it('is what Postgres refuses without it (NUL, a lone surrogate in jsonb): a fault of the message, not an outage', async () => {
    for (const value of ['a\u0000b', 'a\uD800b']) {
      const error = await thrown(() => insert(value));
      expect(error).toBeInstanceOf(Error);
      expect(isOutage(error)).toBe(false);
    }
  });

  it('holds any string in text and jsonb, and keeps every other character as it was', async () => {
    const unit = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uDBFF\uDFFF', '😀'));
    await fc.assert(
      fc.asyncProperty(fc.array(unit, { maxLength: 20 }).map((parts) => parts.join('')), async (value) => {
        const stored = storable(value);
        const rows = await insert(stored);
        expect(rows[0]).toEqual({ t: stored, j: { text: stored } });
        // Unit for unit: what Postgres could hold is unchanged, what it could not is U+FFFD.
        expect(stored).toHaveLength(value.length);
        for (let i = 0; i < value.length; i++) expect([value[i], '\uFFFD']).toContain(stored[i]);
        expect(() => encodeURIComponent(stored)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('goes into objects and lists, and leaves buffers, dates and functions alone', () => {
    const raw = Buffer.from([0, 1, 2]);
    const at = new Date(0);
    const notifications = () => [];
    const value = storable({ subject: 'a\u0000', list: ['\uD800'], raw, at, notifications, n: 1, none: null });
    expect(value).toEqual({ subject: 'a\uFFFD', list: ['\uFFFD'], raw, at, notifications, n: 1, none: null });
    expect(value.raw).toBe(raw);
  });
});

/** A client on the test database through a proxy that the test can cut. */
async function behindProxy(): Promise<{ client: PrismaClient; proxy: TcpProxy }> {
  const proxy = await new TcpProxy(Number(new URL(db.url).port || 5432)).start();
  const url = new URL(db.url);
  url.port = String(proxy.port);
  return { client: createPrisma(url.toString(), 1), proxy };
}

describe('isOutage', () => {
  it('is true for a database that refuses connections', async () => {
    const { client, proxy } = await behindProxy();
    await proxy.stop();
    try {
      const error = await thrown(() => client.case.count());
      expect(error).toBeInstanceOf(Error);
      expect(isOutage(error)).toBe(true);
    } finally {
      await client.$disconnect().catch(() => undefined);
    }
  });

  it('is true for a connection cut under a query, and under a transaction', async () => {
    const { client, proxy } = await behindProxy();
    try {
      await client.case.count();
      const query = thrown(() => client.$queryRaw`SELECT pg_sleep(5)`);
      await new Promise((r) => setTimeout(r, 200));
      proxy.cut();
      expect(isOutage(await query)).toBe(true);
      proxy.restore();
      const transaction = thrown(() =>
        client.$transaction(async (tx) => {
          await tx.$queryRaw`SELECT 1`;
          proxy.cut();
          await tx.$queryRaw`SELECT 2`;
        }),
      );
      expect(isOutage(await transaction)).toBe(true);
    } finally {
      await client.$disconnect().catch(() => undefined);
      await proxy.stop();
    }
  });

  it('is false for what the database refuses in the work itself: a constraint, a bad value, a bug', async () => {
    await prisma.$executeRaw`CREATE TABLE one_key (k int PRIMARY KEY)`;
    await prisma.$executeRaw`INSERT INTO one_key VALUES (1)`;
    const duplicate = await thrown(() => prisma.$executeRaw`INSERT INTO one_key VALUES (1)`);
    expect(duplicate).toBeInstanceOf(Error);
    expect(isOutage(duplicate)).toBe(false);
    expect(isOutage(await thrown(() => prisma.$queryRaw`SELECT 1/0`))).toBe(false);
    expect(isOutage(await thrown(() => prisma.case.create({ data: {} as never })))).toBe(false);
    expect(isOutage(new TypeError('attachment.contentType.toLowerCase is not a function'))).toBe(false);
  });

  it('reads the causes an error was wrapped in', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isOutage(new Error('could not take the message', { cause: refused }))).toBe(true);
    expect(isOutage(new AggregateError([new Error('x'), refused]))).toBe(true);
    expect(isOutage(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isOutage({ kind: 'postgres', code: '08006' })).toBe(true);
    expect(isOutage({ kind: 'postgres', code: '22P05' })).toBe(false);
  });
});
