// Password hashes are not credentials. umami seeds its admin user with a bcrypt hash (scripts/create-account.js in
// history, prisma/migrations/01_init at HEAD); the secrets scan reported it as a live credential in git history (high).
// A hash is the output of a one-way function: nobody signs in with it, so neither secrets check reports it, while a
// plaintext password in the same seed file is still a blocker.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { scanSecrets } from '../../src/collect/secrets/index.ts';
import { DEFAULT_REPO_LIMITS } from '../../src/collect/secrets/repo-files.ts';
import type { SecretsFacts } from '../../src/facts/secrets.ts';
import { factsWith } from '../support/facts.ts';
import { GitFixture } from '../support/git-fixture.ts';
import { runAllChecks } from '../support/run-all.ts';

const j = (...parts: string[]) => parts.join('');
// umami's published default admin hash (password "umami"), and the same shape under the other bcrypt prefixes
const bcrypt2a = j('$2a$10$', 'BXHPV7APlV1I6WrKJt1igeJAyVsvbhMTaTAi3nHkUJFGPsYmfZq3y');
const bcrypt2b = j('$2b$12$', 'BXHPV7APlV1I6WrKJt1igeJAyVsvbhMTaTAi3nHkUJFGPsYmfZq3y');
const bcrypt2y = j('$2y$10$', 'BXHPV7APlV1I6WrKJt1igeJAyVsvbhMTaTAi3nHkUJFGPsYmfZq3y');
const argon2id = j('$argon2id$v=19$m=65536,t=3,p=4$', 'eVQ2UXdMbTJrUHo4YUIzYw$', 'PIIf+lgeQfJoltbo8vAdkLv8gOdXlOrWPTC7Tad0fOs');
const djangoPbkdf2 = j('pbkdf2_sha256$600000$', 'yT6QwLm2kPz8aB3c$', 'PIIf+lgeQfJoltbo8vAdkLv8gOdXlOrWPTC7Tad0fOs=');
const djangoScrypt = j('scrypt$yT6QwLm2kPz8aB3c$16384$8$1$', 'UrXus2y6SCuprEXzAtwdNxQirhLYMzTdqTTPwCFiDcCcluqfyy3ROyaS6ZSnAnpgwBLCTO2eoRG06t1NUn7Uvw==');
const werkzeug = j('scrypt:16384:8:1$yT6QwLm2kPz8aB3c$', '52b5eeb36cba482ba9ac45f302dc1d371422ae12d83334dda934cfc021620dc0');
const sha512crypt = j('$6$saltsalt$', '8iYtNHxjWRl.NF6oNZ5tF.iKFlQREaXBLlSmZKP6dy9l5z3vsooWNW0/GZ6Nej73/TFug6pIPSqbJoCT6dfnj.');
const livePassword = j('Xk2', 'pQ9vL4mR8tW1zN6b');

const options = { repo: DEFAULT_REPO_LIMITS, history: { maxBytes: 64 * 1024 * 1024, timeoutMs: 60_000, maxLineBytes: 64 * 1024 } };

describe('password hashes in seeds and fixtures are not credentials', { timeout: 120_000 }, () => {
  const repo = new GitFixture('launchready-hashes-');
  let facts: SecretsFacts;

  before(async () => {
    repo
      .write('.gitignore', '.env\n')
      .write('scripts/create-account.js', `await prisma.account.create({ data: { username: 'admin', password: '${bcrypt2a}' } });\n`)
      .commit('seed');
    repo.remove('scripts/create-account.js').commit('move the seed into a migration');
    repo
      .write('prisma/migrations/01_init/migration.sql', `INSERT INTO "user" (username, role, password) VALUES ('admin', 'admin', '${bcrypt2b}');\n`)
      .write(
        'prisma/seed.ts',
        [
          `const users = [`,
          `  { email: 'a@acme.test', password: '${bcrypt2y}' },`,
          `  { email: 'b@acme.test', passwordHash: '${argon2id}', password_digest: "${argon2id}" },`,
          `  { email: 'c@acme.test', password: "${djangoPbkdf2}" },`,
          `  { email: 'd@acme.test', password: "${djangoScrypt}" },`,
          `  { email: 'e@acme.test', password: "${werkzeug}" },`,
          `  { email: 'f@acme.test', password: "${sha512crypt}" },`,
          `];`,
          `export const SMTP_PASSWORD = '${livePassword}';`,
          '',
        ].join('\n'),
      )
      .write('seed/users.json', JSON.stringify([{ model: 'auth.user', fields: { username: 'admin', password: djangoPbkdf2 } }], null, 2))
      .commit('seed users');
    facts = (await scanSecrets(repo.dir, options)) as SecretsFacts;
  });
  after(() => repo.cleanup());

  it('no hash is reported at HEAD or in history; the plaintext password beside them still is a blocker', () => {
    const out = runAllChecks(factsWith({ secrets: facts }, { stages: ['repo'] }));
    const rows = out.findings
      .filter((f) => f.id === 'secrets.hardcoded' || f.id === 'secrets.in-history')
      .map((f) => [f.id, f.severity, (f.evidence as { file: string }).file, (f.evidence as { line: number }).line]);
    assert.deepEqual(rows, [['secrets.hardcoded', 'blocker', 'prisma/seed.ts', 9]]);
  });
});
