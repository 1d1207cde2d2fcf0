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
const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
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
async function withSchemaEngine<T>(connectionString: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await loadWasm();
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const pool = new pg.Pool({ connectionString, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await bindings.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => {}, adapter);
  try {
    return await work(engine);
  } finally {
    engine.free();
    await pool.end();
  }
}

export async function readMigrations(): Promise<MigrationList> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories: MigrationDirectory[] = await Promise.all(
    dirs.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lockPath = path.join(MIGRATIONS_DIR, 'migration_lock.toml');
  return {
    baseDir: MIGRATIONS_DIR,
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

/** Applies every migration under prisma/migrations that the database has not seen; returns their names. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const migrationsList = await readMigrations();
  if (await upToDate(connectionString, migrationsList)) return [];
  return withSchemaEngine(connectionString, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return result.appliedMigrationNames;
  });
}

/** SQL that takes the migrations on disk to schema.prisma (what `migrate dev` would write); replays them on a shadow database. */
export async function pendingSchemaSql(connectionString: string): Promise<string> {
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const migrations = await readMigrations();
  return withSchemaEngine(connectionString, async (engine) => {
    const result = await engine.diff({
      from: migrations.migrationDirectories.length ? { tag: 'migrations', ...migrations } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? '';
  });
}
