// Tagged-template SQL on a pg pool, with the values sent as parameters like Prisma's $queryRaw: for the
// statements the outbox runs on every delivery, where Prisma's per-query overhead cost more than the
// statements themselves (docs/benchmarks.md).
import type pg from 'pg';

function toQuery(strings: TemplateStringsArray, values: unknown[]): { text: string; values: unknown[] } {
  return { text: strings.reduce((text, part, i) => `${text}$${i}${part}`), values };
}

export interface Sql {
  /** The rows of a statement. */
  <T extends pg.QueryResultRow>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  /** How many rows a statement changed. */
  exec(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>;
}

export function sqlOn(pool: pg.Pool): Sql {
  const sql = async <T extends pg.QueryResultRow>(strings: TemplateStringsArray, ...values: unknown[]) => (await pool.query<T>(toQuery(strings, values))).rows;
  return Object.assign(sql, {
    exec: async (strings: TemplateStringsArray, ...values: unknown[]) => (await pool.query(toQuery(strings, values))).rowCount ?? 0,
  });
}
