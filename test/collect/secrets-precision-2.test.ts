// Regression corpus, second round: small repositories shaped like the real apps judged by hand in round 2 (a Next.js
// monorepo with an e2e workflow, SDK example pages and seed scripts). Each asserts the exact findings a reviewer agrees
// with, live credentials next to each false-positive shape included so nothing true is lost.
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
// the QStash CLI dev server's default-user token (base64 of {"UserID":"defaultUser","Password":"defaultPassword"}) and signing key
const qstashDevToken = Buffer.from(JSON.stringify({ UserID: 'defaultUser', Password: 'defaultPassword' })).toString('base64');
const qstashDevSigningKey = j('sig_', '7kYjw48mhY7kAjqNGcy6cr29RJ6r');
const deployToken = j('Rk7v', 'Q2mZ9pL4xW8nB3cT6yH1');
const xorConstant = j('58ff90c0dc37', '2ded858cbf8fb2306066');
const signingSecret = j('9c1e77ab04d2', 'f3e815b6a0c94d7e2b13');
const embedToken = j('dub_embed_', 'zNettp9ZaXTmdq3VM0lODQjeIfADNqM1qj2w');
const oldApiToken = j('Hq3Lm8', 'Xv2Kp9Wz4Rt7Yb1N');

const options = { repo: DEFAULT_REPO_LIMITS, history: { maxBytes: 64 * 1024 * 1024, timeoutMs: 60_000, maxLineBytes: 64 * 1024 } };

type Row = [id: string, target: string, severity: string];
function findingRows(facts: SecretsFacts): Row[] {
  const out = runAllChecks(factsWith({ secrets: facts }, { stages: ['repo'] }));
  return out.findings
    .filter((f) => f.id.startsWith('secrets.'))
    .map((f): Row => [f.id, f.target, f.severity])
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

describe('secrets precision corpus, round 2', { timeout: 120_000 }, () => {
  const repo = new GitFixture('launchready-precision2-');
  let facts: SecretsFacts;

  before(async () => {
    repo
      .write('.gitignore', '.env\n')
      // an e2e workflow: a sentence as the test secret, the QStash dev server's published keys, and one real token
      .write(
        '.github/workflows/e2e.yml',
        [
          'jobs:',
          '  e2e:',
          '    env:',
          '      NEXTAUTH_SECRET: "e2e-test-secret-at-least-32-chars-long"',
          `      QSTASH_TOKEN: "${qstashDevToken}"`,
          `      QSTASH_CURRENT_SIGNING_KEY: "${qstashDevSigningKey}"`,
          `      DEPLOY_TOKEN: "${deployToken}"`,
          '',
        ].join('\n'),
      )
      // the author says the constant is not a secret; the next one is
      .write(
        'apps/web/lib/links/case.ts',
        `// This is not actually a secret key, just a string we XOR with the link key\nconst XOR_SECRET_KEY = "${xorConstant}";\nexport const WEBHOOK_SIGNING_SECRET = "${signingSecret}";\n`,
      )
      // an SDK's example page and a seeded OAuth app showing the few characters a UI shows of its secret
      .write('packages/embeds/react/example/index.html', `<script>\n  Dub.init({ token: "${embedToken}" });\n</script>\n`)
      .write('apps/web/scripts/seed.ts', 'export const app = {\n  clientId: "zapier-client-id",\n  partialClientSecret: "dub_app_secret_423e4c7eef",\n};\n');
    repo.commit('app');
    // history only: an example component and a real token, both removed later
    repo.write('packages/embeds/react/src/example/dashboard.tsx', `export const App = () => <Dashboard token="${embedToken}" />;\n`);
    repo.write('apps/web/lib/old-client.ts', `export const apiToken = "${oldApiToken}";\n`);
    repo.commit('wip');
    repo.remove('packages/embeds/react/src/example/dashboard.tsx');
    repo.remove('apps/web/lib/old-client.ts');
    repo.commit('clean up');
    facts = (await scanSecrets(repo.dir, options)) as SecretsFacts;
    assert.ok(!('error' in facts));
  });
  after(() => repo.cleanup());

  it('reports exactly the findings a reviewer agrees with', () => {
    assert.deepEqual(findingRows(facts), [
      ['secrets.hardcoded', '.github/workflows/e2e.yml', 'blocker'],
      ['secrets.hardcoded', '.github/workflows/e2e.yml', 'info'],
      ['secrets.hardcoded', '.github/workflows/e2e.yml', 'info'],
      ['secrets.hardcoded', 'apps/web/lib/links/case.ts', 'blocker'],
      ['secrets.in-history', 'apps/web/lib/old-client.ts', 'high'],
    ]);
  });

  it('names the QStash dev keys as emulator keys and keeps the real ones live', () => {
    assert.deepEqual(
      facts.hardcoded.map((s) => [s.file, s.line, s.context]),
      [
        ['.github/workflows/e2e.yml', 5, 'emulator'],
        ['.github/workflows/e2e.yml', 6, 'emulator'],
        ['.github/workflows/e2e.yml', 7, 'live'],
        ['apps/web/lib/links/case.ts', 3, 'live'],
      ],
    );
    assert.equal(facts.suppressed.inline, 1);
  });
});
