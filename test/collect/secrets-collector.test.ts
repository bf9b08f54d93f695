// The secrets collector on fixture repositories with real commits: HEAD vs history, .env files, suppression, masking.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectFacts } from '../../src/collect/run.ts';
import { scanSecrets, secretFingerprint, secretsCollector } from '../../src/collect/secrets/index.ts';
import { DEFAULT_REPO_LIMITS } from '../../src/collect/secrets/repo-files.ts';
import type { SecretsFacts } from '../../src/facts/secrets.ts';
import { maskSecret, Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildReport } from '../../src/report/build.ts';
import { REPORTERS } from '../../src/report/formats/index.ts';
import { planFor } from '../support/facts.ts';
import { GitFixture } from '../support/git-fixture.ts';
import { runAllChecks } from '../support/run-all.ts';

// Assembled at run time so this test file holds no literal credential.
const j = (...parts: string[]) => parts.join('');
const removedToken = j('ghp', '_', 'R3m0v3dT0k3nZq8mK2vL9pR4wX7yB1nC5dF6');
const liveStripe = j('sk_', 'live_', '51HqZ8mK2vL9pR4wX7yB1nC5d');
const suppressedKey = j('AKIA', 'Q7W3LPMXK4RTY2NB');
const ignoredByFile = j('xoxb-', '123456789012-1234567890123-', 'aB3dE5gH7jK9mN1pQ3sT5vW7');
const dbPassword = 'Vq9w2XzR7tLm4PkS';
const bundleNoise = Array.from({ length: 200 }, (_, i) => `"${Buffer.from(`noise-${i}-${'q'.repeat(i % 7)}`).toString('base64')}${(i * 7919).toString(36)}"`).join(',');

const options = { repo: DEFAULT_REPO_LIMITS, history: { maxBytes: 64 * 1024 * 1024, timeoutMs: 60_000, maxLineBytes: 64 * 1024 } };

describe('secrets collector on a git repository', { timeout: 120_000 }, () => {
  const repo = new GitFixture();
  let facts: SecretsFacts;
  let firstCommit = '';

  before(async () => {
    repo
      .write('.gitignore', 'node_modules\n')
      .write('config/release.js', `module.exports = { token: '${removedToken}' };\n`)
      .write('src/app.ts', `import Stripe from 'stripe';\nexport const stripe = new Stripe('${liveStripe}');\n`)
      .write('src/aws.ts', `// launchready:ignore\nconst id = '${suppressedKey}';\n`)
      .write('src/slack.ts', `export const hook = '${ignoredByFile}';\n`)
      .write('.env', `DATABASE_URL=postgres://app:${dbPassword}@db.internal:5432/app\nEMPTY=\n`)
      .write('.env.example', 'DATABASE_URL=postgres://user:password@localhost:5432/app\nSTRIPE_SECRET_KEY=sk_live_your_key_here\n')
      .write(
        'package-lock.json',
        JSON.stringify(
          { packages: { 'node_modules/a': { integrity: `sha512-${Buffer.alloc(64, 7).toString('base64')}`, resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz' } } },
          null,
          2,
        ),
      )
      .write('public/app.min.js', `var secret_tokens=[${bundleNoise}];var password="${'Zq8#mK2$'.repeat(3)}";\n`)
      .write('logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(`password="${dbPassword}"`)]));
    firstCommit = repo.commit('initial');
    repo.write('config/release.js', 'module.exports = { token: process.env.RELEASE_TOKEN };\n');
    repo.commit('read the release token from the environment');
    const slackFingerprint = secretFingerprint('secrets.hardcoded', 'src/slack.ts', 'slack-bot-token', maskSecret(ignoredByFile));
    repo.write('.launchreadyignore', `# known test hook\n${slackFingerprint}\n`);
    repo.commit('ignore the test hook');
    const result = await scanSecrets(repo.dir, options);
    assert.ok(!('error' in result), JSON.stringify(result));
    facts = result as SecretsFacts;
  });
  after(() => repo.cleanup());

  it('finds the credential at HEAD with file, line, rule and a masked value', () => {
    assert.deepEqual(
      facts.hardcoded.map((s) => [s.file, s.line, s.rule, s.value]),
      [
        ['.env', 1, 'database-url-with-password', maskSecret(dbPassword)],
        ['src/app.ts', 2, 'stripe-secret-key', maskSecret(liveStripe)],
      ],
    );
  });

  it('reports the removed token as in history, with the commit that added it', () => {
    assert.equal(facts.history?.truncated, null);
    assert.equal(facts.history?.commits, 3);
    assert.deepEqual(
      facts.history?.secrets.map((s) => [s.file, s.line, s.rule, s.commit, s.value]),
      [['config/release.js', 1, 'github-pat', firstCommit, maskSecret(removedToken)]],
    );
    assert.match(facts.history?.secrets[0]?.authorDate ?? '', /^2025-01-02T/);
  });

  it('honours inline comments and .launchreadyignore fingerprints', () => {
    assert.equal(facts.suppressed.inline, 1);
    assert.equal(facts.suppressed.ignoreFile, 1);
  });

  it('nothing from the lock file, the minified bundle or the binary', () => {
    const files = [...facts.hardcoded, ...(facts.history?.secrets ?? [])].map((s) => s.file);
    for (const f of ['package-lock.json', 'public/app.min.js', 'logo.png', '.env.example']) assert.ok(!files.includes(f), `${f} produced a finding`);
    assert.equal(facts.skipped.binary, 1);
  });

  it('sees the committed .env (names only) and that .env is not ignored', () => {
    assert.deepEqual(facts.envFiles, [{ path: '.env', variables: ['DATABASE_URL'] }]);
    assert.deepEqual(facts.envIgnored, { ignored: false, method: 'git check-ignore', source: null });
  });

  it('never stores a raw value in the facts', () => {
    const json = JSON.stringify(facts);
    for (const raw of [removedToken, liveStripe, suppressedKey, ignoredByFile, dbPassword]) assert.ok(!json.includes(raw), `raw value ${raw.slice(0, 4)}… leaked into facts`);
  });

  it('never prints a raw value in any report format, and fingerprints match .launchreadyignore', async () => {
    const plan = planFor({ repo: repo.dir, stages: ['repo'] });
    const net = new NetContext({ timeoutMs: 1000, concurrency: 1, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
    const collected = await collectFacts(plan, { routeHeaders: {}, routeBodies: {}, databaseUrl: null }, net, new Redactor(), undefined, [secretsCollector]);
    const output = runAllChecks(collected);
    const report = buildReport(collected, output, { startedAt: new Date(), redactor: new Redactor() });
    const hardcoded = report.findings.filter((f) => f.id === 'secrets.hardcoded');
    assert.equal(hardcoded.length, 2);
    const stripeFinding = hardcoded.find((f) => f.target === 'src/app.ts');
    assert.equal(stripeFinding?.fingerprint, secretFingerprint('secrets.hardcoded', 'src/app.ts', 'stripe-secret-key', maskSecret(liveStripe)));
    assert.ok(report.findings.some((f) => f.id === 'secrets.in-history'));
    assert.ok(report.findings.some((f) => f.id === 'secrets.env-file-committed'));
    assert.ok(report.findings.some((f) => f.id === 'secrets.env-not-ignored'));
    const sinks: [string, string][] = [['facts', JSON.stringify(collected)]];
    for (const [name, render] of Object.entries(REPORTERS)) sinks.push([name, render(report, { color: false, width: 100, htmlPath: null })]);
    assert.ok(sinks.length >= 3);
    for (const [name, text] of sinks) {
      for (const raw of [removedToken, liveStripe, suppressedKey, ignoredByFile, dbPassword]) assert.ok(!text.includes(raw), `${name} output leaks ${raw.slice(0, 4)}…`);
    }
  });
});

describe('secrets collector on other layouts', { timeout: 60_000 }, () => {
  it('an ignored, untracked .env is neither scanned nor reported', async () => {
    const repo = new GitFixture();
    try {
      repo.write('.gitignore', '.env\n.env.*\n!.env.example\n').write('index.js', 'console.log(1)\n');
      repo.commit('init');
      repo.write('.env', `STRIPE_SECRET_KEY=${liveStripe}\n`);
      const facts = (await scanSecrets(repo.dir, options)) as SecretsFacts;
      assert.deepEqual(facts.hardcoded, []);
      assert.deepEqual(facts.envFiles, []);
      assert.equal(facts.envIgnored.ignored, true);
      assert.match(facts.envIgnored.source ?? '', /\.gitignore/);
    } finally {
      repo.cleanup();
    }
  });

  it('a plain directory: the working tree is scanned and .gitignore is read', async () => {
    const dir = new GitFixture('launchready-plain-', { git: false });
    try {
      dir.write('.gitignore', '/.env*\n').write('server.py', `STRIPE = "${liveStripe}"\n`).write('node_modules/x/index.js', `k="${liveStripe}"\n`);
      const facts = (await scanSecrets(dir.dir, options)) as SecretsFacts;
      assert.equal(facts.gitRepo, false);
      assert.equal(facts.history, null);
      assert.deepEqual(
        facts.hardcoded.map((s) => [s.file, s.rule]),
        [['server.py', 'stripe-secret-key']],
      );
      assert.deepEqual(facts.envIgnored, { ignored: true, method: '.gitignore', source: '.gitignore: /.env*' });
    } finally {
      dir.cleanup();
    }
  });

  it('a tree scan out of time says so and how many files it did not read', async () => {
    const dir = new GitFixture('launchready-slow-', { git: false });
    try {
      for (let i = 0; i < 50; i++) dir.write(`f${i}.js`, 'x\n');
      const facts = (await scanSecrets(dir.dir, { ...options, treeTimeoutMs: -1 })) as SecretsFacts;
      assert.equal(facts.scanned.files, 0);
      assert.equal(facts.scanned.truncated, 'time limit of 0 s reached: 50 files not read');
    } finally {
      dir.cleanup();
    }
  });

  it('a missing repository is a collector failure, and no repo is a missing input', async () => {
    const r = await scanSecrets('/nonexistent/launchready-repo', options);
    assert.deepEqual(r, { error: { code: 'REPO_NOT_FOUND', message: 'repository /nonexistent/launchready-repo does not exist' } });
    assert.match(secretsCollector.missingInput(planFor({ repo: null })) ?? '', /--repo DIR/);
  });
});
