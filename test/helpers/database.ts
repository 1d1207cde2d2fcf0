// A fresh database per test file on the real Postgres server, migrated the way production migrates.
import { applyMigrations } from '../../src/db/schema-engine.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-database.js';

export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function freshDatabase(): Promise<ScratchDatabase> {
  const db = await createScratchDatabase(TEST_SERVER_URL, 'mdoc_test');
  await applyMigrations(db.url);
  return db;
}
