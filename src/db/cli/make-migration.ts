// `npm run db:migration -- <name> [--empty]`: writes the next migration, like `prisma migrate dev
// --create-only`, without Prisma's native engine, in Prisma's layout: the engine's diff between the
// datamodel as of the last migration (the schema.prisma kept beside it) and the current schema.prisma,
// datamodel to datamodel, with no shadow database (src/db/migration-files.ts). `--empty` writes the
// migration even when the datamodel did not change, for SQL it cannot express (triggers, functions,
// partial indexes, backfills): add that SQL by hand below what was written. Scripts are split on
// semicolons, so a function body is one quoted string with each semicolon written \073, and comments
// hold none.
//
// The engine reads the server version from a database and changes nothing there: DATABASE_URL when
// set, otherwise a throwaway embedded Postgres, so no server is needed.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../embedded-postgres.js';
import { writeNextMigration } from '../migration-files.js';
import { MIGRATIONS_DIR, SCHEMA_PATH } from '../schema-engine.js';

const args = process.argv.slice(2);
const name = (args.find((a) => !a.startsWith('--')) ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:migration -- <name> [--empty]');
  process.exit(2);
}
const scratchDir = process.env.DATABASE_URL ? undefined : await mkdtemp(path.join(os.tmpdir(), 'mdoc-migration-'));
const embedded = scratchDir ? await startEmbeddedPostgres(scratchDir) : undefined;
try {
  const result = await writeNextMigration({
    migrationsDir: MIGRATIONS_DIR,
    schemaPath: SCHEMA_PATH,
    name,
    empty: args.includes('--empty'),
    connectionString: process.env.DATABASE_URL || embedded!.url,
  });
  if (result.kind === 'written') console.log(`wrote ${path.relative(process.cwd(), result.dir)}/migration.sql and the schema.prisma it was written for`);
  else if (result.kind === 'unchanged') console.log('schema.prisma matches the last migration; nothing to write (--empty writes one for SQL by hand)');
  else {
    console.error(
      `these migrations have no schema.prisma beside them: ${result.migrations.join(', ')}.\n` +
        'Copy into the newest of them the schema.prisma it was written for, then run this again: the next migration is the difference from it.',
    );
    process.exitCode = 1;
  }
} finally {
  await embedded?.stop();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
}
