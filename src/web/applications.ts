// Applications made on /apply, waiting for their address to be confirmed. The application and its
// confirmation mail (an outbox row, so that an SMTP outage only delays it) are written in one statement.
import { poolOf, type PrismaClient } from '../db/prisma.js';
import { sqlOn } from '../db/sql.js';
import type { FormValues } from '../forms/types.js';

export interface WebApplication {
  id: number;
  procedure: string;
  form: FormValues;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  confirmedAt: Date | null;
  caseId: number | null;
}

/** The outbox row that mails the confirmation link. */
export const CONFIRM_MAIL_KIND = 'apply.confirm';
export interface ConfirmMailPayload {
  application: number;
}

const COLUMNS = `id, procedure, form, email, created_at AS "createdAt", expires_at AS "expiresAt", confirmed_at AS "confirmedAt", case_id AS "caseId"`;

export function createApplications(prisma: PrismaClient) {
  const pool = poolOf(prisma);
  const sql = sqlOn(pool);
  return {
    /**
     * Stores the application and queues its confirmation mail, all or nothing. Unconfirmed applications
     * past their expiry are deleted on the way: nobody can confirm them any more.
     */
    async create(input: { procedure: string; form: FormValues; email: string; expiresAt: Date }): Promise<number> {
      const { rows } = await pool.query<{ id: number }>(
        `WITH swept AS (DELETE FROM web_applications WHERE case_id IS NULL AND expires_at < now() - interval '1 day'),
         app AS (INSERT INTO web_applications (procedure, form, email, expires_at) VALUES ($1, $2::jsonb, $3, $4) RETURNING id),
         mail AS (INSERT INTO notifications (case_id, stream, kind, payload) SELECT NULL, 'apply:' || id, $5, jsonb_build_object('application', id) FROM app)
         SELECT id FROM app`,
        [input.procedure, JSON.stringify(input.form), input.email, input.expiresAt, CONFIRM_MAIL_KIND],
      );
      return rows[0]!.id;
    },

    async find(id: number): Promise<WebApplication | undefined> {
      const { rows } = await pool.query<WebApplication>(`SELECT ${COLUMNS} FROM web_applications WHERE id = $1`, [id]);
      return rows[0];
    },

    /**
     * Takes the application for a confirmation, for `leaseMs`: of concurrent confirmations exactly one
     * opens the case. A confirmation that died leaves its claim to expire.
     */
    async claim(id: number, leaseMs: number): Promise<boolean> {
      return (
        (await sql.exec`
          UPDATE web_applications SET claimed_until = now() + make_interval(secs => ${leaseMs / 1000})
          WHERE id = ${id} AND case_id IS NULL AND expires_at > now() AND (claimed_until IS NULL OR claimed_until < now())`) === 1
      );
    },

    async release(id: number): Promise<void> {
      await sql.exec`UPDATE web_applications SET claimed_until = NULL WHERE id = ${id} AND case_id IS NULL`;
    },

    async confirmed(id: number, caseId: number): Promise<void> {
      await sql.exec`UPDATE web_applications SET case_id = ${caseId}, confirmed_at = now(), claimed_until = NULL WHERE id = ${id}`;
    },

    /** The case an earlier confirmation opened (the intake key survives a crash before `confirmed`). */
    async caseOpenedFor(intakeKey: string): Promise<number | undefined> {
      const [row] = await sql<{ id: number }>`SELECT id FROM cases WHERE intake_key = ${intakeKey}`;
      return row?.id;
    },
  };
}

export type Applications = ReturnType<typeof createApplications>;
