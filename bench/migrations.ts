// Migrations benchmark: launchready's static analysis against squawk (npm squawk-cli, installed by hand with --no-save: the registry here lacks its other platforms' packages, so it cannot be locked; its binary comes
// in a platform package, no download step) on squawk's own rule cases and on a generated repository of migration files.
// Prints agreement per squawk rule and wall time side by side.
// Then applies 1,000 statements in the sandbox (PGlite) and prints the wall time (goal: under 60 s).
// Run: npx tsx bench/migrations.ts [--files 1000] [--sandbox-statements 1000] [--no-squawk] [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism as availableCores, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQUAWK_RULES } from '../src/analyze/sql/squawk-rules.ts';
import { Redactor } from '../src/mask.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const FILES = flag('files', 1000);
const SANDBOX_STATEMENTS = flag('sandbox-statements', 1000);
const KEEP = args.includes('--keep');
const SQUAWK_BIN = join(import.meta.dirname, '..', 'node_modules', '.bin', 'squawk');
const RUN_SQUAWK = !args.includes('--no-squawk') && existsSync(SQUAWK_BIN);
if (!RUN_SQUAWK && !args.includes('--no-squawk')) console.log('squawk not installed: `npm install --no-save squawk-cli@2.66.0` to compare; showing launchready only\n');

const work = mkdtempSync(join(tmpdir(), 'lr-bench-migrations-'));
const ms = (from: number): number => Math.round(performance.now() - from);

function squawk(files: string[], extra: string[]): { violations: { file: string; rule_name: string }[]; ms: number } {
  const started = performance.now();
  const out = spawnSync(SQUAWK_BIN, ['--reporter', 'json', ...extra, ...files], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (out.error) throw out.error;
  let violations: { file: string; rule_name: string }[] = [];
  try {
    violations = JSON.parse(out.stdout || '[]');
  } catch {
    console.log(`squawk output not JSON (exit ${out.status}): ${out.stderr.slice(0, 300)}`);
  }
  return { violations, ms: ms(started) };
}

// Start-up: loading the modules and the WebAssembly parser is paid once per run.
let started = performance.now();
const { agreementTable, conformance, loadSquawkCases } = await import('../test/support/squawk-conformance.ts');
const { collectMigrations } = await import('../src/collect/migrations/index.ts');
const { buildPlan } = await import('../src/plan.ts');
const { NetContext } = await import('../src/net/context.ts');
const { loadSqlParser } = await import('../src/analyze/sql/parse.ts');
await loadSqlParser();
const launchreadStartMs = ms(started);

// 1. squawk's rule cases, each its own file
const cases = loadSquawkCases();
started = performance.now();
const result = conformance(cases);
const launchreadCasesMs = ms(started);

const squawkByRule = new Map<string, { violating: number; flagged: number; ok: number; wrongly: number }>();
let squawkCasesMs = 0;
if (RUN_SQUAWK) {
  const groups = new Map<string, { file: string; rule: string; expect: string }[]>();
  cases.forEach((c, i) => {
    const assume = c.settings.assume_in_transaction === true;
    const key = JSON.stringify([c.settings.pg_version ?? null, assume]);
    const file = join(work, 'cases', `${String(i).padStart(3, '0')}.sql`);
    mkdirSync(join(work, 'cases'), { recursive: true });
    writeFileSync(file, c.sql);
    groups.set(key, [...(groups.get(key) ?? []), { file, rule: c.rule, expect: c.expect }]);
  });
  const include = ['--include', SQUAWK_RULES.map((r) => r.rule).join(',')];
  for (const [key, members] of groups) {
    const [pg, assume] = JSON.parse(key) as [string | null, boolean];
    const extra = [...include, ...(pg ? ['--pg-version', `${pg}.0`] : []), ...(assume ? ['--assume-in-transaction'] : [])];
    const run = squawk(
      members.map((m) => m.file),
      extra,
    );
    squawkCasesMs += run.ms;
    for (const m of members) {
      const row = squawkByRule.get(m.rule) ?? { violating: 0, flagged: 0, ok: 0, wrongly: 0 };
      const flagged = run.violations.some((v) => v.file === m.file && v.rule_name === m.rule);
      if (m.expect === 'violation') {
        row.violating++;
        if (flagged) row.flagged++;
      } else {
        row.ok++;
        if (flagged) row.wrongly++;
      }
      squawkByRule.set(m.rule, row);
    }
  }
}

console.log(`squawk rule cases: ${cases.length}\n`);
console.log(agreementTable(result));
if (RUN_SQUAWK) {
  console.log('\nper rule, violating cases flagged and ok cases flagged: squawk | launchready');
  for (const r of result.rules) {
    const s = squawkByRule.get(r.rule);
    if (!s) continue;
    console.log(
      `${r.rule.padEnd(46)} squawk ${s.flagged}/${s.violating}, ${s.wrongly}/${s.ok}`.padEnd(80) +
        `| launchready ${r.id ? `${r.flagged}/${r.violating}, ${r.wronglyFlagged}/${r.ok}` : '(decision)'}`,
    );
  }
}

// 2. a generated repository of migration files
const STATEMENTS = [
  (t: string) => `CREATE TABLE ${t} (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, owner_id bigint, note text, created_at timestamptz DEFAULT now());`,
  (t: string) => `ALTER TABLE ${t} ADD COLUMN status text DEFAULT 'new';`,
  (t: string) => `CREATE INDEX ${t}_owner_idx ON ${t} (owner_id);`,
  (t: string) => `ALTER TABLE ${t} ALTER COLUMN note TYPE varchar(200);`,
  (t: string) => `UPDATE ${t} SET status = 'old' WHERE status IS NULL;`,
  (t: string) => `ALTER TABLE ${t} ADD CONSTRAINT ${t}_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID;`,
  (t: string) => `ALTER TABLE ${t} VALIDATE CONSTRAINT ${t}_owner_fk;`,
  (t: string) => `COMMENT ON TABLE ${t} IS 'generated';`,
  (t: string) => `ALTER TABLE ${t} ALTER COLUMN status SET NOT NULL;`,
];
/** A repository of generated migration files (200-odd tables, each created then altered), stopping at `limit` statements. */
function generateRepo(name: string, files: number, limit = Number.POSITIVE_INFINITY): { dir: string; repo: string; statements: number } {
  const repo = join(work, name);
  const dir = join(repo, 'db', 'migrations');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '00000_users.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY);\n');
  let statements = 1;
  for (let i = 1; i <= files && statements < limit; i++) {
    const table = `t${Math.ceil(i / 5)}`;
    const body = i % 5 === 1 ? [STATEMENTS[0]?.(table)] : [0, 1, 2].map((k) => STATEMENTS[1 + ((i * 3 + k) % (STATEMENTS.length - 1))]?.(table));
    const kept = body.slice(0, Math.max(1, Math.min(body.length, limit - statements)));
    statements += kept.length;
    writeFileSync(join(dir, `${String(i).padStart(5, '0')}_change.sql`), `${kept.join('\n')}\n`);
  }
  return { dir, repo, statements };
}

const net = new NetContext({ timeoutMs: 5000, concurrency: 2, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
const collectIn = async (repo: string, measure: boolean) => {
  const { plan, secrets } = buildPlan({}, { urls: [], repo, cwd: repo, cwdIsGitRepo: false }, {});
  return collectMigrations({ plan, secrets, net, redactor: new Redactor(), facts: {}, progress() {} }, { measure });
};
const generated = generateRepo('repo', FILES);
const dir = generated.dir;
const statementCount = generated.statements;
started = performance.now();
const facts = await collectIn(generated.repo, false);
const launchreadRepoMs = ms(started);
const hazards = facts.statements.reduce((n, s) => n + s.hazards.length, 0);

console.log(`\ngenerated repository: ${FILES + 1} migration files, ${statementCount} statements`);
console.log(
  `launchready static pass: ${launchreadRepoMs} ms (${facts.files.length} files, ${hazards} hazards); start-up (modules + parser) ${launchreadStartMs} ms; squawk cases ${launchreadCasesMs} ms`,
);
if (RUN_SQUAWK) {
  const versionStarted = performance.now();
  spawnSync(SQUAWK_BIN, ['--version'], { encoding: 'utf8' });
  const startup = ms(versionStarted);
  const run = squawk(
    Array.from({ length: FILES + 1 }, (_, i) => join(dir, `${String(i).padStart(5, '0')}_${i === 0 ? 'users' : 'change'}.sql`)),
    [],
  );
  console.log(`squawk:                  ${run.ms} ms (${run.violations.length} violations); start-up ${startup} ms; squawk cases ${squawkCasesMs} ms`);
  const budget = 3 * run.ms + launchreadStartMs;
  console.log(
    `goal: launchready pass <= 3 x squawk (${run.ms} ms) + start-up (${launchreadStartMs} ms) = ${budget} ms: ${launchreadRepoMs <= budget ? 'met' : 'NOT met'} (${(launchreadRepoMs / Math.max(1, run.ms)).toFixed(1)}x squawk)`,
  );
}
// 3. the sandbox: the same kind of repository cut at SANDBOX_STATEMENTS statements, applied and measured in PGlite
if (SANDBOX_STATEMENTS > 0) {
  const sandboxRepo = generateRepo('sandbox', FILES * 10, SANDBOX_STATEMENTS);
  const load = loadavg()[0]?.toFixed(1);
  started = performance.now();
  const measuredFacts = await collectIn(sandboxRepo.repo, true);
  const sandboxMs = ms(started);
  const run = measuredFacts.dynamic;
  const measured = measuredFacts.statements.filter((s) => s.measured && !s.measured.skipped).length;
  console.log(
    `\nsandbox (${run?.engine ?? 'not started'}): ${sandboxRepo.statements} statements, ${run?.statementsRun ?? 0} run, ${measured} kept with a measurement, ${run?.seeded.length ?? 0} tables seeded with up to ${run?.seedRows} rows`,
  );
  console.log(
    `  wall ${sandboxMs} ms (start-up ${run?.startMs} ms, restarts ${run?.restarts}${run?.error ? `, error ${run.error.message}` : ''}); 1-minute load average before: ${load} on ${availableCores()} cores`,
  );
  console.log(`  goal: ${SANDBOX_STATEMENTS} statements in under 60 s: ${sandboxMs < 60_000 ? 'met' : 'NOT met'}`);
}
if (KEEP) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
