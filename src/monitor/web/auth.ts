// Dashboard authentication: the token (LAUNCHREADY_MONITOR_TOKEN) as a Bearer header, or a login form that sets a
// session cookie. The cookie is never the token: it is `id.expires.mac` with mac = HMAC(session key, id.expires) and the
// session key derived from the token and a per-process secret, so a stolen cookie does not reveal the token, expires,
// can be revoked at logout, and a changed token (or a restart) ends every session.
// CSRF: every state-changing form carries a signed double-submit value bound to the session (or, before login, to a
// random pre-session cookie), checked in constant time, plus an Origin / Referer / Sec-Fetch-Site check. The checks fail
// closed: no binding, no submitted value, any submitted copy that differs, a malformed pre-session cookie or a foreign
// origin all refuse the request.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'lr_session';
export const LOGIN_COOKIE = 'lr_login';
export const SESSION_TTL_MS = 12 * 3_600_000;
const MAX_REVOKED = 10_000;

/** Constant-time equality of two strings (hashes first, so lengths leak nothing either). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

const b64url = (buf: Buffer) => buf.toString('base64url');

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.slice(0, 8192).split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** Always HttpOnly and SameSite=Strict; `Secure` when the browser talks to us over TLS (see `requestIsHttps`). */
export function cookieHeader(name: string, value: string, maxAgeSeconds: number, options: { secure?: boolean } = {}): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${options.secure ? '; Secure' : ''}`;
}

/**
 * Whether the browser reached us over https: the socket is TLS, or a TLS-terminating proxy says so (`X-Forwarded-Proto:
 * https` or `Forwarded: proto=https`, first hop). Trusting the header is safe here because it only ever adds `Secure`
 * to a cookie: a client that fakes it over plain http only stops its own browser from sending the cookie back.
 */
export function requestIsHttps(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  const xfp = req.headers['x-forwarded-proto'];
  if (typeof xfp === 'string' && xfp.split(',')[0]!.trim().toLowerCase() === 'https') return true;
  const fwd = req.headers.forwarded;
  return typeof fwd === 'string' && /(?:^|;)\s*proto="?https"?\s*(?:;|$)/i.test(fwd.split(',')[0]!);
}

const LOGIN_BINDING = /^[A-Za-z0-9_-]{16,64}$/;

/** The pre-session binding of the login form: the `lr_login` cookie when it has the shape we issue, else null. */
export function loginBindingOf(req: IncomingMessage): string | null {
  const value = parseCookies(req.headers.cookie).get(LOGIN_COOKIE);
  return value !== undefined && LOGIN_BINDING.test(value) ? value : null;
}

/** Every CSRF value a request submitted: each `csrf` form field and the `X-CSRF-Token` header (all must match). */
export function submittedCsrf(req: IncomingMessage, form: URLSearchParams): unknown[] {
  const header = req.headers['x-csrf-token'];
  return [...form.getAll('csrf'), ...(header === undefined ? [] : [header])];
}

export class Auth {
  private readonly secret = randomBytes(32);
  private readonly sessionKey: Buffer | null;
  private readonly revoked = new Map<string, number>();
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly token: string | null,
    private readonly now: () => number = Date.now,
  ) {
    this.sessionKey = token === null ? null : createHmac('sha256', this.secret).update(`session\0${token}`, 'utf8').digest();
  }

  get enabled(): boolean {
    return this.token !== null && this.token.length > 0;
  }

  /** `Authorization: Bearer TOKEN` with the right token. */
  bearerOk(req: IncomingMessage): boolean {
    const header = req.headers.authorization;
    if (!this.enabled || typeof header !== 'string') return false;
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header.slice(0, 4096));
    return m !== null && safeEqual(m[1]!, this.token!);
  }

  tokenOk(candidate: string): boolean {
    return this.enabled && safeEqual(candidate, this.token!);
  }

  private mac(data: string): string {
    return b64url(createHmac('sha256', this.sessionKey!).update(data, 'utf8').digest());
  }

  newSession(): { cookie: string; id: string } {
    const id = b64url(randomBytes(18));
    const expires = this.now() + SESSION_TTL_MS;
    const payload = `${id}.${expires}`;
    return { cookie: `${payload}.${this.mac(payload)}`, id };
  }

  /** The session id of a valid, unexpired, unrevoked session cookie. */
  sessionOf(req: IncomingMessage): string | null {
    if (!this.enabled) return null;
    const value = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (!value || value.length > 200) return null;
    const parts = value.split('.');
    if (parts.length !== 3) return null;
    const [id, expires, mac] = parts as [string, string, string];
    if (!safeEqual(mac, this.mac(`${id}.${expires}`))) return null;
    const exp = Number(expires);
    if (!Number.isFinite(exp) || exp <= this.now()) return null;
    if (this.revoked.has(id)) return null;
    return id;
  }

  revoke(id: string): void {
    const now = this.now();
    for (const [k, until] of this.revoked) if (until <= now) this.revoked.delete(k);
    if (this.revoked.size >= MAX_REVOKED) this.revoked.delete(this.revoked.keys().next().value!);
    this.revoked.set(id, now + SESSION_TTL_MS);
  }

  /** The CSRF value for forms of a session (or of a pre-login cookie): HMAC of the binding, never stored. */
  csrfFor(binding: string): string {
    return b64url(createHmac('sha256', this.secret).update(`csrf\0${binding}`, 'utf8').digest());
  }

  /**
   * Fails closed: false without a binding, without any submitted value, or when any submitted copy (form fields and
   * header together) is not exactly the binding's value; so a right value cannot vouch for a wrong one next to it.
   */
  csrfOk(binding: string | null | undefined, submitted: readonly unknown[]): boolean {
    if (!binding || submitted.length === 0 || submitted.length > 4) return false;
    const expected = this.csrfFor(binding);
    let ok = true;
    for (const value of submitted) ok = typeof value === 'string' && value.length > 0 && value.length <= 200 && safeEqual(value, expected) && ok;
    return ok;
  }

  newLoginBinding(): string {
    return b64url(randomBytes(18));
  }

  /** At most 10 failed logins per client address per minute. */
  loginAllowed(address: string): boolean {
    const f = this.failures.get(address);
    return !f || this.now() - f.since > 60_000 || f.count < 10;
  }

  loginFailed(address: string): void {
    const now = this.now();
    if (this.failures.size > 10_000) this.failures.clear();
    const f = this.failures.get(address);
    if (!f || now - f.since > 60_000) this.failures.set(address, { count: 1, since: now });
    else f.count += 1;
  }
}

/**
 * A state-changing request from a browser must come from our own pages: Sec-Fetch-Site (when sent) must be
 * same-origin or none, Origin (when sent) must be this host, and without Origin a Referer (when sent) must be this
 * host. A client that sends none of them (curl, a script) is judged by the CSRF value alone, which is checked on top
 * of this in every case.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const host = req.headers.host;
  const sameHost = (url: string) => {
    try {
      return typeof host === 'string' && host.length > 0 && new URL(url).host === host.toLowerCase();
    } catch {
      return false;
    }
  };
  const origin = req.headers.origin;
  if (origin !== undefined) return typeof origin === 'string' && origin !== 'null' && sameHost(origin);
  const referer = req.headers.referer;
  if (referer !== undefined) return typeof referer === 'string' && sameHost(referer);
  return true;
}
