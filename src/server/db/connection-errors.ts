// SQLSTATEs of a connection that went away or cannot be had now (class 08: connection exception,
// which pgbouncer also answers with; 57P01–57P03: server shut down, crashed or still starting;
// 53300: too many connections).
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
// node-postgres reports a lost connection by message only.
const UNAVAILABLE_MESSAGES = ['Connection terminated', 'connection error and is not queryable', 'Client was closed and is not queryable', 'timeout exceeded when trying to connect'];

/** The code of the 503 a request gets while the database is unreachable. */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

/** True when an error means the database cannot be reached now (as opposed to a wrong query). */
export function isConnectionError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (code === DATABASE_UNAVAILABLE) return true;
  if (typeof code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return false; // any other SQLSTATE is the query's own fault
  }
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
}
