// A fresh database with a case repository, the Web API stand-in and an SMTP server, for the
// integration tests of the store and the outbox. Call in a test file's top level.
import { afterAll, beforeAll } from 'vitest';
import { createCaseRepository, type CaseRepository } from '../../src/cases/case-repository.js';
import { createPrisma, type PrismaClient } from '../../src/db/prisma.js';
import type { ScratchDatabase } from '../../src/db/scratch-database.js';
import { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';
import { freshDatabase } from './database.js';
import { SmtpSink } from './smtp-sink.js';

export interface StoreFixture {
  db: ScratchDatabase;
  prisma: PrismaClient;
  cases: CaseRepository;
  slack: SlackApiStandIn;
  smtp: SmtpSink;
}

export function useStoreFixture(): StoreFixture {
  const fixture = {} as StoreFixture;
  beforeAll(async () => {
    [fixture.db, fixture.slack, fixture.smtp] = await Promise.all([freshDatabase(), new SlackApiStandIn().start(), new SmtpSink().start()]);
    fixture.prisma = createPrisma(fixture.db.url);
    fixture.cases = createCaseRepository(fixture.prisma);
  });
  afterAll(async () => {
    await fixture.prisma?.$disconnect();
    await Promise.all([fixture.slack?.stop(), fixture.smtp?.stop()]);
    await fixture.db?.drop();
  });
  return fixture;
}
