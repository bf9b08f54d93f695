// Failure classes of a load run: a status the route did not accept, or what went wrong on the wire.

export type ErrorClass = 'status5xx' | 'status4xx' | 'timeout' | 'reset' | 'tls' | 'refused' | 'other';

export type ErrorCounts = Record<ErrorClass, number>;

const ERROR_CLASSES: readonly ErrorClass[] = ['status5xx', 'status4xx', 'timeout', 'reset', 'tls', 'refused', 'other'];

export function emptyErrorCounts(): ErrorCounts {
  return { status5xx: 0, status4xx: 0, timeout: 0, reset: 0, tls: 0, refused: 0, other: 0 };
}

export function totalErrors(counts: ErrorCounts): number {
  let sum = 0;
  for (const c of ERROR_CLASSES) sum += counts[c];
  return sum;
}

/** Class of an unaccepted status (>= 400 and not listed in the route's acceptStatus). */
export function statusClass(status: number): ErrorClass {
  return status >= 500 ? 'status5xx' : status >= 400 ? 'status4xx' : 'other';
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
// UND_ERR_SOCKET is undici's "other side closed": the server dropped the connection mid-exchange.
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);

/** Class of a transport error thrown by undici or the socket under it. */
export function transportClass(error: unknown): ErrorClass {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (code === 'ECONNREFUSED') return 'refused';
  if (RESET_CODES.has(code)) return 'reset';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$|HOSTNAME_MISMATCH)/.test(code) || /\b(SSL|TLS)\b|certificate/i.test(message)) return 'tls';
  if (e?.cause && e.cause !== error) {
    const inner = transportClass(e.cause);
    if (inner !== 'other') return inner;
  }
  return 'other';
}
