// The migrations against schema.prisma (issue 12, section 6). Every migration applied to one scratch
// database, the engine's empty-to-datamodel script to another: their schemas, as `pg_dump --schema-only`
// prints them, must be the same, apart from the objects only the migrations hold (listed below). A
// migration that forgets a schema.prisma change, or a schema.prisma change without its migration, fails
// here. Then `npm run db:migration`'s own path: the datamodel copies beside the migrations, and a
// migration written from them that applies.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextStamp, readHistory, SNAPSHOT_FILE, writeNextMigration } from '../../src/db/migration-files.js';
import { applyMigrations, datamodelDiffSql, isEmptyMigration, MIGRATIONS_DIR, SCHEMA_PATH } from '../../src/db/schema-engine.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-database.js';
import { TEST_SERVER_URL } from '../helpers/database.js';

/**
 * What only the migrations hold, because a datamodel cannot say it: the append-only triggers of the
 * transition record (init), the partial index of pending outbox rows (slack_pacing), and the hash chain
 * of the transition record (transition_chain), the certificate numbers' unique index and the case files
 * kept as they came (issued_documents). A new one belongs here, with the migration that adds it.
 */
const MIGRATION_ONLY = {
  functions: ['transitions_are_append_only', 'transitions_chain', 'transitions_chain_hash', 'case_files_are_kept'],
  triggers: ['transitions_no_update_or_delete', 'transitions_no_truncate', 'transitions_chain', 'case_files_no_overwrite'],
  indexes: ['notifications_pending_idx', 'cases_certificate_number_key'],
};

const run = promisify(execFile);

/** The statements of `pg_dump --schema-only`, without comments, session settings, ownership or privileges. */
async function schemaOf(url: string): Promise<string[]> {
  const { stdout } = await run('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', '--no-comments', '--dbname', url], { maxBuffer: 16 * 2 ** 20 });
  const text = stdout
    .split('\n')
    // Comments, and psql's \restrict lines, whose key is new in every dump.
    .filter((line) => !line.startsWith('--') && !line.startsWith('\\'))
    .join('\n');
  return text
    .split(/;\n/)
    .map((s) => s.trim())
    .filter((s) => s && !/^SET /.test(s) && !/^SELECT pg_catalog\.set_config/.test(s));
}

/** The name of the migration-only object a statement creates, if it creates one. */
function migrationOnly(statement: string): string | undefined {
  const fn = /^CREATE FUNCTION public\.(\w+)\(/.exec(statement)?.[1];
  if (fn && MIGRATION_ONLY.functions.includes(fn)) return `function ${fn}`;
  const trigger = /^CREATE TRIGGER (\w+) /.exec(statement)?.[1];
  if (trigger && MIGRATION_ONLY.triggers.includes(trigger)) return `trigger ${trigger}`;
  const index = /^CREATE (?:UNIQUE )?INDEX (\w+) /.exec(statement)?.[1];
  if (index && MIGRATION_ONLY.indexes.includes(index)) return `index ${index}`;
  return undefined;
}

/**
 * Normalised: Prisma's own bookkeeping table dropped, and the columns of each table sorted, since a
 * migration can only append a column (ALTER TABLE … ADD COLUMN) where the datamodel may list it anywhere.
 */
function normalise(statements: string[]): string[] {
  return statements
    .filter((s) => !s.includes('_prisma_migrations'))
    .map((s) => {
      const table = /^(CREATE TABLE [^(]+\(\n)([\s\S]*)(\n\))$/.exec(s);
      if (!table) return s;
      const columns = table[2]!.split(',\n').map((c) => c.trim()).sort();
      return `${table[1]}    ${columns.join(',\n    ')}${table[3]}`;
    })
    .sort();
}

const scratch: ScratchDatabase[] = [];
const temporary: string[] = [];
let fromMigrations: string[];
let fromDatamodel: string[];

beforeAll(async () => {
  const [migrated, modelled] = await Promise.all([createScratchDatabase(TEST_SERVER_URL, 'mdoc_drift'), createScratchDatabase(TEST_SERVER_URL, 'mdoc_drift')]);
  scratch.push(migrated, modelled);
  await applyMigrations(migrated.url);
  const script = await datamodelDiffSql(modelled.url, undefined, { path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, 'utf8') });
  const client = new pg.Client(modelled.url);
  await client.connect();
  try {
    await client.query(script);
  } finally {
    await client.end();
  }
  [fromMigrations, fromDatamodel] = await Promise.all([schemaOf(migrated.url), schemaOf(modelled.url)]);
});

afterAll(async () => {
  await Promise.all(scratch.map((db) => db.drop()));
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the migrations against schema.prisma', () => {
  it('make the schema that schema.prisma describes, apart from the objects only migrations hold', () => {
    const onlyInMigrations = fromMigrations.filter((s) => !migrationOnly(s));
    expect(normalise(onlyInMigrations)).toEqual(normalise(fromDatamodel));
  });

  it('hold every object listed as migration-only, which the datamodel does not', () => {
    const listed = [...MIGRATION_ONLY.functions.map((n) => `function ${n}`), ...MIGRATION_ONLY.triggers.map((n) => `trigger ${n}`), ...MIGRATION_ONLY.indexes.map((n) => `index ${n}`)];
    expect(fromMigrations.map(migrationOnly).filter(Boolean).sort()).toEqual(listed.sort());
    expect(fromDatamodel.map(migrationOnly).filter(Boolean)).toEqual([]);
  });

  it('each keep the datamodel they were written for, and the newest one is schema.prisma as it is', async () => {
    const history = await readHistory(MIGRATIONS_DIR);
    // A migration written by hand needs the schema.prisma it was written for beside it (copy it there):
    // `npm run db:migration` diffs from the newest copy.
    expect(history.withoutSnapshot, 'migrations without a schema.prisma beside them').toEqual([]);
    const pending = await datamodelDiffSql(scratch[1]!.url, history.snapshot!.datamodel, { path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, 'utf8') });
    expect(isEmptyMigration(pending), `schema.prisma changed since ${history.snapshot!.migration}:\n${pending}`).toBe(true);
  });
});

describe('npm run db:migration', () => {
  /** A copy of prisma/ in a temporary folder, with `change` made to its schema.prisma. */
  async function copyOfPrisma(change: (schema: string) => string) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mdoc-prisma-'));
    temporary.push(dir);
    const migrationsDir = path.join(dir, 'migrations');
    await cp(MIGRATIONS_DIR, migrationsDir, { recursive: true });
    const schemaPath = path.join(dir, 'schema.prisma');
    await writeFile(schemaPath, change(await readFile(SCHEMA_PATH, 'utf8')));
    return { migrationsDir, schemaPath };
  }

  it('writes the next migration from the last datamodel, with its own copy, and the migrations then apply', async () => {
    const copy = await copyOfPrisma((s) => `${s}\nmodel DriftProbe {\n  id    Int    @id\n  label String @default("x")\n}\n`.replace('  actorId   String   @map("actor_id")\n', '  actorId   String   @map("actor_id")\n  probe     Int?\n'));
    const result = await writeNextMigration({ ...copy, name: 'probe', connectionString: TEST_SERVER_URL, now: new Date('2020-01-01T00:00:00Z') });
    if (result.kind !== 'written') throw new Error(`nothing written: ${result.kind}`);
    // Only the difference: the new table and column, nothing that earlier migrations made.
    expect(result.sql).toContain('CREATE TABLE "DriftProbe"');
    expect(result.sql).toContain('ALTER TABLE "transitions" ADD COLUMN     "probe" INTEGER');
    expect(result.sql).not.toContain('CREATE TABLE "cases"');
    // The clock is behind the newest migration: the new one still sorts last.
    const history = await readHistory(copy.migrationsDir);
    expect(history.names.at(-1)).toBe(path.basename(result.dir));
    expect(history.snapshot?.migration).toBe(path.basename(result.dir));
    expect(await readFile(path.join(result.dir, SNAPSHOT_FILE), 'utf8')).toBe(await readFile(copy.schemaPath, 'utf8'));

    const db = await createScratchDatabase(TEST_SERVER_URL, 'mdoc_drift');
    scratch.push(db);
    expect((await applyMigrations(db.url, copy.migrationsDir)).at(-1)).toBe(path.basename(result.dir));
    const client = new pg.Client(db.url);
    await client.connect();
    const { rows } = await client.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'DriftProbe' ORDER BY ordinal_position`);
    await client.end();
    expect(rows.map((r) => r.column_name)).toEqual(['id', 'label']);

    expect((await writeNextMigration({ ...copy, name: 'again', connectionString: TEST_SERVER_URL })).kind).toBe('unchanged');
  });

  it('writes an empty one for SQL by hand only when asked', async () => {
    const copy = await copyOfPrisma((s) => s);
    expect((await writeNextMigration({ ...copy, name: 'nothing', connectionString: TEST_SERVER_URL })).kind).toBe('unchanged');
    const result = await writeNextMigration({ ...copy, name: 'by_hand', empty: true, connectionString: TEST_SERVER_URL });
    if (result.kind !== 'written') throw new Error('nothing written');
    expect(await readFile(path.join(result.dir, 'migration.sql'), 'utf8')).toMatch(/^-- The datamodel did not change/);
    expect((await stat(path.join(result.dir, SNAPSHOT_FILE))).isFile()).toBe(true);
  });

  it('refuses while a newer migration has no datamodel beside it, since the diff would repeat it', async () => {
    const copy = await copyOfPrisma((s) => s);
    const history = await readHistory(copy.migrationsDir);
    await rm(path.join(copy.migrationsDir, history.names.at(-1)!, SNAPSHOT_FILE));
    const result = await writeNextMigration({ ...copy, name: 'refused', connectionString: TEST_SERVER_URL });
    expect(result).toEqual({ kind: 'no_snapshot', migrations: [history.names.at(-1)] });
  });

  it('stamps the next migration after the newest one, whatever the clock says', () => {
    expect(nextStamp(['20261202100000_a', '20261202235959_b'], new Date('2026-12-02T06:00:00Z'))).toBe('20261203000000');
    expect(nextStamp(['20261202100000_a'], new Date('2026-12-03T06:00:00.500Z'))).toBe('20261203060000');
    expect(nextStamp([], new Date('2026-12-03T06:00:00Z'))).toBe('20261203060000');
  });
});
