// The transition record as a hash chain (issue 12, section 5): every writer gets its hash from the
// trigger, two pools writing at once keep it whole, the migration gives existing rows theirs, and
// `npm run audit:verify`, run as its own process, names the first row an owner changed, deleted or
// inserted with the triggers off; with --against, a kept export shows a whole case deleted.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAction } from '../../src/cases/apply-action.js';
import { createCaseRepository } from '../../src/cases/case-repository.js';
import { openCase } from '../../src/cases/open-case.js';
import { chainHash } from '../../src/audit/chain.js';
import { verifyChain } from '../../src/audit/verify-chain.js';
import { createPrisma } from '../../src/db/prisma.js';
import { applyMigrations, MIGRATIONS_DIR } from '../../src/db/schema-engine.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-database.js';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { writeExportFiles } from '../../src/export/export-files.js';
import type { Actor } from '../../src/workflow/authorize.js';
import { freshDatabase, TEST_SERVER_URL } from '../helpers/database.js';

const reviewer: Actor = { userId: 'UREV', roles: new Set(['reviewer', 'operator']) };
const INTAKE = {
  category: 'private', org_name: '株式会社チェーン', corporate_number: '4011001098993', department: '監査部', contact_name: '鎖',
  phone: '03-1234-5678', email: 'chain@example.co.jp', usage_mode: 'remote', krl_proxy: 'no',
};
// Three steps after the opening one: versions 1 to 4.
const WALK = [{ actionId: 'send_documents' }, { actionId: 'record_submission' }, { actionId: 'accept' }];

/** A database with every migration, and the case repository on it. */
interface Store {
  db: ScratchDatabase;
  prisma: ReturnType<typeof createPrisma>;
  cases: ReturnType<typeof createCaseRepository>;
}
function useStore(): Store {
  const store = {} as Store;
  beforeAll(async () => {
    store.db = await freshDatabase();
    store.prisma = createPrisma(store.db.url, 4);
    store.cases = createCaseRepository(store.prisma);
  });
  afterAll(async () => {
    await store.prisma?.$disconnect();
    await store.db?.drop();
  });
  return store;
}

/** verifyChain on a client of its own. */
async function verifyOn(url: string) {
  const client = createPrisma(url, 1);
  try {
    return await verifyChain(client);
  } finally {
    await client.$disconnect();
  }
}

let f: Store;

async function walkedCase(cases = f.cases, steps = WALK) {
  const opened = await openCase({ cases }, { procedureId: 'usage', requesterId: 'UREQ', form: INTAKE });
  if (opened.kind !== 'opened') throw new Error('intake refused');
  let c = opened.case;
  for (const step of steps) {
    const r = await applyAction({ cases }, { caseKey: c.key, expectedVersion: c.version, actor: reviewer, ...step });
    if (r.kind !== 'applied') throw new Error(`${step.actionId}: ${r.kind}`);
    c = r.case;
  }
  return c;
}

/** SQL as the database owner, who may turn the triggers off. */
async function asOwner(sql: string, params: unknown[] = []) {
  const client = new pg.Client(f.db.url);
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** `npm run audit:verify` as its own process, as an operator runs it; on the test's database unless `env` says otherwise. */
function auditVerify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return auditVerifyWith({ DATABASE_URL: f.db.url }, ...args);
}

function auditVerifyWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/audit/cli/verify.ts', ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('the chain as the bot writes it', () => {
  const store = useStore();
  beforeAll(() => {
    f = store;
  });

  it('links every row to the one before it, through both ways a transition is written', async () => {
    const c = await walkedCase();
    const { rows } = await asOwner(
      `SELECT id::text AS id, case_id AS "caseId", version, from_step AS "fromStep", to_step AS "toStep", action, actor_id AS "actorId", comment, data::text AS data, created_at AS "createdAt", hash
       FROM transitions WHERE case_id = $1 ORDER BY version`,
      [c.id],
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4]);
    let prev: string | null = null;
    for (const r of rows) {
      expect(r.hash).toBe(chainHash(prev, r));
      prev = r.hash;
    }
  });

  it('ignores a hash the writer sends', async () => {
    const c = await walkedCase(f.cases, []);
    await asOwner(`INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, hash) VALUES ($1, 2, '(1)-b', '(2)-a', 'send_documents', 'UREV', 'forged')`, [c.id]);
    await asOwner(`UPDATE cases SET version = 2 WHERE id = $1`, [c.id]);
    const { rows } = await asOwner(`SELECT hash FROM transitions WHERE case_id = $1 AND version = 2`, [c.id]);
    expect(rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyOn(f.db.url)).whole).toBe(true);
  });

  it('stays whole with two pools (two processes) racing over the same cases', async () => {
    const other = createPrisma(f.db.url, 4);
    const cases = [f.cases, createCaseRepository(other)];
    try {
      const targets = await Promise.all([walkedCase(f.cases, []), walkedCase(f.cases, [])]);
      // Each of 8 writers, alternating between the pools, walks both cases as far as it can: the version
      // check lets one writer through at each version, and the others find their version taken.
      const CYCLE: Record<string, { actionId: string; form?: Record<string, string> }> = {
        '(1)-b': { actionId: 'send_documents' }, '(2)-a': { actionId: 'record_submission' }, '(2)-b': { actionId: 'accept' }, '(2)-c': { actionId: 'send_back', form: { reason: '競合' } },
      };
      let applied = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          const repo = cases[w % 2]!;
          for (let i = 0; i < 12; i++) {
            const c = (await repo.findById(targets[i % 2]!.id))!;
            const move = CYCLE[c.step];
            if (!move) continue;
            const r = await applyAction({ cases: repo }, { caseKey: c.key, expectedVersion: c.version, actor: reviewer, ...move });
            if (r.kind === 'applied') applied++;
          }
        }),
      );
      expect(applied).toBeGreaterThan(8);
      expect(await verifyOn(f.db.url)).toMatchObject({ whole: true });
    } finally {
      await other.$disconnect();
    }
  });

  it('is computed the same in SQL and in Node whatever the text and data hold', async () => {
    const c = await walkedCase(f.cases, []);
    const pool = new pg.Pool({ connectionString: f.db.url, max: 1 });
    let version = 1;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000')),
          fc.jsonValue().filter((v) => !JSON.stringify(v).includes('\\u0000')),
          async (comment, data) => {
            version++;
            await pool.query(`INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, comment, data) VALUES ($1, $2, '(1)-b', '(1)-b', 'note', 'UREV', $3, $4::jsonb)`, [
              c.id, version, comment, JSON.stringify({ value: data }),
            ]);
            await pool.query(`UPDATE cases SET version = $2 WHERE id = $1`, [c.id, version]);
            const { rows } = await pool.query(
              `SELECT id::text AS id, case_id AS "caseId", version, from_step AS "fromStep", to_step AS "toStep", action, actor_id AS "actorId", comment, data::text AS data, created_at AS "createdAt", hash,
                      (SELECT hash FROM transitions p WHERE p.case_id = t.case_id AND p.version = t.version - 1) AS prev
               FROM transitions t WHERE case_id = $1 AND version = $2`,
              [c.id, version],
            );
            expect(rows[0].hash).toBe(chainHash(rows[0].prev, rows[0]));
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      await pool.end();
    }
  });
});

describe('the migration', () => {
  const scratch: ScratchDatabase[] = [];
  let before: string;
  beforeAll(async () => {
    before = await mkdtemp(path.join(os.tmpdir(), 'mdoc-before-chain-'));
    await cp(MIGRATIONS_DIR, before, { recursive: true, filter: (src) => !src.includes('transition_chain') });
  });
  afterAll(async () => {
    await Promise.all(scratch.map((db) => db.drop()));
    await rm(before, { recursive: true, force: true });
  });

  it('gives the rows already there their hashes, in version order per case', async () => {
    const db = await createScratchDatabase(TEST_SERVER_URL, 'mdoc_chain');
    scratch.push(db);
    await applyMigrations(db.url, before);
    const client = new pg.Client(db.url);
    await client.connect();
    try {
      // Three cases whose rows were written interleaved, with text and data that escaping could get wrong.
      await client.query(
        `INSERT INTO cases (id, key, procedure, step, version, requester_id, org_name, corporate_number, applicant_email, fields)
         SELECT i, 'MDOC-000' || i, 'usage', '(2)-a', 3, 'UREQ', '組織', '4011001098993', 'a@example.jp', '{}' FROM generate_series(1, 3) i`,
      );
      const rows: unknown[][] = [];
      for (let v = 1; v <= 3; v++) {
        for (const c of [3, 1, 2]) rows.push([c, v, v === 1 ? null : '(1)-b', '(2)-a', 'act', 'UREV', v === 2 ? 'line 1\n"quoted", \\ back\u0001 é 😀' : null, JSON.stringify({ b: 1.5, aa: [1e21, 'x'], a: { z: null }, n: v })]);
      }
      for (const r of rows) await client.query(`INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, comment, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`, r);
      expect(await applyMigrations(db.url)).toEqual(['20261202120000_transition_chain']);
      expect(await verifyOn(db.url)).toEqual({ whole: true, rows: 9, cases: 3 });
      // The append-only trigger is back on, and new rows are chained by the trigger.
      await expect(client.query(`UPDATE transitions SET comment = 'x'`)).rejects.toThrow(/append-only/);
      await client.query(`INSERT INTO transitions (case_id, version, to_step, action, actor_id) VALUES (2, 4, '(2)-b', 'act', 'UREV')`);
      await client.query(`UPDATE cases SET version = 4 WHERE id = 2`);
      expect(await verifyOn(db.url)).toEqual({ whole: true, rows: 10, cases: 3 });
    } finally {
      await client.end();
    }
  });
});

describe('npm run audit:verify', () => {
  // Cases are tampered with from the last to the first, so that each run names the newest damage first.
  const c: Awaited<ReturnType<typeof walkedCase>>[] = [];
  let exportDir: string;
  const store = useStore();
  beforeAll(async () => {
    f = store;
    for (let i = 0; i < 7; i++) c.push(await walkedCase());
    exportDir = await mkdtemp(path.join(os.tmpdir(), 'mdoc-audit-export-'));
  });
  afterAll(async () => {
    await rm(exportDir, { recursive: true, force: true });
  });

  it('exits 0 and says how many rows it checked when the chain is whole', async () => {
    const run = await auditVerify();
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('the chain is whole: 28 transitions of 7 cases checked');
  });

  it('with --against, finds a whole case deleted since an export, which leaves the chain whole', async () => {
    const exported = await writeExportFiles(f.cases, { includeClosed: true }, exportDir, 'audit');
    const csv = await readFile(exported.transitionsPath, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/,"データ","ハッシュ"$/);
    expect((await auditVerify('--against', exported.transitionsPath)).stdout).toContain('every one of the 28 transitions in mdoc-transitions-audit.csv is in the database with the same hash');

    await asOwner(`SET session_replication_role = replica; DELETE FROM transitions WHERE case_id = ${c[6]!.id}; DELETE FROM notifications WHERE case_id = ${c[6]!.id}; DELETE FROM cases WHERE id = ${c[6]!.id}`);
    expect((await auditVerify()).code).toBe(0);
    const run = await auditVerify('--against', exported.transitionsPath);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`row 25: ${c[6]!.key} version 1 is in the export but no longer in the database`);
  });

  it('exits 1 naming a row inserted with the triggers off', async () => {
    const victim = c[5]!;
    await asOwner(
      `ALTER TABLE transitions DISABLE TRIGGER ALL;
       INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, hash) VALUES (${victim.id}, 5, '(2)-c', '(4)-a', 'accept', 'UEVIL', repeat('0', 64));
       UPDATE cases SET version = 5 WHERE id = ${victim.id};
       ALTER TABLE transitions ENABLE TRIGGER ALL`,
    );
    const run = await auditVerify();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`broken at case ${victim.key} \\(id ${victim.id}\\), version 5 \\(transition id \\d+\\): its hash does not match`));
    expect(run.stderr).toContain('(24 transitions before it were whole)');
  });

  it('exits 1 naming a row deleted and inserted again, out of order', async () => {
    const victim = c[4]!;
    await asOwner(
      `SET session_replication_role = replica;
       CREATE TEMP TABLE kept AS SELECT * FROM transitions WHERE case_id = ${victim.id} AND version = 2;
       DELETE FROM transitions WHERE case_id = ${victim.id} AND version = 2;
       SET session_replication_role = origin;
       INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, comment, data, created_at) SELECT case_id, version, from_step, to_step, action, actor_id, comment, data, created_at FROM kept`,
    );
    const run = await auditVerify();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`broken at case ${victim.key} \\(id ${victim.id}\\), version 2 \\(transition id \\d+\\): it was written after version 3`));
  });

  it('exits 1 naming a case whose last rows were deleted', async () => {
    const victim = c[3]!;
    await asOwner(`SET session_replication_role = replica; DELETE FROM transitions WHERE case_id = ${victim.id} AND version >= 3`);
    const run = await auditVerify();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`broken at case ${victim.key} (id ${victim.id}), version 2`);
    expect(run.stderr).toContain('the case is at version 4 but its record ends at version 2: the rows after it were deleted');
  });

  it('exits 1 naming the row after one that was deleted', async () => {
    const victim = c[2]!;
    await asOwner(`SET session_replication_role = replica; DELETE FROM transitions WHERE case_id = ${victim.id} AND version = 2`);
    const run = await auditVerify();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`broken at case ${victim.key} \\(id ${victim.id}\\), version 3 \\(transition id \\d+\\): version 2 is missing before it: a row was deleted`));
  });

  it('exits 1 naming a row changed with the triggers off, and the case before it stays whole', async () => {
    const victim = c[1]!;
    await asOwner(`ALTER TABLE transitions DISABLE TRIGGER ALL; UPDATE transitions SET actor_id = 'UEVIL' WHERE case_id = ${victim.id} AND version = 2; ALTER TABLE transitions ENABLE TRIGGER ALL`);
    const run = await auditVerify();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`broken at case ${victim.key} \\(id ${victim.id}\\), version 2 \\(transition id \\d+\\): its hash does not match its content`));
    expect(run.stderr).toContain('(5 transitions before it were whole)');
  });

  it('exits 1 for a change whose hash was recomputed too: the next row no longer links to it', async () => {
    const victim = c[0]!;
    await asOwner(
      `ALTER TABLE transitions DISABLE TRIGGER ALL;
       UPDATE transitions t SET comment = 'rewritten', hash = transitions_chain_hash((SELECT p.hash FROM transitions p WHERE p.case_id = t.case_id AND p.version = 1), t) WHERE case_id = ${victim.id} AND version = 2;
       UPDATE transitions t SET hash = transitions_chain_hash((SELECT p.hash FROM transitions p WHERE p.case_id = t.case_id AND p.version = 1), t) WHERE case_id = ${victim.id} AND version = 2;
       ALTER TABLE transitions ENABLE TRIGGER ALL`,
    );
    const run = await auditVerify();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`broken at case ${victim.key} \\(id ${victim.id}\\), version 3 \\(transition id \\d+\\): its hash does not match`));
  });
});

describe('npm run audit:verify without DATABASE_URL', () => {
  it('reads the embedded database under MDOC_DATA_DIR, as the bot does', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mdoc-audit-embedded-'));
    try {
      const embedded = await startEmbeddedPostgres(dataDir);
      try {
        await applyMigrations(embedded.url);
        const client = new pg.Client(embedded.url);
        await client.connect();
        await client.query(
          `INSERT INTO cases (id, key, procedure, step, version, requester_id, org_name, corporate_number, applicant_email, fields) VALUES (1, 'MDOC-0001', 'usage', '(2)-a', 2, 'UREQ', '組織', '4011001098993', 'a@example.jp', '{}')`,
        );
        await client.query(
          `INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, comment, data) VALUES (1, 1, NULL, '(1)-b', 'open', 'UREQ', NULL, '{}'), (1, 2, '(1)-b', '(2)-a', 'send_documents', 'UREV', '"引用", 改行\n', '{"b": 1.50, "a": [1e2]}')`,
        );
        await client.end();
      } finally {
        await embedded.stop();
      }
      const run = await auditVerifyWith({ DATABASE_URL: '', MDOC_DATA_DIR: dataDir });
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain('the chain is whole: 2 transitions of 1 case checked');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
