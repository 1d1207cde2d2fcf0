// Prisma's schema engine, loaded as WebAssembly so that migrations run on machines where Prisma's native
// engine cannot be downloaded (see shared/notes/prisma-offline.md). The package's own entry imports a
// .wasm file as an ES module, which Node 20 refuses, so we instantiate the module ourselves.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationDirectory, MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

const require = createRequire(import.meta.url);
export const PRISMA_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
const NO_FILTERS = { externalTables: [], externalEnums: [] };

// Node has WebAssembly, but @types/node 20 does not declare it; these are the calls we make.
interface WasmInstance {
  exports: Record<string, unknown>;
}
const Wasm = (globalThis as unknown as {
  WebAssembly: {
    compile(bytes: Uint8Array): Promise<object>;
    instantiate(module: object, imports: Record<string, object>): Promise<WasmInstance>;
  };
}).WebAssembly;

let wasmReady: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const module = await Wasm.compile(await readFile(path.join(dir, 'schema_engine_bg.wasm')));
    const instance = await Wasm.instantiate(module, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

/**
 * Runs `work` with an engine on its own connection pool, and closes that pool afterwards: freeing the
 * engine does not, and its open connection would keep Prisma's migration advisory lock, making the
 * next process that migrates wait 10 s for it.
 */
async function withSchemaEngine<T>(connectionString: string, work: (engine: SchemaEngine) => Promise<T>, datamodel?: DatamodelFile): Promise<T> {
  await loadWasm();
  const schema = datamodel ?? { path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, 'utf8') };
  const pool = new pg.Pool({ connectionString, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await bindings.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, () => {}, adapter);
  try {
    return await work(engine);
  } finally {
    engine.free();
    await pool.end();
  }
}

export async function readMigrations(migrationsDir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories: MigrationDirectory[] = await Promise.all(
    dirs.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8').catch((): string | null => null) },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/**
 * Whether the database has applied every migration on disk, unchanged (Prisma's checksum is the SHA-256
 * of the file). Then the engine, whose WebAssembly stays resident once loaded, is not needed at all.
 */
async function upToDate(connectionString: string, migrations: MigrationList): Promise<boolean> {
  const client = new pg.Client(connectionString);
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; checksum: string }>(
      `SELECT migration_name AS name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    return migrations.migrationDirectories.every((d) => {
      const file = d.migrationFile.content;
      return file.tag === 'ok' && applied.get(d.path) === createHash('sha256').update(file.value).digest('hex');
    });
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return false; // a new database: no _prisma_migrations yet
    throw error;
  } finally {
    await client.end();
  }
}

/** Applies every migration under prisma/migrations (or `migrationsDir`) that the database has not seen; returns their names. */
export async function applyMigrations(connectionString: string, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  const migrationsList = await readMigrations(migrationsDir);
  if (await upToDate(connectionString, migrationsList)) return [];
  return withSchemaEngine(connectionString, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return result.appliedMigrationNames;
  });
}

/** A datamodel: a schema.prisma's text, and the path it is reported under. */
export interface DatamodelFile {
  path: string;
  content: string;
}

/** What the engine answers when two datamodels need no SQL between them. */
export const isEmptyMigration = (sql: string) => !sql.trim() || /^-- This is an empty migration/.test(sql.trim());

/**
 * The SQL that takes a database made from the datamodel `from` (undefined: an empty database) to the
 * datamodel `to`: what `prisma migrate dev` would write, but computed datamodel to datamodel, with no
 * shadow database and no introspection. (Replaying the migrations on a shadow database fails with this
 * engine and adapter: docs/schema-engine-char-error.md.) The engine still opens `connectionString`: it
 * reads the server's version there, and changes nothing.
 */
export async function datamodelDiffSql(connectionString: string, from: DatamodelFile | undefined, to: DatamodelFile): Promise<string> {
  return withSchemaEngine(
    connectionString,
    async (engine) => {
      const result = await engine.diff({
        from: from ? { tag: 'schemaDatamodel', files: [from] } : { tag: 'empty' },
        to: { tag: 'schemaDatamodel', files: [to] },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      });
      return result.stdout ?? '';
    },
    to,
  );
}
