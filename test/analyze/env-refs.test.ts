// Env-var references per language, documentation sources, validation and dotenv detection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeEnvFile, envFileRole, isEntryPoint, isWellKnownEnvVar, packageEntryPoints, startScriptLoadsDotenv } from '../../src/analyze/env-refs.ts';

const names = (list: { name: string; line: number }[]) => list.map((m) => `${m.name}:${m.line}`);

describe('env references', () => {
  it('JS/TS: property, bracket, destructuring and import.meta.env', () => {
    const text = [
      "const url = process.env.DATABASE_URL ?? '';",
      "const key = process.env['STRIPE_KEY'];",
      'const {',
      '  SENTRY_DSN,',
      '  REDIS_URL: redis,',
      "  LOG_LEVEL = 'info',",
      '} = process.env;',
      'const api = import.meta.env.VITE_API_URL;',
    ].join('\n');
    assert.deepEqual(names(analyzeEnvFile('src/app.ts', text).reads).sort(), ['DATABASE_URL:1', 'LOG_LEVEL:6', 'REDIS_URL:5', 'SENTRY_DSN:4', 'STRIPE_KEY:2', 'VITE_API_URL:8']);
  });

  it('JS/TS: a destructured value that only starts with process.env reads the variable it names, not the fields', () => {
    const text = [
      'const { continent, region } =',
      '  process.env.VERCEL === "1"',
      '    ? { continent: req.headers.get("x-vercel-ip-continent"), region: req.headers.get("x-vercel-ip-country-region") }',
      '    : LOCAL_GEO;',
      'const { country } = process.env["VERCEL"] ? geolocation(req) : LOCAL_GEO;',
      'const { API_HOST } = process.env as Record<string, string>;',
    ].join('\n');
    assert.deepEqual(names(analyzeEnvFile('src/geo.ts', text).reads).sort(), ['API_HOST:6', 'VERCEL:2', 'VERCEL:5']);
  });

  it('reads through a helper the same file defines around the lookup (Python and JS), not through unrelated functions', () => {
    const py = [
      'import os',
      '',
      'def envbool(s: str, default: str) -> bool:',
      '    v = os.getenv(s, default)',
      '    return v == "True"',
      '',
      'def label(s: str) -> str:',
      '    return s.title()',
      '',
      'DEBUG = envbool("DEBUG", "True")',
      'USE_GZIP_MIDDLEWARE = envbool("USE_GZIP_MIDDLEWARE", "False")',
      'TITLE = label("NOT_A_VAR")',
    ].join('\n');
    assert.deepEqual(names(analyzeEnvFile('hc/settings.py', py).reads).sort(), ['DEBUG:10', 'USE_GZIP_MIDDLEWARE:11']);
    const js = [
      'function t(key) { return messages[key]; }',
      'function env(name: string): string {',
      '  return process.env[name] ?? "";',
      '}',
      'const flag = (name) => process.env[name] === "1";',
      'export const api = env("API_ORIGIN");',
      'export const beta = flag("BETA_ENABLED");',
      'export const hello = t("HELLO_WORLD");',
    ].join('\n');
    assert.deepEqual(names(analyzeEnvFile('src/config.ts', js).reads).sort(), ['API_ORIGIN:6', 'BETA_ENABLED:7']);
  });

  it('Python, Ruby and Go', () => {
    const py = "import os\nA = os.environ['PY_A']\nB = os.environ.get('PY_B', 'x')\nC = os.getenv(\"PY_C\")\n";
    assert.deepEqual(names(analyzeEnvFile('app/main.py', py).reads).sort(), ['PY_A:2', 'PY_B:3', 'PY_C:4']);
    const rb = "key = ENV['RB_KEY']\nurl = ENV.fetch('RB_URL')\n";
    assert.deepEqual(names(analyzeEnvFile('config/app.rb', rb).reads).sort(), ['RB_KEY:1', 'RB_URL:2']);
    const go = 'func main() { port := os.Getenv("GO_ADDR") }';
    assert.deepEqual(names(analyzeEnvFile('main.go', go).reads), ['GO_ADDR:1']);
  });

  it('documentation sources: .env.example, Dockerfile, compose, CI env, manifests, README', () => {
    assert.deepEqual(names(analyzeEnvFile('.env.example', 'A=\n# B=optional\nexport C=1\n').documents), ['A:1', 'B:2', 'C:3']);
    assert.deepEqual(names(analyzeEnvFile('Dockerfile', 'FROM node:20\nARG BUILD_SHA\nENV APP_MODE=web LOG_FORMAT=json\nENV LEGACY value\n').documents), [
      'BUILD_SHA:2',
      'APP_MODE:3',
      'LOG_FORMAT:3',
      'LEGACY:4',
    ]);
    const compose = ['services:', '  web:', '    environment:', '      - DATABASE_URL=postgres://db/app', '      - STRIPE_KEY', '      REDIS: ${REDIS_URL:-redis://cache}'].join(
      '\n',
    );
    const c = analyzeEnvFile('docker-compose.yml', compose);
    assert.deepEqual(names(c.reads).sort(), ['REDIS_URL:6', 'STRIPE_KEY:5']);
    assert.ok(names(c.documents).includes('DATABASE_URL:4'));
    const ci = ['jobs:', '  test:', '    env:', '      CI_DB: postgres://x', '    steps:', '      - run: echo $LOCAL_ONLY'].join('\n');
    const w = analyzeEnvFile('.github/workflows/ci.yml', ci);
    assert.deepEqual(names(w.documents), ['CI_DB:4']);
    assert.deepEqual(w.reads, []);
    assert.ok(names(analyzeEnvFile('fly.toml', '[env]\n  PRIMARY_REGION = "ams"\n').documents).includes('PRIMARY_REGION:2'));
    assert.ok(names(analyzeEnvFile('README.md', 'Set `MAILGUN_KEY` before deploying.\n').documents).includes('MAILGUN_KEY:1'));
  });

  it('validation libraries and the keys their schemas declare', () => {
    const zod = "import { z } from 'zod';\nexport const env = z.object({\n  DATABASE_URL: z.string().url(),\n}).parse(process.env);\n";
    const r = analyzeEnvFile('src/env.ts', zod);
    assert.match(r.validation?.library ?? '', /zod/);
    assert.deepEqual(names(r.documents), ['DATABASE_URL:3']);
    assert.equal(
      analyzeEnvFile('src/env.js', "const { cleanEnv, str } = require('envalid');\nmodule.exports = cleanEnv(process.env, { API_KEY: str() });").validation?.library,
      'envalid',
    );
    const pydantic = 'from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    database_url: str\n';
    assert.deepEqual(names(analyzeEnvFile('app/settings.py', pydantic).documents), ['DATABASE_URL:3']);
    assert.equal(analyzeEnvFile('src/app.ts', 'const a = process.env.A;').validation, null);
  });

  it('dotenv loads, guarded or not', () => {
    assert.deepEqual(analyzeEnvFile('src/server.ts', "import 'dotenv/config';\n").dotenv, [{ line: 1, form: "import 'dotenv/config'", guarded: false }]);
    assert.deepEqual(analyzeEnvFile('server.js', "require('dotenv').config();\n").dotenv, [{ line: 1, form: 'dotenv.config()', guarded: false }]);
    assert.deepEqual(analyzeEnvFile('server.js', "if (process.env.NODE_ENV !== 'production') {\n  require('dotenv').config();\n}\n").dotenv, [
      { line: 2, form: 'dotenv.config()', guarded: true },
    ]);
    assert.deepEqual(analyzeEnvFile('src/index.ts', "import { config } from 'dotenv';\nconfig();\n").dotenv, [{ line: 2, form: 'config() from dotenv', guarded: false }]);
    assert.deepEqual(analyzeEnvFile('app.py', 'from dotenv import load_dotenv\nload_dotenv()\n').dotenv, [{ line: 2, form: 'load_dotenv()', guarded: false }]);
    assert.deepEqual(analyzeEnvFile('config/application.rb', "require 'dotenv/load'\n").dotenv, [{ line: 1, form: 'Dotenv.load', guarded: false }]);
  });

  it('entry points, start scripts, roles and the well-known list', () => {
    const pkg = JSON.stringify({ main: 'dist/server.js', scripts: { start: 'node -r dotenv/config dist/server.js' } });
    assert.deepEqual(packageEntryPoints(pkg), ['dist/server.js']);
    assert.ok(isEntryPoint('src/server.ts', ['dist/server.js']));
    assert.ok(!isEntryPoint('scripts/seed.ts', ['dist/server.js']));
    assert.match(startScriptLoadsDotenv(pkg) ?? '', /dotenv\/config/);
    assert.equal(startScriptLoadsDotenv('{"scripts":{"start":"node server.js"}}'), null);
    assert.equal(envFileRole('.env.example'), 'env-example');
    assert.equal(envFileRole('docker-compose.prod.yml'), 'compose');
    assert.equal(envFileRole('k8s/deployment.yaml'), 'manifest');
    assert.equal(envFileRole('logo.png'), null);
    assert.ok(isWellKnownEnvVar('NODE_ENV') && isWellKnownEnvVar('GITHUB_SHA') && !isWellKnownEnvVar('STRIPE_KEY'));
  });
});
