// Precision benchmark (issue 8): gitleaks' own rule cases (as .js and .txt files), a fixture repository shaped like the
// false positives and misses seen on real apps, and the history scan's memory on a large generated history.
// gitleaks scores 100% recall / 0% false positives on its own cases by definition: they are its rules' test cases.
// Run: npx tsx bench/precision.ts [--commits 8000] [--providers] [--no-history]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS_BY_ID } from '../src/checks/registry.ts';
import { runChecks } from '../src/checks/run.ts';
import { scanSecrets } from '../src/collect/secrets/index.ts';
import { DEFAULT_REPO_LIMITS } from '../src/collect/secrets/repo-files.ts';
import type { SecretsFacts } from '../src/facts/secrets.ts';
import { factsWith } from '../test/support/facts.ts';
import { GitFixture } from '../test/support/git-fixture.ts';
import { type CaseFileKind, falsePositiveRate, loadGitleaksCases, recall, runConformance, scannerLevelNegatives } from '../test/support/gitleaks-cases.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;

if (args[0] === '--history-child') {
  // Child process: scan one repository's history and report peak memory (the parent reads one JSON line).
  const facts = (await scanSecrets(args[1] as string, {
    repo: DEFAULT_REPO_LIMITS,
    history: { maxBytes: 4 * 1024 ** 3, timeoutMs: 600_000, maxLineBytes: 64 * 1024 },
  })) as SecretsFacts;
  process.stdout.write(
    `${JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), commits: facts.history?.commits, ms: facts.history?.ms, found: facts.history?.secrets.length, truncated: facts.history?.truncated })}\n`,
  );
  process.exit(0);
}

function gitleaksSection(): void {
  const cases = loadGitleaksCases();
  const negatives = scannerLevelNegatives(cases);
  console.log('\n## gitleaks rule cases (6,396 true positives, 374 false positives, 220 rules; gitleaks: 100% / 0% by definition)\n');
  console.log('| committed as | recall | FP raw (374) | FP scanner-level (352) | FP as blocker (352) | ms |');
  console.log('|---|---|---|---|---|---|');
  for (const kind of ['js', 'txt'] as CaseFileKind[]) {
    const started = performance.now();
    const all = runConformance(cases, kind);
    const neg = runConformance(negatives, kind);
    const ms = Math.round(performance.now() - started);
    const blockers = neg.falseAlarms.filter((f) => f.hits.some((h) => h.context === 'live')).length;
    console.log(
      `| .${kind} | ${pct(recall(all.overall))} (${all.overall.found}/${all.overall.truePositives}) | ${pct(falsePositiveRate(all.overall))} (${all.overall.flagged}) | ${pct(falsePositiveRate(neg.overall), 2)} (${neg.overall.flagged}) | ${pct(blockers / neg.overall.falsePositives, 2)} (${blockers}) | ${ms} |`,
    );
    if (kind === 'js' && args.includes('--providers')) {
      console.log('\n| provider | found | recall | look-alikes flagged | gitleaks |');
      console.log('|---|---|---|---|---|');
      for (const [provider, t] of [...all.byProvider].sort((a, b) => a[0].localeCompare(b[0])))
        console.log(`| ${provider} | ${t.found}/${t.truePositives} | ${pct(recall(t))} | ${t.flagged}/${t.falsePositives} | 100% / 0 |`);
      console.log('');
    }
  }
}

const j = (...parts: string[]): string => parts.join('');

async function fixtureSection(): Promise<void> {
  const repo = new GitFixture('launchready-bench-precision-');
  try {
    const azurite = j('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq', '/K1SZFPTOtr/KBHBeksoGMGw==');
    repo
      .write('apps/web/locales/sv/common.json', JSON.stringify({ api_key: 'API-nyckel', signing_secret: 'Signeringshemlighet' }))
      .write('apps/web/locales/nl/common.json', JSON.stringify({ signing_secret: 'Ondertekeningsgeheim', s3_credentials_error: 's3_credentials_error' }))
      .write('i18n.lock', 'workspace/api_keys/add_api_key: 3c7633a1f0e94b2d8c5a6e7f1b2c3d4e\n')
      .write('docs/storage.mdx', `AccountKey=${azurite};\npostgres://user:${j('p%40ss', 'w0rd%21x9')}@db.example.com/app\n`)
      .write('docker-compose.yml', `      - KEY=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azurite};\n`)
      .write('apps/web/__mocks__/github.ts', "export const githubToken = 'test-githubID';\n")
      .write('apps/web/playwright/fixtures/users.ts', `export const admin = { password: '${j('Zq8#', 'mK2$vL9!pR4w')}' };\n`)
      .write('.env.production', `DATABASE_URL=postgresql://umami:${j('shhh', 'h-its-a-', 'secret!')}@164.92.1.1:5432/umami\n`)
      .write('apps/formbricks/.env.test', 'DATABASE_URL=postgres://formbricks:formbricks@localhost:5432/formbricks\n')
      .write('apps/web/.env.development', `POSTHOG_API_KEY=${j('phc', '_', 'Qz8mK2vL9pR4wX7yB1nC5dF6hJ3sT0aE')}\n`)
      .write('src/billing.ts', `export const stripe = '${j('sk_', 'live_', '51HqZ8mK2vL9pR4wX7yB1nC5d')}';\n`);
    repo.commit('app');
    const facts = (await scanSecrets(repo.dir, { repo: DEFAULT_REPO_LIMITS, history: false })) as SecretsFacts;
    const findings = runChecks(factsWith({ secrets: facts }, { stages: ['repo'] }), CHECKS_BY_ID).findings.filter((f) => f.id.startsWith('secrets.'));
    console.log('\n## Fixture repository shaped like issue 8 (i18n, docs, mocks, emulator key, password with "secret", local default, PostHog, live Stripe)\n');
    console.log('| id | target | severity | context |');
    console.log('|---|---|---|---|');
    for (const f of findings) console.log(`| ${f.id} | ${f.target} | ${f.severity} | ${String(f.evidence.context ?? '')} |`);
    const byId = new Map<string, number>();
    for (const f of findings) byId.set(f.id, (byId.get(f.id) ?? 0) + 1);
    const blockers = findings.filter((f) => f.severity === 'blocker');
    console.log(`\nfindings per id: ${[...byId].map(([id, n]) => `${id} ${n}`).join(', ')}; blockers: ${blockers.length} (${blockers.map((b) => b.target).join(', ')})`);
    const docsOrTest = blockers.filter((b) => /docs\/|__mocks__|playwright|\.mdx$|locales|i18n/.test(b.target));
    console.log(`blockers on docs, test or mock fixtures: ${docsOrTest.length}`);
  } finally {
    repo.cleanup();
  }
}

/** An N-commit history through git fast-import: small code changes, a few credentials added and removed. */
async function generateHistory(dir: string, commits: number): Promise<void> {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const child = spawn('git', ['-C', dir, 'fast-import', '--quiet', '--done'], { stdio: ['pipe', 'inherit', 'inherit'] });
  const write = (chunk: string): Promise<void> => (child.stdin.write(chunk) ? Promise.resolve() : new Promise((r) => child.stdin.once('drain', () => r())));
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  for (let i = 1; i <= commits; i++) {
    const lines = Array.from({ length: 40 }, (_, k) => `export const value${i}_${k} = compute(${i * k}, 'order-${k}');`).join('\n');
    const extra = i % 500 === 0 ? `\nconst apiKey = "${j('sk_', 'live_', (i * 7919).toString(36).padEnd(24, 'Q7w'))}";\n` : '';
    await write(
      `commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@example.test> ${1_700_000_000 + i * 60} +0000\n${data(`change ${i}`)}${i > 1 ? `from :${i - 1}\n` : ''}M 100644 inline src/module${i % 300}.ts\n${data(lines + extra)}\n`,
    );
  }
  await write('done\n');
  child.stdin.end();
  await new Promise((r) => child.on('close', r));
}

async function historySection(): Promise<void> {
  const commits = flag('commits', 8000);
  const dir = mkdtempSync(join(tmpdir(), 'launchready-bench-history-'));
  try {
    const t0 = performance.now();
    await generateHistory(dir, commits);
    execFileSync('git', ['-C', dir, 'checkout', '-q', 'main']);
    const generated = Math.round(performance.now() - t0);
    const out = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--history-child', dir], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
    const r = JSON.parse(out.trim().split('\n').pop() as string) as { maxRssMb: number; commits: number; ms: number; found: number; truncated: string | null };
    console.log(`\n## History scan memory (${commits} generated commits, generated in ${generated} ms)\n`);
    console.log(`commits scanned ${r.commits}, ${r.ms} ms, credentials found ${r.found}, truncated: ${r.truncated ?? 'no'}, peak RSS ${r.maxRssMb} MB (goal < 300 MB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

gitleaksSection();
await fixtureSection();
if (!args.includes('--no-history')) await historySection();
console.log('\nTree scan time vs secretlint: npx tsx bench/secrets.ts (the same scanner; see the report for before/after figures).');
