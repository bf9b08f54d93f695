// Rails routes from config/routes.rb, read as text (never run): resources/resource with only:/except:, member and
// collection routes, verbs with a path, namespace/scope nesting, root, concerns, shallow nesting, devise_for and
// use_doorkeeper, draw(:file).
// Ruby is not parsed: one statement per line (continuations joined), `do ... end` nesting; bounded throughout.
import { join } from 'node:path';
import { readRegularFileSync } from '../safe-file.js';
import type { FoundRoute } from './next-routes.js';

const MAX_LINES = 5000;
const MAX_DEPTH = 32;
const MAX_ROUTES = 2000;
const MAX_DRAWN_FILES = 20;

interface Frame {
  /** Prefix for routes declared directly in this block. */
  prefix: string;
  /** Inside `resources :x do`: where `on: :member` and `on: :collection` routes go. */
  member?: string;
  collection?: string;
  /** Bodies that are Ruby, not routes (direct, resolve), or test-only routes. */
  skip?: boolean;
  /** An `if Rails.env.test?` block: its `else` branch is live again. */
  envIf?: boolean;
  /** Where shallow member routes go: the namespace/scope path (or shallow_path), without the parent resources. */
  scope?: string;
  /** Inside `shallow do` or a `resources ..., shallow: true` block: nested resources' member routes go under `scope`. */
  shallow?: boolean;
  /** Directly inside a resource's block: a nested resource is shallow-able only there. */
  inResource?: boolean;
  /** A `concern :name do` body being recorded (statements replayed where `concerns:` names it); `own` on its frame. */
  capture?: string[];
  own?: boolean;
  /** `path_names: { new: 'neu', edit: 'bearbeiten' }` of an enclosing scope: the words of the new and edit routes. */
  pathNames?: { new: string; edit: string };
}

/** The new/edit words a statement's `path_names:` sets, over the inherited ones. */
function pathNamesOf(stmt: string, inherited: Frame['pathNames']): { new: string; edit: string } {
  const names = /\bpath_names:\s*\{([^}]*)\}/.exec(stmt)?.[1] ?? '';
  return { new: stringOption(names, 'new') ?? inherited?.new ?? 'new', edit: stringOption(names, 'edit') ?? inherited?.edit ?? 'edit' };
}

function readText(path: string): string | null {
  try {
    return readRegularFileSync(path, { maxBytes: 512 * 1024, follow: false }).toString('utf8');
  } catch {
    return null;
  }
}

/** tags → tag, categories → category, addresses → address: enough for the `:tag_id` Rails names nested routes with. */
function singular(name: string): string {
  if (/ies$/.test(name)) return name.replace(/ies$/, 'y');
  if (/(?:ss|sh|ch|x|z)es$/.test(name)) return name.replace(/es$/, '');
  return name.replace(/s$/, '');
}

const join2 = (prefix: string, part: string): string => {
  const p = part
    .replace(/\([^)]*\)/g, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/\/{2,}/g, '/');
  return p === '' ? prefix : `${prefix === '/' ? '' : prefix}/${p}`;
};

/** `[:a, :b]`, `%i[a b]`, `:a`, `"a"` after `key:` → the names. */
function listOption(stmt: string, key: string): string[] | null {
  const m = new RegExp(`\\b${key}:\\s*(\\[[^\\]]*\\]|%[iw]\\[[^\\]]*\\]|%[iw]\\([^)]*\\)|:\\w+|["']\\w+["'])`).exec(stmt);
  if (!m) return null;
  return [...(m[1] as string).replace(/^%[iw]/, '').matchAll(/\w+/g)].map((x) => x[0]);
}

function stringOption(stmt: string, key: string): string | null {
  const m = new RegExp(`\\b${key}:\\s*(?:["']([^"']*)["']|:(\\w+))`).exec(stmt);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** The symbols/strings a call names before its first `key:` option: `resources :a, :b, only: ...` → a, b. */
function leadingNames(args: string): string[] {
  const names: string[] = [];
  for (const part of args.split(',')) {
    const t = part.trim();
    const m = /^(?::(\w+)|["']([\w/.:()-]+)["'])$/.exec(t);
    if (!m) break;
    names.push((m[1] ?? m[2]) as string);
  }
  return names;
}

/** Logical statements: comments dropped, lines ending in `,`/`\` or with an open bracket joined to the next. */
function statements(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of text.split('\n').slice(0, MAX_LINES)) {
    const line = raw.replace(/(^|\s)#(?!\{).*$/, '').trim();
    pending = pending ? `${pending} ${line}` : line;
    const open = (pending.match(/[[({]/g)?.length ?? 0) - (pending.match(/[\])}]/g)?.length ?? 0);
    if ((/[,\\]$/.test(pending) || open > 0) && pending.length < 2000) continue;
    if (pending) out.push(pending.replace(/\\$/, ''));
    pending = '';
  }
  if (pending) out.push(pending);
  return out;
}

const VERBS = 'get|post|put|patch|delete|match';
/** Concern bodies replayed at most this many times in all: a concern naming itself must not loop. */
const MAX_CONCERN_USES = 200;

/** The routes of a Rails app whose root is `appDir` (repository-relative, '' for the root). */
export function railsRoutes(repoRoot: string, appDir: string): FoundRoute[] {
  const routes: FoundRoute[] = [];
  const relRoutes = [appDir, 'config/routes.rb'].filter(Boolean).join('/');
  const text = readText(join(repoRoot, relRoutes));
  if (text === null) return routes;
  let drawn = 0;
  let concernUses = 0;
  const concerns = new Map<string, string[]>();
  const add = (method: string, path: string, source: string, kind?: string) => {
    if (routes.length < MAX_ROUTES && !path.includes('*')) routes.push({ method: method.toUpperCase(), path: path || '/', source, ...(kind ? { kind } : {}) });
  };

  // a concern's routes, written where a resource names it (`concerns: :commentable`) or a block says `concerns :x`
  const useConcerns = (names: string[], source: string, at: Frame) => {
    for (const name of names) {
      const body = concerns.get(name);
      if (body && concernUses++ < MAX_CONCERN_USES) run(body, source, [{ ...at, skip: false, envIf: false }]);
    }
  };

  const run = (lines: string[], source: string, stack: Frame[]) => {
    const top = () => stack[stack.length - 1] as Frame;
    for (const stmt of lines) {
      if (stmt === '') continue;
      const frame = top();
      if (frame.capture) {
        // recording a concern: its own `end` closes it, anything else is kept for replay
        if (/^end\b/.test(stmt) && frame.own) stack.pop();
        else {
          frame.capture.push(stmt);
          if (/^end\b/.test(stmt)) stack.pop();
          else if (/\bdo(?:\s*\|[^|]*\|)?$/.test(stmt) || /^(?:if|unless|case|while|until|begin|def|class|module)\b/.test(stmt)) stack.push({ ...frame, own: false });
        }
        continue;
      }
      if (/^end\b/.test(stmt)) {
        if (stack.length > 1) stack.pop();
        continue;
      }
      if (/^(?:else|elsif)\b/.test(stmt)) {
        if (frame.envIf) frame.skip = !frame.skip;
        continue;
      }
      const opensBlock = /\bdo(?:\s*\|[^|]*\|)?$/.test(stmt) || /^(?:if|unless|case|while|until|begin|def|class|module)\b/.test(stmt);
      // a block keeps the scope and shallowness it is in unless it sets its own
      const push = (f: Frame) => {
        const next = { scope: frame.scope, shallow: frame.shallow, pathNames: frame.pathNames, ...f };
        if (opensBlock && stack.length < MAX_DEPTH) stack.push(next);
        else if (opensBlock) stack.push({ prefix: frame.prefix, skip: true });
      };
      if (frame.skip) {
        push({ prefix: frame.prefix, skip: true });
        continue;
      }
      const [, word = '', args = ''] = /^([a-z_]+)[\s(]*(.*)$/.exec(stmt) ?? [];
      const rest = args.replace(/\s*\)?\s*\bdo(?:\s*\|[^|]*\|)?$/, '');
      if (word === 'if' || word === 'unless') {
        // test- and development-only routes do not exist in production
        const envOnly = /Rails\.env\.(?:test|development)\?/.test(rest) && word === 'if';
        push({ prefix: frame.prefix, skip: envOnly, envIf: envOnly });
        continue;
      }
      if (word === 'namespace' || word === 'scope') {
        const name = word === 'namespace' ? (leadingNames(rest)[0] ?? '') : (leadingNames(rest)[0] ?? stringOption(rest, 'path') ?? '');
        const path = stringOption(rest, 'path') ?? name;
        const prefix = join2(frame.prefix, path);
        // shallow member routes keep the namespace's path (or shallow_path's), not the parent resources'
        const scope = join2(word === 'namespace' || !frame.inResource ? prefix : (frame.scope ?? '/'), stringOption(rest, 'shallow_path') ?? '');
        push({
          prefix,
          scope,
          shallow: frame.shallow || /\bshallow:\s*true\b/.test(rest),
          inResource: frame.inResource && word === 'scope',
          pathNames: pathNamesOf(rest, frame.pathNames),
        });
        continue;
      }
      if (word === 'shallow') {
        push({ prefix: frame.prefix, member: frame.member, collection: frame.collection, inResource: frame.inResource, shallow: true });
        continue;
      }
      if (word === 'concern') {
        const name = leadingNames(rest)[0];
        const body: string[] = [];
        if (name && opensBlock) concerns.set(name, body);
        push({ prefix: frame.prefix, skip: true, capture: body, own: true });
        continue;
      }
      if (word === 'concerns') {
        useConcerns(leadingNames(rest), source, frame);
        continue;
      }
      if (word === 'direct' || word === 'resolve' || word === 'def' || word === 'class' || word === 'module') {
        push({ prefix: frame.prefix, skip: true });
        continue;
      }
      if (word === 'resources' || word === 'resource') {
        const plural = word === 'resources';
        const names = leadingNames(rest);
        const only = listOption(rest, 'only');
        const except = listOption(rest, 'except') ?? [];
        const param = stringOption(rest, 'param') ?? 'id';
        const all = plural ? ['index', 'create', 'new', 'edit', 'show', 'update', 'destroy'] : ['create', 'new', 'edit', 'show', 'update', 'destroy'];
        const actions = all.filter((a) => (only ? only.includes(a) : true) && !except.includes(a));
        let last: Frame | null = null;
        const shallow = frame.shallow || /\bshallow:\s*true\b/.test(rest);
        const words = pathNamesOf(rest, frame.pathNames);
        for (const name of names) {
          const segment = stringOption(rest, 'path') ?? name;
          const base = join2(frame.prefix, segment);
          // shallow nesting: a nested resource's collection stays under its parent, its members move to the scope
          const memberBase = plural && shallow && frame.inResource ? join2(frame.scope ?? '/', segment) : base;
          const member = plural ? `${memberBase}/:${param}` : base;
          for (const a of actions) {
            if (a === 'index') add('GET', base, source);
            if (a === 'create') add('POST', base, source);
            if (a === 'new') add('GET', `${base}/${words.new}`, source);
            if (a === 'edit') add('GET', `${member}/${words.edit}`, source);
            if (a === 'show') add('GET', member, source);
            if (a === 'update') add('PATCH', member, source);
            if (a === 'destroy') add('DELETE', member, source);
          }
          const nested = plural ? `${shallow ? memberBase : base}/:${singular(name)}_${param === 'id' ? 'id' : param}` : base;
          last = { prefix: nested, member, collection: base, scope: frame.scope, shallow, inResource: true };
          useConcerns(listOption(rest, 'concerns') ?? [], source, last);
        }
        push(last ?? { prefix: frame.prefix });
        continue;
      }
      if (word === 'member' || word === 'collection') {
        push({ prefix: (word === 'member' ? frame.member : frame.collection) ?? frame.prefix, inResource: false });
        continue;
      }
      if (new RegExp(`^(?:${VERBS})$`).test(word)) {
        const target = /^(?:["']([^"']*)["']|:(\w+))/.exec(rest);
        const on = stringOption(rest, 'on');
        const base = on === 'member' ? (frame.member ?? frame.prefix) : on === 'collection' ? (frame.collection ?? frame.prefix) : frame.prefix;
        const path = target ? join2(base, (target[1] ?? target[2]) as string) : null;
        const methods = word === 'match' ? (listOption(rest, 'via') ?? ['get']).filter((v) => v !== 'all') : [word];
        if (path !== null) for (const m of methods) add(m, path, source);
        push({ prefix: path ?? frame.prefix });
        continue;
      }
      if (word === 'root') {
        add('GET', frame.prefix, source);
        continue;
      }
      if (word === 'devise_for') {
        for (const name of leadingNames(rest)) devise(rest, name, frame.prefix, source, add);
        push({ prefix: frame.prefix });
        continue;
      }
      if (word === 'use_doorkeeper') {
        const base = join2(frame.prefix, stringOption(rest, 'scope') ?? 'oauth');
        add('POST', `${base}/token`, source, 'login');
        add('GET', `${base}/authorize`, source);
        push({ prefix: frame.prefix, skip: true });
        continue;
      }
      if (word === 'draw') {
        const name = leadingNames(rest)[0];
        const file = name && /^[\w/]+$/.test(name) && !name.includes('..') ? [appDir, `config/routes/${name}.rb`].filter(Boolean).join('/') : null;
        const drawnText = file && drawn < MAX_DRAWN_FILES ? readText(join(repoRoot, file)) : null;
        if (file && drawnText !== null) {
          drawn++;
          run(statements(drawnText), file, [{ ...frame, skip: false, envIf: false, capture: undefined }]);
        }
        continue;
      }
      // mount, constraints, authenticate, devise_scope, controller, defaults...: a block keeps the prefix
      push({ prefix: frame.prefix });
    }
  };
  run(statements(text), relRoutes, [{ prefix: '/', scope: '/' }]);
  return routes;
}

/** devise_for: the sign-in, password-reset and sign-up routes the protection stage needs, honouring path:, skip:, only:, path_names:. */
function devise(stmt: string, name: string, prefix: string, source: string, add: (method: string, path: string, source: string, kind?: string) => void): void {
  const base = join2(prefix, stringOption(stmt, 'path') ?? name);
  const skip = listOption(stmt, 'skip') ?? [];
  const only = listOption(stmt, 'only');
  const on = (module: string) => !skip.includes(module) && (only === null || only.includes(module));
  const names = /\bpath_names:\s*\{([^}]*)\}/.exec(stmt)?.[1] ?? '';
  const pathName = (key: string, fallback: string) => stringOption(names, key) ?? fallback;
  if (on('sessions')) {
    add('GET', join2(base, pathName('sign_in', 'sign_in')), source);
    add('POST', join2(base, pathName('sign_in', 'sign_in')), source, 'login');
    add('DELETE', join2(base, pathName('sign_out', 'sign_out')), source);
  }
  if (on('passwords')) {
    const p = join2(base, pathName('password', 'password'));
    add('GET', `${p}/new`, source);
    add('POST', p, source, 'password-reset');
    add('GET', `${p}/edit`, source);
    add('PATCH', p, source, 'password-reset');
  }
  if (on('registrations')) {
    const r = join2(base, pathName('registration', ''));
    add('GET', join2(r, pathName('sign_up', 'sign_up')), source);
    add('POST', r, source, 'signup');
  }
}
