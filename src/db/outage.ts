// Tells an outage from a fault. A database (or any service) that cannot be reached, that dropped the
// connection or that is restarting fails whatever was asked of it: that is nobody's fault in what was
// asked, and the asker should wait and try again. Anything else (a constraint, a value Postgres refuses,
// a bug on some input) belongs to what was being done. The errors come from pg, from Prisma's
// driver adapter and from Node's sockets, wrapped in one another, so the whole chain of causes is read.

/** Node's socket errors: the peer is gone, refuses, or cannot be found right now. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN']);

/**
 * Postgres SQLSTATEs of an outage: class 08 (connection exception), 53 (insufficient resources: too
 * many connections, disk full), 57P01–57P03 (shutdown, crash, not yet accepting connections), and the
 * two a transaction may meet under load and should simply run again (serialization failure, deadlock).
 */
function isOutageState(code: string): boolean {
  return /^(?:08|53)[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '40001', '40P01'].includes(code);
}

/** Prisma's codes for the same: cannot reach, timed out, connection closed, pool timeout, write conflict, too many connections. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2034', 'P2037']);
/** What @prisma/adapter-pg calls them (DriverAdapterError's cause.kind). */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionWriteConflict', 'TlsConnectionError']);

/**
 * What pg says without a code: a connection cut in the middle, a pool that found no connection in
 * time, a client broken by an earlier connection error, and a pool shut down (the process is stopping,
 * which is not the fault of the message in hand either).
 */
const OUTAGE_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /not queryable/i, /client was closed/i, /cannot use a pool after calling end/i, /connection (?:is )?closed/i];

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function isOutageError(e: ErrorLike): boolean {
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || PRISMA_CODES.has(e.code) || isOutageState(e.code))) return true;
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  // A Postgres error seen through the adapter: { kind: 'postgres', code: '57P01' }.
  if (e.kind === 'postgres' && typeof e.code === 'string' && isOutageState(e.code)) return true;
  return typeof e.message === 'string' && OUTAGE_MESSAGES.some((pattern) => pattern.test(e.message as string));
}

/** Whether `error`, or anything it was caused by, says that a service is unreachable rather than that the work was wrong. */
export function isOutage(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const e = current as ErrorLike;
    if (isOutageError(e)) return true;
    queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...e.errors);
  }
  return false;
}
