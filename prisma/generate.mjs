// Runs `prisma generate` on machines that cannot download Prisma's native schema engine.
// `generate` only checks that an engine file exists and never runs it, so where none was downloaded we
// point PRISMA_SCHEMA_ENGINE_BINARY (Prisma's documented override) at a file that exists. Machines that
// have the engine, or that set the variable themselves, are left alone.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const enginesDir = path.dirname(require.resolve('@prisma/engines/package.json'));
const hasNativeEngine = readdirSync(enginesDir).some((f) => f.startsWith('schema-engine'));
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !hasNativeEngine) {
  const wasmPackage = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(wasmPackage, 'schema_engine_bg.wasm');
}
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
if (result.status !== 0) {
  console.error('prisma generate failed');
  process.exit(result.status ?? 1);
}
if (!existsSync(path.resolve('src/generated/prisma/client.ts'))) {
  console.error('prisma generate did not write src/generated/prisma/client.ts');
  process.exit(1);
}
