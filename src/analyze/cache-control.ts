// Cache-Control parsing and the caching questions checks ask: how long, and may a shared cache keep it.

export type CacheDirectives = Map<string, string | true>;

export function parseCacheControl(value: string | null | undefined): CacheDirectives {
  const directives: CacheDirectives = new Map();
  if (!value) return directives;
  for (const part of value.split(',')) {
    const i = part.indexOf('=');
    const key = (i === -1 ? part : part.slice(0, i)).trim().toLowerCase();
    if (!key) continue;
    const raw =
      i === -1
        ? true
        : part
            .slice(i + 1)
            .trim()
            .replace(/^"|"$/g, '');
    if (!directives.has(key)) directives.set(key, raw);
  }
  return directives;
}

function seconds(value: string | true | undefined): number | null {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/** max-age in seconds (s-maxage when that is all there is), or null when none is given or the response is not storable. */
export function maxAgeSeconds(directives: CacheDirectives): number | null {
  if (directives.has('no-store') || directives.has('no-cache')) return null;
  return seconds(directives.get('max-age')) ?? seconds(directives.get('s-maxage'));
}

export function isImmutable(directives: CacheDirectives): boolean {
  return directives.has('immutable') && !directives.has('no-store') && !directives.has('no-cache');
}

/** A shared cache (CDN, proxy) may store it: public, s-maxage, or a max-age without private/no-store. */
export function isSharedCacheable(directives: CacheDirectives): boolean {
  if (directives.has('no-store') || directives.has('private')) return false;
  if (directives.has('public') || directives.has('s-maxage')) return true;
  const maxAge = seconds(directives.get('max-age'));
  return maxAge !== null && maxAge > 0;
}

/** Any cache may reuse it for some time (explicit freshness or public). */
export function isCacheable(directives: CacheDirectives): boolean {
  if (directives.has('no-store')) return false;
  const maxAge = maxAgeSeconds(directives);
  return (maxAge !== null && maxAge > 0) || directives.has('public') || directives.has('immutable');
}
