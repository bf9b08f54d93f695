// Regression corpus for issue 8: small repositories shaped like the real apps where findings were judged by hand
// (umami, maybe, documenso, formbricks). Each asserts the exact findings (id, target, severity) a reviewer agrees with.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { scanSecrets } from '../../src/collect/secrets/index.ts';
import { DEFAULT_REPO_LIMITS } from '../../src/collect/secrets/repo-files.ts';
import type { SecretsFacts } from '../../src/facts/secrets.ts';
import { factsWith } from '../support/facts.ts';
import { GitFixture } from '../support/git-fixture.ts';
import { runAllChecks } from '../support/run-all.ts';

// Assembled at run time so this file holds no literal credential.
const j = (...parts: string[]) => parts.join('');
const azurite = j('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq', '/K1SZFPTOtr/KBHBeksoGMGw==');
const umamiPassword = j('shhh', 'h-its-a-', 'secret!');
const renderPassword = j('Xk2', 'pQ9vL4mR8tW1zN6b');
const posthogKey = j('phc', '_', 'Qz8mK2vL9pR4wX7yB1nC5dF6hJ3sT0aE');
const stripeLive = j('sk_', 'live_', '51HqZ8mK2vL9pR4wX7yB1nC5d');
const mockPassword = j('Zq8#', 'mK2$vL9!pR4w');

const options = { repo: DEFAULT_REPO_LIMITS, history: { maxBytes: 64 * 1024 * 1024, timeoutMs: 60_000, maxLineBytes: 64 * 1024 } };

type Row = [id: string, target: string, severity: string];
function findingRows(facts: SecretsFacts): Row[] {
  const out = runAllChecks(factsWith({ secrets: facts }, { stages: ['repo'] }));
  return out.findings
    .filter((f) => f.id.startsWith('secrets.'))
    .map((f): Row => [f.id, f.target, f.severity])
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

describe('secrets precision corpus (issue 8)', { timeout: 120_000 }, () => {
  const repo = new GitFixture('launchready-precision-');
  let facts: SecretsFacts;

  before(async () => {
    repo
      .write('.gitignore', '.env\n')
      // i18n: translations of "API key", "signing secret", error identifiers; i18n.lock hashes under add_api_key
      .write(
        'apps/web/locales/sv/common.json',
        JSON.stringify({ api_key: 'API-nyckel', signing_secret: 'Signeringshemlighet', webhook_secret_label: 'Webhook-hemlighet', token_expired: 'Token har gått ut' }, null, 2),
      )
      .write('apps/web/locales/nl/common.json', JSON.stringify({ signing_secret: 'Ondertekeningsgeheim', s3_credentials_error: 's3_credentials_error' }, null, 2))
      .write('i18n.lock', 'workspace/api_keys/add_api_key: 3c7633a1f0e94b2d8c5a6e7f1b2c3d4e\n')
      .write('src/errors.ts', "export const S3_ERROR = { code: 's3_credentials_error', token_type: 'refresh_token_rotation' };\n")
      // docs: the Azurite emulator key and a URL-encoding example in .mdx
      .write(
        'docs/storage.mdx',
        `Use the emulator:\n\n\`\`\`\nAZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azurite};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1\n\`\`\`\n\nEncode special characters: postgres://user:${j('p%40ss', 'w0rd%21x9')}@db.example.com/app\n`,
      )
      // the emulator key in the compose file developers run
      .write(
        'docker-compose.yml',
        `services:\n  azurite:\n    environment:\n      - AZURE_STORAGE_KEY=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azurite};\n`,
      )
      // mocks and Playwright fixtures
      .write('apps/web/__mocks__/github.ts', "export const githubToken = 'test-githubID';\nexport const user = { id: 'test-githubID' };\n")
      .write('apps/web/playwright/fixtures/users.ts', `export const admin = { email: 'admin@example.com', password: '${mockPassword}' };\n`)
      // a live database URL whose password contains the word "secret", and the commented-out old one
      .write('.env.production', `DATABASE_URL=postgresql://umami:${umamiPassword}@164.92.1.1:5432/umami\n# DATABASE_URL=postgresql://umami:umami@localhost:5432/umami\n`)
      // a local default that must not be registered for global redaction
      .write('apps/formbricks/.env.test', 'DATABASE_URL=postgres://formbricks:formbricks@localhost:5432/formbricks\n')
      // PostHog public project key
      .write('apps/web/.env.development', `NEXT_PUBLIC_POSTHOG_KEY=${posthogKey}\nPOSTHOG_API_KEY=${posthogKey}\n`);
    repo.commit('app');
    // history only: a live render.com database URL in apps/web/.env, then removed
    repo.write('apps/web/.env', `DATABASE_URL=postgres://documenso_live:${renderPassword}@dpg-abc123.oregon-postgres.render.com/documenso\n`);
    repo.git('add', '-f', 'apps/web/.env');
    repo.commit('wip');
    repo.remove('apps/web/.env');
    repo.commit('remove env');
    repo.write('src/billing.ts', `export const stripe = '${stripeLive}';\n`);
    repo.commit('billing');
    facts = (await scanSecrets(repo.dir, options)) as SecretsFacts;
    assert.ok(!('error' in facts));
  });
  after(() => repo.cleanup());

  it('reports exactly the findings a reviewer agrees with', () => {
    assert.deepEqual(findingRows(facts), [
      ['secrets.env-file-committed', '.env.production', 'blocker'],
      ['secrets.env-file-committed', 'apps/formbricks/.env.test', 'low'],
      ['secrets.env-file-committed', 'apps/web/.env.development', 'low'],
      ['secrets.hardcoded', '.env.production', 'blocker'],
      ['secrets.hardcoded', 'apps/formbricks/.env.test', 'info'],
      ['secrets.hardcoded', 'apps/web/.env.development', 'info'],
      ['secrets.hardcoded', 'docker-compose.yml', 'info'],
      ['secrets.hardcoded', 'docs/storage.mdx', 'info'],
      ['secrets.hardcoded', 'docs/storage.mdx', 'info'],
      ['secrets.hardcoded', 'src/billing.ts', 'blocker'],
      ['secrets.in-history', 'apps/web/.env', 'high'],
    ]);
  });

  it('names what each non-blocking value is', () => {
    const byFile = (file: string) => facts.hardcoded.filter((s) => s.file === file).map((s) => [s.rule, s.context]);
    assert.deepEqual(byFile('docker-compose.yml'), [['azure-storage-account-key', 'emulator']]);
    assert.deepEqual(byFile('docs/storage.mdx').sort(), [
      ['azure-storage-account-key', 'emulator'],
      ['database-url-with-password', 'documentation'],
    ]);
    // NEXT_PUBLIC_ names a browser value (silent); under a neutral name the phc_ shape still says public.
    assert.deepEqual(
      facts.hardcoded.filter((s) => s.file === 'apps/web/.env.development').map((s) => [s.rule, s.line, s.context]),
      [['generic-credential-assignment', 2, 'public-key']],
    );
    assert.deepEqual(byFile('apps/formbricks/.env.test'), [['database-url-with-password', 'local']]);
    // The password containing "secret" is the live credential, on line 1 (not the commented local default).
    assert.deepEqual(
      facts.hardcoded.filter((s) => s.file === '.env.production').map((s) => [s.rule, s.line, s.context]),
      [['database-url-with-password', 1, 'live']],
    );
  });

  it('a cut history scan reports what it found and how far it got', async () => {
    const withBudget = async (maxCommits: number) => (await scanSecrets(repo.dir, { ...options, history: { ...options.history, maxCommits } })) as SecretsFacts;
    // Newest first: only the billing commit (its key is still at HEAD): nothing found, so the check cannot vouch.
    const one = await withBudget(1);
    assert.deepEqual([one.history?.commits, one.history?.totalCommits, one.history?.secrets.length], [1, 4, 0]);
    const oneOut = runAllChecks(factsWith({ secrets: one }, { stages: ['repo'] })).checks.find((c) => c.id === 'secrets.in-history');
    assert.equal(oneOut?.status, 'error');
    assert.equal(oneOut?.reason, 'the history scan stopped after 1 of 4 commits (commit budget of 1 reached); older commits were not scanned');
    // Two commits with added lines reach the wip commit (the delete-only commit prints no diff): found, and still cut.
    const two = await withBudget(2);
    const out = runAllChecks(factsWith({ secrets: two }, { stages: ['repo'] }));
    const status = out.checks.find((c) => c.id === 'secrets.in-history');
    assert.equal(status?.status, 'failed');
    assert.equal(status?.reason, 'the history scan stopped after 2 of 4 commits (commit budget of 2 reached): findings cover the newest commits only');
    assert.deepEqual(
      out.findings.filter((f) => f.id === 'secrets.in-history').map((f) => [f.target, f.severity, f.title]),
      [
        ['apps/web/.env', 'high', `Database / broker URL with an embedded password in git history (apps/web/.env, commit ${two.history?.secrets[0]?.commit.slice(0, 10)})`],
        ['git history', 'info', 'The history scan was cut short: 2 of 4 commits scanned'],
      ],
    );
  });
});
