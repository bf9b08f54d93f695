// Alert destinations are secrets (Slack and ntfy paths, SMTP passwords, query tokens): logs show them only masked.
import { maskSecret, Redactor } from '../../mask.js';

/** scheme://user:****@host:port/…: the host stays readable, password, path and query are masked. */
export function maskUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return maskSecret(text);
  }
  const user = url.username ? `${decodeURIComponent(url.username)}${url.password ? `:${maskSecret(decodeURIComponent(url.password))}` : ''}@` : '';
  const rest = `${url.pathname === '/' ? '' : url.pathname}${url.search}`;
  return `${url.protocol}//${user}${url.host}${rest ? `/${maskSecret(rest.replace(/^\//, ''))}` : ''}`;
}

/** A redactor that knows every secret part of one destination, for error messages from the transport. */
export function destinationRedactor(values: (string | undefined)[]): Redactor {
  const r = new Redactor();
  for (const v of values) {
    if (!v) continue;
    r.add(v);
    try {
      const url = new URL(v);
      r.add(decodeURIComponent(url.password));
      r.add(url.pathname.length > 1 ? url.pathname : undefined);
      r.add(url.search.length > 1 ? url.search : undefined);
    } catch {
      // not a URL: the whole value is already registered
    }
  }
  return r;
}
