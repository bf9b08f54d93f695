// The env collector on small fixture apps (JS, TS, Python, Ruby) committed to real git repositories.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectEnvInventory, envCollector } from '../../src/collect/env/index.ts';
import type { EnvFacts } from '../../src/facts/env.ts';
import { envInventory } from '../../src/report/inventory.ts';
import { factsWith, planFor } from '../support/facts.ts';
import { GitFixture } from '../support/git-fixture.ts';
import { runAllChecks } from '../support/run-all.ts';

async function inventoryOf(files: Record<string, string>): Promise<EnvFacts> {
  const repo = new GitFixture('launchready-env-');
  try {
    for (const [path, text] of Object.entries(files)) repo.write(path, text);
    repo.commit('app');
    const facts = await collectEnvInventory(repo.dir);
    assert.ok(!('error' in facts), JSON.stringify(facts));
    return facts as EnvFacts;
  } finally {
    repo.cleanup();
  }
}

const findingsOf = (env: EnvFacts) => runAllChecks(factsWith({ env }, { stages: ['repo'] })).findings;
const varsOf = (env: EnvFacts) => Object.fromEntries(env.vars.map((v) => [v.name, { readAt: v.readAt, documented: v.documentedAt.length > 0 }]));

describe('env collector', { timeout: 60_000 }, () => {
  it('JS (Express): reads, .env.example, README, unguarded dotenv at the entry point', async () => {
    const env = await inventoryOf({
      'package.json': JSON.stringify({ main: 'server.js', scripts: { start: 'node server.js' } }),
      'server.js': "require('dotenv').config();\nconst port = process.env.PORT || 3000;\nconst db = process.env.DATABASE_URL;\nconst key = process.env['STRIPE_SECRET_KEY'];\n",
      'lib/mail.js': 'module.exports = () => process.env.MAILGUN_API_KEY;\n',
      'test/server.test.js': 'process.env.TEST_ONLY_VAR = "1";\n',
      '.env.example': 'DATABASE_URL=postgres://localhost/app\n',
      'README.md': '# App\nSet `MAILGUN_API_KEY` to send mail.\n',
    });
    assert.deepEqual(varsOf(env), {
      DATABASE_URL: { readAt: ['server.js:3'], documented: true },
      MAILGUN_API_KEY: { readAt: ['lib/mail.js:1'], documented: true },
      PORT: { readAt: ['server.js:2'], documented: false },
      STRIPE_SECRET_KEY: { readAt: ['server.js:4'], documented: false },
    });
    assert.deepEqual(env.dotenv, [{ at: 'server.js:1', form: 'dotenv.config()', guarded: false, entryPoint: true }]);
    assert.deepEqual(envInventory(env).columns, ['Variable', 'Read at', 'Documented at']);
    assert.deepEqual(
      envInventory(env).rows.find((r) => r[0] === 'PORT'),
      ['PORT', 'server.js:2', 'set by the runtime'],
    );
    const f = findingsOf(env);
    assert.deepEqual(
      f.filter((x) => x.id === 'env.undocumented-var').map((x) => x.target),
      ['STRIPE_SECRET_KEY'],
    );
    assert.ok(f.some((x) => x.id === 'env.no-startup-validation'));
    assert.deepEqual(
      f.filter((x) => x.id === 'env.dotenv-in-production').map((x) => x.target),
      ['server.js:1'],
    );
  });

  it('TS (zod schema, guarded dotenv, compose and fly.toml)', async () => {
    const env = await inventoryOf({
      'package.json': JSON.stringify({ scripts: { start: 'node dist/index.js' } }),
      'src/index.ts':
        "if (process.env.NODE_ENV !== 'production') {\n  await import('dotenv/config');\n}\nimport { env } from './env';\nconsole.log(env.API_URL, process.env.SENTRY_DSN);\n",
      'src/env.ts': "import { z } from 'zod';\nexport const env = z\n  .object({\n    API_URL: z.string().url(),\n  })\n  .parse(process.env);\n",
      'src/jobs.ts': 'const { QUEUE_URL, REGION } = process.env;\n',
      'docker-compose.yml': 'services:\n  app:\n    environment:\n      - QUEUE_URL=redis://queue\n',
      'fly.toml': '[env]\n  REGION = "ams"\n',
    });
    assert.deepEqual(Object.keys(varsOf(env)), ['API_URL', 'NODE_ENV', 'QUEUE_URL', 'REGION', 'SENTRY_DSN']);
    assert.deepEqual(env.validation, [{ library: 'schema parse of process.env (zod / yup / superstruct)', at: 'src/env.ts:6' }]);
    assert.equal(env.dotenv.length, 1);
    assert.deepEqual(env.dotenv[0], { at: 'src/index.ts:2', form: "import('dotenv/config')", guarded: true, entryPoint: true });
    const f = findingsOf(env);
    assert.deepEqual(
      f.filter((x) => x.id === 'env.undocumented-var').map((x) => x.target),
      ['SENTRY_DSN'],
    );
    assert.ok(!f.some((x) => x.id === 'env.no-startup-validation' || x.id === 'env.dotenv-in-production'));
  });

  it('Python (Flask, os.environ / os.getenv, guarded load_dotenv)', async () => {
    const env = await inventoryOf({
      'app.py':
        "import os\nfrom dotenv import load_dotenv\nif os.environ.get('FLASK_ENV') == 'development':\n    load_dotenv()\nSECRET = os.environ['FLASK_SECRET_KEY']\nDB = os.getenv('DATABASE_URL')\n",
      'render.yaml': 'services:\n  - type: web\n    envVars:\n      - key: DATABASE_URL\n        fromDatabase: { name: db }\n',
    });
    assert.deepEqual(Object.keys(varsOf(env)), ['DATABASE_URL', 'FLASK_ENV', 'FLASK_SECRET_KEY']);
    assert.deepEqual(env.dotenv, [{ at: 'app.py:4', form: 'load_dotenv()', guarded: true, entryPoint: true }]);
    const f = findingsOf(env);
    assert.deepEqual(
      f
        .filter((x) => x.id === 'env.undocumented-var')
        .map((x) => x.target)
        .sort(),
      ['FLASK_ENV', 'FLASK_SECRET_KEY'],
    );
    assert.ok(!f.some((x) => x.id === 'env.dotenv-in-production'));
  });

  it('Ruby (Rails-style ENV reads, Dotenv at boot, .env.sample)', async () => {
    const env = await inventoryOf({
      'config/application.rb': "require 'dotenv/load'\nmodule App\n  KEY = ENV['RAILS_MASTER_KEY']\n  HOST = ENV.fetch('APP_HOST')\nend\n",
      'app/models/payment.rb': "class Payment\n  def key = ENV['STRIPE_KEY']\nend\n",
      '.env.sample': 'APP_HOST=\nSTRIPE_KEY=\n',
    });
    assert.deepEqual(varsOf(env), {
      APP_HOST: { readAt: ['config/application.rb:4'], documented: true },
      RAILS_MASTER_KEY: { readAt: ['config/application.rb:3'], documented: false },
      STRIPE_KEY: { readAt: ['app/models/payment.rb:2'], documented: true },
    });
    const f = findingsOf(env);
    assert.deepEqual(
      f.filter((x) => x.id === 'env.undocumented-var').map((x) => x.target),
      ['RAILS_MASTER_KEY'],
    );
    assert.deepEqual(
      f.filter((x) => x.id === 'env.dotenv-in-production').map((x) => x.target),
      ['config/application.rb:1'],
    );
  });

  it('framework and tool variables, script-set variables, next.config env keys and names in comments are not undocumented (issue 8)', async () => {
    const env = await inventoryOf({
      'package.json': JSON.stringify({ scripts: { dev: 'cross-env APP_MODE=dev next dev', 'test:e2e': 'E2E_BASE_URL=http://localhost:3000 playwright test' } }),
      'next.config.mjs': "export default {\n  env: {\n    BUILD_SHA: process.env.GIT_SHA ?? 'dev',\n    DEPLOYED_AT: new Date().toISOString(),\n  },\n};\n",
      'src/app.ts': [
        'const sha = process.env.BUILD_SHA;',
        'const mode = process.env.APP_MODE;',
        'const e2e = process.env.E2E_BASE_URL;',
        '// const legacy = process.env.OLD_FLAG;',
        'const threads = process.env.RAILS_MAX_THREADS ?? process.env.WEB_CONCURRENCY;',
        'const pid = process.env.PIDFILE;',
        'if (process.env.VITEST) console.log("under test"); // process.env.ALSO_COMMENTED',
        'const region = process.env.FLY_REGION ?? process.env.VERCEL_ENV ?? process.env.RENDER_GIT_COMMIT;',
        'const stripe = process.env.STRIPE_SECRET_KEY;',
      ].join('\n'),
    });
    const undocumented = findingsOf(env)
      .filter((x) => x.id === 'env.undocumented-var')
      .map((x) => x.target);
    // GIT_SHA is read by next.config itself and documented nowhere: still reported.
    assert.deepEqual(undocumented.sort(), ['GIT_SHA', 'STRIPE_SECRET_KEY']);
    assert.ok(!env.vars.some((v) => v.name === 'OLD_FLAG' || v.name === 'ALSO_COMMENTED'), 'names in comments are not reads');
  });

  // umami read BUILD_GEO / MAXMIND_LICENSE_KEY only in scripts/build-geo.js (run by `npm run build`), formbricks read
  // TEST_DB_* only in the vitest integration harness (integration/global-setup.ts), maybe read COLD_ITERATIONS only in
  // lib/tasks/benchmarking.rake: 21 findings that no production host needs. scripts/check-db.js runs at every container
  // start (Dockerfile CMD -> start-docker -> check-db), so what it reads stays a runtime variable.
  it('reads only in dev tooling, a test harness or an operator script are not undocumented runtime variables', async () => {
    const env = await inventoryOf({
      'package.json': JSON.stringify({
        scripts: {
          build: 'npm-run-all build-geo build-app',
          'build-geo': 'node scripts/build-geo.js',
          'start-docker': 'npm-run-all check-db start-server',
          'check-db': 'node scripts/check-db.js',
          'start-server': 'node server.js',
        },
      }),
      Dockerfile: 'FROM node:20\nCMD ["pnpm", "start-docker"]\n',
      'server.js': 'const key = process.env.STRIPE_SECRET_KEY;\n',
      'scripts/build-geo.js': 'if (process.env.BUILD_GEO) download(process.env.MAXMIND_LICENSE_KEY);\n',
      'scripts/check-db.js': 'if (!process.env.SKIP_DB_MIGRATION) migrate();\n',
      'lib/tasks/benchmarking.rake': 'task :bench do\n  n = ENV["COLD_ITERATIONS"]\nend\n',
      'playwright.config.ts': 'export default { use: { baseURL: process.env.E2E_BASE_URL } };\n',
      'eslint.config.mjs': 'export default [{ rules: { strict: process.env.LINT_STRICT ? 2 : 0 } }];\n',
      '.storybook/main.ts': 'export default { staticDirs: [process.env.STORYBOOK_ASSETS] };\n',
      'apps/web/vitest.integration.config.mts':
        "export default defineConfig({ test: { globalSetup: ['./integration/global-setup.ts'], setupFiles: ['./integration/setup.ts'] } });\n",
      'apps/web/integration/global-setup.ts': 'const container = process.env.TEST_DB_CONTAINER;\n',
      'apps/web/integration/setup.ts': 'const url = process.env.TEST_DATABASE_URL;\n',
      'apps/web/integration/reset-db.ts': 'export const reset = process.env.INTEGRATION_RESET_URL;\n',
    });
    const undocumented = findingsOf(env)
      .filter((f) => f.id === 'env.undocumented-var')
      .map((f) => f.target)
      .sort();
    // reset-db.ts is named by no test config: an app file as far as anyone can tell from the paths
    assert.deepEqual(undocumented, ['INTEGRATION_RESET_URL', 'SKIP_DB_MIGRATION', 'STRIPE_SECRET_KEY']);
    const build = env.vars.find((v) => v.name === 'MAXMIND_LICENSE_KEY');
    assert.deepEqual([build?.reads, build?.readAt, build?.toolingReadAt], [0, [], ['scripts/build-geo.js:1']]);
    assert.deepEqual(env.vars.find((v) => v.name === 'TEST_DB_CONTAINER')?.toolingReadAt, ['apps/web/integration/global-setup.ts:1']);
    const validation = findingsOf(env).find((f) => f.id === 'env.no-startup-validation');
    assert.equal((validation?.evidence as { count?: number } | undefined)?.count, 3, 'tooling reads are not app reads to validate either');
    const row = envInventory(env).rows.find((r) => r[0] === 'COLD_ITERATIONS');
    assert.equal(row?.[1], 'lib/tasks/benchmarking.rake:2 (tooling or script only)');
  });

  it('next.config `env:` shorthand keys (env: { basePath, cloudMode }) define the names the client reads', async () => {
    const env = await inventoryOf({
      'next.config.ts':
        "const basePath = process.env.BASE_PATH || '';\nconst cloudMode = process.env.CLOUD_MODE || '';\nexport default {\n  env: {\n    basePath,\n    cloudMode,\n    currentVersion: '1',\n  },\n  basePath,\n};\n",
      'src/App.tsx': 'export const a = [process.env.basePath, process.env.cloudMode, process.env.currentVersion, process.env.selfTrack];\n',
    });
    const undocumented = findingsOf(env)
      .filter((f) => f.id === 'env.undocumented-var')
      .map((f) => f.target)
      .sort();
    assert.deepEqual(undocumented, ['BASE_PATH', 'CLOUD_MODE', 'selfTrack']);
    assert.deepEqual(env.vars.find((v) => v.name === 'basePath')?.documentedAt, ['next.config.ts:5 (next.config env)']);
  });

  it('needs a repository', async () => {
    assert.match(envCollector.missingInput(planFor({ repo: null })) ?? '', /no repository given/);
    assert.equal(envCollector.missingInput(planFor({ repo: '.' })), null);
    const r = await collectEnvInventory('/nonexistent/launchready-env');
    assert.ok('error' in r);
  });
});
