// Folding request paths into route templates: ids become :id so /orders/17 and /orders/18 count as one route, and
// configured templates (e.g. "/api/orders/:id" or "POST /api/orders") win over the automatic folding when they match.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_ID = /^[0-9a-f]{8,}$/i;
const VERSION = /^v\d+(?:\.\d+)*$/i;
const HAS_DIGIT = /\d/;
const SEPARATOR = /[-_.~:,@+=]/;

/** True for a path segment that names one record rather than a resource: ids, UUIDs, hashes, dated or numbered slugs. */
export function isIdSegment(segment: string): boolean {
  if (segment === '') return false;
  let decoded = segment;
  if (segment.includes('%')) {
    try {
      decoded = decodeURIComponent(segment);
    } catch {}
  }
  const first = decoded.charCodeAt(0);
  if (first >= 48 && first <= 57 && /^\d+$/.test(decoded)) return true;
  if (!HAS_DIGIT.test(decoded)) return false;
  if (UUID.test(decoded) || HEX_ID.test(decoded)) return true;
  if (VERSION.test(decoded)) return false;
  // short words with a digit (v2, oauth2, s3, 2fa, x509) stay; long or separated ones are ids or slugs
  return decoded.length >= 8 || SEPARATOR.test(decoded);
}

/** The path of a request target: the query and fragment dropped, an absolute URL reduced to its path. */
export function pathOfTarget(target: string): string {
  let path = target;
  const q = path.search(/[?#]/);
  if (q !== -1) path = path.slice(0, q);
  if (!path.startsWith('/')) {
    const scheme = path.indexOf('://');
    if (scheme !== -1) {
      const slash = path.indexOf('/', scheme + 3);
      path = slash === -1 ? '/' : path.slice(slash);
    }
  }
  return path;
}

/** "/api/orders/123/items?page=2" → "/api/orders/:id/items" */
export function templatePath(target: string): string {
  const path = pathOfTarget(target);
  if (path === '/' || path === '') return '/';
  const segments = path.split('/');
  let changed = false;
  for (let i = 1; i < segments.length; i++) {
    if (isIdSegment(segments[i]!)) {
      segments[i] = ':id';
      changed = true;
    }
  }
  let out = changed ? segments.join('/') : path;
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

interface CompiledRoute {
  template: string;
  method: string | null;
  /** null = a parameter (matches any one segment); '**' at the end matches the rest. */
  segments: (string | null)[];
  rest: boolean;
  literalCount: number;
  order: number;
}

export interface RouteMatch {
  method: string | null;
  template: string;
}

const METHOD_PREFIX = /^([A-Z]+)\s+(\S+)$/;

function compile(spec: string, order: number): CompiledRoute {
  const m = METHOD_PREFIX.exec(spec.trim());
  const method = m ? m[1]! : null;
  const template = (m ? m[2]! : spec.trim()).replace(/\/+$/, '') || '/';
  const parts = template.split('/').slice(1);
  let rest = false;
  if (parts[parts.length - 1] === '**') {
    rest = true;
    parts.pop();
  }
  const segments = parts.map((p) => (/^(?::\w+|\{[^}]*\}|<[^>]*>|\*|\[[^\]]*\])$/.test(p) ? null : p));
  return { template, method, segments, rest, literalCount: segments.filter((s) => s !== null).length, order };
}

/** Matches request paths against configured templates; the most literal template wins, then the first listed. */
export class RouteMatcher {
  private readonly routes: CompiledRoute[];

  constructor(templates: readonly string[]) {
    this.routes = templates
      .map((t, i) => compile(t, i))
      .sort((a, b) => b.literalCount - a.literalCount || Number(a.rest) - Number(b.rest) || (b.method ? 1 : 0) - (a.method ? 1 : 0) || a.order - b.order);
  }

  get size(): number {
    return this.routes.length;
  }

  match(method: string, path: string): RouteMatch | null {
    if (this.routes.length === 0) return null;
    const clean = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const parts = clean === '/' ? [] : clean.split('/').slice(1);
    for (const route of this.routes) {
      if (route.method && route.method !== method) continue;
      if (route.rest ? parts.length < route.segments.length : parts.length !== route.segments.length) continue;
      let ok = true;
      for (let i = 0; i < route.segments.length; i++) {
        const want = route.segments[i];
        if (want !== null && want !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (ok) return { method: route.method, template: route.template };
    }
    return null;
  }
}

const CACHE_LIMIT = 50_000;

/** Method + raw target → route template, with a bounded cache (access logs repeat the same paths millions of times). */
export class RouteTemplater {
  private readonly matcher: RouteMatcher;
  private cache = new Map<string, { template: string; configured: boolean }>();

  constructor(configured: readonly string[] = []) {
    this.matcher = new RouteMatcher(configured);
  }

  route(method: string, target: string): { template: string; configured: boolean } {
    const path = pathOfTarget(target);
    const key = this.matcher.size > 0 ? `${method} ${path}` : path;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const matched = this.matcher.match(method, path);
    const result = matched ? { template: matched.template, configured: true } : { template: templatePath(path), configured: false };
    if (this.cache.size >= CACHE_LIMIT) this.cache = new Map();
    this.cache.set(key, result);
    return result;
  }
}
