// Which database a migration set runs on. The lock rules model PostgreSQL: a set for MySQL or SQLite (a Rails app on
// sqlite3, Prisma with provider "mysql") must not be judged by them. Read from the set's own tool files first, then from
// the drivers and adapters the project declares between the set and the repository root. Unknown counts as PostgreSQL.
import { dirname, join, relative, resolve, sep } from 'node:path';
import { readRegularFile } from '../../safe-file.js';
import type { MigrationLayout } from './layout.js';

type DatabaseEngine = 'postgresql' | 'mysql' | 'sqlite' | 'sqlserver';

interface EngineEvidence {
  engine: DatabaseEngine;
  /** Where it was read, e.g. `Gemfile: gem "sqlite3"`. */
  evidence: string;
}

const MAX_BYTES = 512 * 1024;

/** Provider and dialect names the tools write, and adapter names of Rails. */
const ENGINE_NAMES: Record<string, DatabaseEngine> = {
  postgresql: 'postgresql',
  postgres: 'postgresql',
  postgis: 'postgresql',
  cockroachdb: 'postgresql',
  mysql: 'mysql',
  mysql2: 'mysql',
  trilogy: 'mysql',
  mariadb: 'mysql',
  singlestore: 'mysql',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  turso: 'sqlite',
  sqlserver: 'sqlserver',
};

/** Database drivers by package name, per manifest kind. */
const RUBY_GEMS: Record<string, DatabaseEngine> = { pg: 'postgresql', mysql2: 'mysql', trilogy: 'mysql', sqlite3: 'sqlite', 'activerecord-sqlserver-adapter': 'sqlserver' };
const PYTHON_PACKAGES: Record<string, DatabaseEngine> = {
  psycopg: 'postgresql',
  'psycopg-binary': 'postgresql',
  psycopg2: 'postgresql',
  'psycopg2-binary': 'postgresql',
  asyncpg: 'postgresql',
  pg8000: 'postgresql',
  mysqlclient: 'mysql',
  pymysql: 'mysql',
  'mysql-connector-python': 'mysql',
  aiomysql: 'mysql',
  asyncmy: 'mysql',
  aiosqlite: 'sqlite',
  'mssql-django': 'sqlserver',
  pyodbc: 'sqlserver',
};
const NPM_PACKAGES: Record<string, DatabaseEngine> = {
  pg: 'postgresql',
  postgres: 'postgresql',
  'pg-promise': 'postgresql',
  '@neondatabase/serverless': 'postgresql',
  '@vercel/postgres': 'postgresql',
  mysql: 'mysql',
  mysql2: 'mysql',
  '@planetscale/database': 'mysql',
  sqlite3: 'sqlite',
  'better-sqlite3': 'sqlite',
  '@libsql/client': 'sqlite',
  mssql: 'sqlserver',
  tedious: 'sqlserver',
};

async function readText(path: string): Promise<string | null> {
  try {
    return (await readRegularFile(path, { maxBytes: MAX_BYTES, follow: false })).toString('utf8');
  } catch {
    return null;
  }
}

/** The set's own record of its database: Prisma's migration_lock.toml, drizzle-kit's journal. */
async function toolEngine(layout: MigrationLayout, root: string): Promise<EngineEvidence | null> {
  const own: [string, RegExp][] = [
    ['migration_lock.toml', /^\s*provider\s*=\s*"(\w+)"/m],
    ['meta/_journal.json', /"dialect"\s*:\s*"(\w+)"/],
  ];
  for (const [name, pattern] of own) {
    const text = await readText(join(layout.dir, name));
    const value = text ? pattern.exec(text)?.[1]?.toLowerCase() : undefined;
    const engine = value ? ENGINE_NAMES[value] : undefined;
    if (engine) return { engine, evidence: `${display(root, join(layout.dir, name))}: ${value}` };
  }
  return null;
}

function display(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** Every driver or adapter one directory declares. */
async function declaredIn(dir: string, root: string): Promise<EngineEvidence[]> {
  const found: EngineEvidence[] = [];
  const add = (engine: DatabaseEngine | undefined, file: string, what: string) => {
    if (engine) found.push({ engine, evidence: `${display(root, join(dir, file))}: ${what}` });
  };
  const gemfile = await readText(join(dir, 'Gemfile'));
  for (const m of gemfile?.matchAll(/^\s*gem\s+["']([\w-]+)["']/gm) ?? []) add(RUBY_GEMS[m[1] as string], 'Gemfile', `gem "${m[1]}"`);
  for (const name of ['database.yml', 'database.yml.sample', 'database.yml.example', 'database.yml.dist']) {
    const yml = await readText(join(dir, 'config', name));
    for (const m of yml?.matchAll(/^\s*adapter:\s*["']?(\w+)/gm) ?? []) add(ENGINE_NAMES[(m[1] as string).toLowerCase()], `config/${name}`, `adapter ${m[1]}`);
  }
  for (const name of ['requirements.txt', 'requirements-prod.txt', 'requirements/production.txt', 'requirements/base.txt', 'pyproject.toml', 'Pipfile', 'setup.py']) {
    const text = await readText(join(dir, name));
    for (const m of text?.matchAll(/^\s*["']?([A-Za-z][\w.-]*)/gm) ?? []) {
      const pkg = (m[1] as string).toLowerCase().replace(/_/g, '-');
      add(PYTHON_PACKAGES[pkg], name, pkg);
    }
  }
  const pkgJson = await readText(join(dir, 'package.json'));
  if (pkgJson) {
    try {
      const parsed = JSON.parse(pkgJson) as Record<string, unknown>;
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        const deps = parsed[field];
        if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) add(NPM_PACKAGES[name], 'package.json', name);
      }
    } catch {
      // not JSON: says nothing
    }
  }
  return found;
}

/**
 * The database a set runs on when it is known not to be PostgreSQL, or null (PostgreSQL, or nothing says). Any
 * PostgreSQL driver or adapter on the way up wins: a Rails app with sqlite3 for development and pg for production is
 * a PostgreSQL app.
 */
export async function nonPostgresEngine(layout: MigrationLayout, root: string): Promise<EngineEvidence | null> {
  const own = await toolEngine(layout, root);
  if (own) return own.engine === 'postgresql' ? null : own;
  const top = resolve(root);
  const declared: EngineEvidence[] = [];
  for (let dir = resolve(layout.dir); ; dir = dirname(dir)) {
    declared.push(...(await declaredIn(dir, top)));
    if (dir === top || !dir.startsWith(`${top}${sep}`)) break;
  }
  if (declared.length === 0 || declared.some((d) => d.engine === 'postgresql')) return null;
  return declared[0] ?? null;
}
