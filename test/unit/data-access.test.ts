// Data access goes through the Prisma client (issue #16): no module outside src/db/ reaches the pg pool
// that lives inside Prisma's adapter, nor a pg client of its own.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** What reaching pg directly looks like in a source file: importing it, or the helpers that exposed its pool. */
const PG_ACCESS = [
  /from\s+['"]pg['"]/,
  /import\(\s*['"]pg['"]\s*\)/,
  /require\(\s*['"]pg['"]\s*\)/,
  /from\s+['"]@prisma\/adapter-pg['"]/,
  /\bpoolOf\s*\(/,
  /from\s+['"][./]*db\/(sql|transaction)\.js['"]/,
];

export function reachesPg(source: string): boolean {
  return PG_ACCESS.some((pattern) => pattern.test(source));
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.tsx?$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

describe('data access', () => {
  it('recognises a module that queries pg directly', () => {
    expect(reachesPg(`import pg from 'pg';\nconst pool = new pg.Pool();`)).toBe(true);
    expect(reachesPg(`import type { Pool } from "pg";`)).toBe(true);
    expect(reachesPg(`const rows = await poolOf(prisma).query('SELECT 1');`)).toBe(true);
    expect(reachesPg(`import { sqlOn } from '../db/sql.js';`)).toBe(true);
    expect(reachesPg(`import { PrismaPg } from '@prisma/adapter-pg';`)).toBe(true);
    expect(reachesPg(`const rows = await prisma.$queryRaw\`SELECT 1\`;`)).toBe(false);
  });

  it('reads one row with findFirst, never findUnique (see src/db/prisma.ts)', async () => {
    const files = (await sourceFiles('src')).filter((f) => !f.startsWith(path.join('src', 'generated') + path.sep));
    const offenders = [];
    for (const file of files) if (/\.findUnique(OrThrow)?\s*\(/.test(await readFile(file, 'utf8'))) offenders.push(file);
    expect(offenders).toEqual([]);
  });

  it('goes through the Prisma client everywhere outside src/db/', async () => {
    const files = (await sourceFiles('src')).filter((f) => !f.startsWith(path.join('src', 'db') + path.sep) && !f.startsWith(path.join('src', 'generated') + path.sep));
    expect(files.length).toBeGreaterThan(100);
    const offenders = [];
    for (const file of files) if (reachesPg(await readFile(file, 'utf8'))) offenders.push(file);
    expect(offenders).toEqual([]);
  });
});
