// An exported transitions CSV (`/mdoc export`) checked against the database: every row of the file must
// still be in the database with the same hash. The chain shows a row changed, deleted or inserted in
// place. What it cannot show alone is a whole case's record deleted, or a chain rewritten from some row
// on by someone who recomputed every hash after it: an export kept elsewhere shows both.
import { createReadStream } from 'node:fs';
import type { PrismaClient } from '../db/prisma.js';
import { TRANSITION_HEADER } from '../export/csv.js';

/** The records of an RFC 4180 file, read as a stream (quoted fields may hold commas, quotes and line breaks). */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  let field = '';
  let record: string[] = [];
  // 'quote': a quote inside a quoted field, which ends the field unless another quote follows.
  let state: 'plain' | 'quoted' | 'quote' = 'plain';
  let first = true;
  for await (let chunk of chunks) {
    if (first && chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
    first = false;
    for (const ch of chunk) {
      if (state === 'quoted') {
        if (ch === '"') state = 'quote';
        else field += ch;
        continue;
      }
      if (state === 'quote') {
        state = ch === '"' ? 'quoted' : 'plain';
        if (ch === '"') {
          field += '"';
          continue;
        }
      }
      if (ch === '"') state = 'quoted';
      else if (ch === ',') record.push(field), (field = '');
      else if (ch === '\n') {
        record.push(field.endsWith('\r') ? field.slice(0, -1) : field);
        yield record;
        (record = []), (field = '');
      } else field += ch;
    }
  }
  if (field || record.length) yield [...record, field];
}

/** `row`: the data row of the file (1 = the first after the header). */
export type ExportReport = { matches: true; rows: number } | { matches: false; rows: number; row: number; problem: string };

const BATCH = 1_000;

/** Compares every row of an exported transitions CSV with the database, in the file's order. */
export async function verifyExport(db: PrismaClient, file: string): Promise<ExportReport> {
  const records = csvRecords(createReadStream(file, { encoding: 'utf8' }));
  const header = (await records.next()).value as string[] | undefined;
  const [keyAt, versionAt, hashAt] = [TRANSITION_HEADER[0]!, TRANSITION_HEADER[1]!, TRANSITION_HEADER.at(-1)!].map((name) => header?.indexOf(name) ?? -1);
  if (keyAt! < 0 || versionAt! < 0 || hashAt! < 0) return { matches: false, rows: 0, row: 0, problem: `not a transitions export with hashes: its header has no ${TRANSITION_HEADER.at(-1)} column` };
  let rows = 0;
  let row = 0;
  let batch: { row: number; key: string; version: number; hash: string }[] = [];
  const check = async (): Promise<ExportReport | undefined> => {
    const found = await db.$queryRaw<{ hash: string | null; present: boolean }[]>`
      SELECT t.hash, t.id IS NOT NULL AS present
      FROM unnest(${batch.map((b) => b.key)}::text[], ${batch.map((b) => b.version)}::int[]) WITH ORDINALITY AS f(key, version, i)
      LEFT JOIN cases c ON c.key = f.key LEFT JOIN transitions t ON t.case_id = c.id AND t.version = f.version ORDER BY f.i`;
    for (const [n, f] of found.entries()) {
      const b = batch[n]!;
      if (!f.present) return { matches: false, rows, row: b.row, problem: `${b.key} version ${b.version} is in the export but no longer in the database` };
      if (f.hash !== b.hash) return { matches: false, rows, row: b.row, problem: `${b.key} version ${b.version} has another hash in the database than in the export: the row or one before it was changed` };
      rows++;
    }
    batch = [];
    return undefined;
  };
  for await (const record of records) {
    if (record.length === 1 && record[0] === '') continue;
    row++;
    batch.push({ row, key: record[keyAt!]!, version: Number(record[versionAt!]), hash: record[hashAt!]! });
    if (batch.length === BATCH) {
      const failed = await check();
      if (failed) return failed;
    }
  }
  return (batch.length && (await check())) || { matches: true, rows };
}
