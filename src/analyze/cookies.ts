// Set-Cookie parsing (RFC 6265 attribute rules, lenient like browsers) and what makes a cookie session-like.

export interface SetCookie {
  name: string;
  value: string;
  secure: boolean;
  httpOnly: boolean;
  /** Lower-cased SameSite value as sent, or null when absent. */
  sameSite: string | null;
  domain: string | null;
  path: string | null;
  maxAge: number | null;
  expires: string | null;
}

export function parseSetCookie(line: string): SetCookie | null {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  const name = (eq === -1 ? '' : pair.slice(0, eq)).trim();
  const value = (eq === -1 ? pair : pair.slice(eq + 1)).trim();
  if (!name && !value) return null;
  const cookie: SetCookie = { name, value, secure: false, httpOnly: false, sameSite: null, domain: null, path: null, maxAge: null, expires: null };
  for (const attribute of attributes) {
    const i = attribute.indexOf('=');
    const key = (i === -1 ? attribute : attribute.slice(0, i)).trim().toLowerCase();
    const val = i === -1 ? '' : attribute.slice(i + 1).trim();
    if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'samesite') cookie.sameSite = val.toLowerCase();
    else if (key === 'domain') cookie.domain = val;
    else if (key === 'path') cookie.path = val;
    else if (key === 'max-age' && /^-?\d+$/.test(val)) cookie.maxAge = Number(val);
    else if (key === 'expires') cookie.expires = val;
  }
  return cookie;
}

const SESSION_LIKE = /sess|sid|auth|token|jwt|login|remember/i;

/** Cookies whose name says they carry a session or credential: they must be HttpOnly. */
export function isSessionLike(name: string): boolean {
  return SESSION_LIKE.test(name);
}

/** Why this cookie is unsafe on an https response, or [] when it is fine. */
export function cookieProblems(cookie: SetCookie): string[] {
  const problems: string[] = [];
  if (!cookie.secure) problems.push(cookie.sameSite === 'none' ? 'SameSite=None without Secure' : 'no Secure attribute');
  if (isSessionLike(cookie.name) && !cookie.httpOnly) problems.push('session-like cookie without HttpOnly');
  return problems;
}
