// The analyzers the fuzz test feeds: each target takes one string and must return without throwing.
// A seed is a realistic input the mutations start from, so truncations land inside real syntax.
import { isCacheable, isSharedCacheable, maxAgeSeconds, parseCacheControl } from '../../src/analyze/cache-control.ts';
import { summarisePipelineYaml, summariseScriptText } from '../../src/analyze/ci-config.ts';
import { cookieProblems, parseSetCookie } from '../../src/analyze/cookies.ts';
import { cspDirectives, cspWeaknesses, hasFrameAncestors } from '../../src/analyze/csp.ts';
import { composeImages, healthChecksInConfig, imageMatchesPublished, imagePublishes, manifestSignal, rollbackNotes } from '../../src/analyze/deploy-signals.ts';
import { looksLikeDkim, parseDkimKey } from '../../src/analyze/dkim.ts';
import { effectivePolicy, parseDmarc } from '../../src/analyze/dmarc.ts';
import { shannonEntropy } from '../../src/analyze/entropy.ts';
import { analyzeEnvFile, packageEntryPoints, startCommandScripts, startScriptFiles, startScriptLoadsDotenv, testHarnessFiles } from '../../src/analyze/env-refs.ts';
import { summariseHtml } from '../../src/analyze/html-resources.ts';
import { parseLockfile } from '../../src/analyze/lockfiles.ts';
import { findSensitiveLogCalls, maskSecretsInText, stripStringLiterals } from '../../src/analyze/log-patterns.ts';
import { summariseManifest } from '../../src/analyze/manifests.ts';
import { gatusSignals, initialisations, prometheusSignals, terraformSignals } from '../../src/analyze/monitoring-signals.ts';
import { mtaStsRecordErrors, mxMatchesPattern, parseMtaStsPolicy } from '../../src/analyze/mta-sts.ts';
import { cvss3BaseScore } from '../../src/analyze/osv.ts';
import { isSpfRecord, parseSpf } from '../../src/analyze/spf.ts';
import { parseSqlScript } from '../../src/analyze/sql/parse.ts';
import { takeoverServiceOf } from '../../src/analyze/takeover-services.ts';
import { autoRenewingIssuer, daysLeft, isoDate, lifetimeDays } from '../../src/analyze/tls-certificates.ts';
import { compareVersions } from '../../src/analyze/versions.ts';
import type { TlsCertificateFacts } from '../../src/facts/tls.ts';

export interface FuzzTarget {
  name: string;
  seeds: string[];
  run(input: string): unknown;
}

const goCompare = (a: string, b: string) => compareVersions('Go', a, b) ?? 0;

function certificate(text: string): TlsCertificateFacts {
  return {
    subject: text,
    subjectCommonName: text,
    issuer: text,
    issuerCommonName: text,
    issuerOrganization: text,
    subjectAltNames: text.split(','),
    validFrom: text,
    validTo: text,
    keyType: text,
    keyBits: text.length,
    curve: text,
    isCa: false,
    selfIssued: false,
    fingerprint256: text,
    serialNumber: text,
    fromTrustStore: false,
  };
}

const LOCKFILES: [string, string][] = [
  ['package-lock.json', '{"lockfileVersion":3,"packages":{"":{"name":"a"},"node_modules/left-pad":{"version":"1.3.0"}}}'],
  ['pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  left-pad@1.3.0:\n    resolution: {integrity: sha512-x}\n"],
  ['yarn.lock', '"left-pad@^1.3.0":\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz"\n'],
  ['requirements.txt', 'django==4.2.1\nrequests>=2 # comment\n-r other.txt\n'],
  ['poetry.lock', '[[package]]\nname = "django"\nversion = "4.2.1"\n'],
  ['Cargo.lock', '[[package]]\nname = "serde"\nversion = "1.0.0"\n'],
  ['Pipfile.lock', '{"default":{"django":{"version":"==4.2.1"}},"develop":{}}'],
  ['Gemfile.lock', 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (7.0.4)\n      actionpack (= 7.0.4)\n'],
  ['go.sum', 'golang.org/x/net v0.17.0 h1:abc=\ngolang.org/x/net v0.17.0/go.mod h1:def=\n'],
];

const MANIFESTS: [string, string][] = [
  ['package.json', '{"name":"a","scripts":{"start":"node -r dotenv/config server.js"},"dependencies":{"express":"^4.18.0"}}'],
  ['requirements.txt', 'django==4.2\n'],
  ['pyproject.toml', '[project]\nname = "a"\ndependencies = ["django>=4"]\n[tool.poetry.dependencies]\npython = "^3.11"\n'],
  ['Gemfile', "source 'https://rubygems.org'\ngem 'rails', '~> 7.0'\n"],
  ['go.mod', 'module example.com/a\n\ngo 1.22\n\nrequire (\n\tgolang.org/x/net v0.17.0\n)\n'],
  ['Cargo.toml', '[package]\nname = "a"\n[dependencies]\nserde = "1"\n'],
  ['composer.json', '{"require":{"laravel/framework":"^10.0"}}'],
];

export const FUZZ_TARGETS: FuzzTarget[] = [
  {
    name: 'cache-control',
    seeds: ['public, max-age=31536000, immutable', 'private, no-store', 's-maxage=60, max-age="30"'],
    run: (s) => {
      const d = parseCacheControl(s);
      return [maxAgeSeconds(d), isCacheable(d), isSharedCacheable(d)];
    },
  },
  {
    name: 'cookies',
    seeds: ['sid=abc123; Path=/; Secure; HttpOnly; SameSite=Lax', 'token="x"; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Domain=.a.test'],
    run: (s) => {
      const c = parseSetCookie(s);
      return c ? cookieProblems(c) : null;
    },
  },
  {
    name: 'csp',
    seeds: [
      "default-src 'self'; script-src 'self' 'nonce-abc' https://cdn.example.com; object-src 'none'; base-uri 'none'",
      "script-src 'unsafe-inline' //",
      "script-src * data: 'strict-dynamic' 'sha256-abc='; frame-ancestors 'none'",
    ],
    run: (s) => [cspWeaknesses(s), cspDirectives(s), hasFrameAncestors(s)],
  },
  {
    name: 'spf',
    seeds: ['v=spf1 include:_spf.google.com ip4:192.0.2.0/24 ip6:2001:db8::/32 a:mail.%{d} mx/24 exists:%{i}._spf.%{d} redirect=_spf.a.test -all'],
    run: (s) => [isSpfRecord(s), parseSpf(s)],
  },
  {
    name: 'dkim',
    seeds: [
      'v=DKIM1; k=rsa; t=y; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB',
    ],
    run: (s) => [looksLikeDkim(s), parseDkimKey(s)],
  },
  {
    name: 'dmarc',
    seeds: ['v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@a.test,mailto:x@b.test!10m; pct=50; adkim=s'],
    run: (s) => {
      const d = parseDmarc(s);
      return [d, effectivePolicy(d, false), effectivePolicy(d, true)];
    },
  },
  {
    name: 'mta-sts',
    seeds: ['version: STSv1\nmode: enforce\nmx: *.mail.a.test\nmx: mx1.a.test\nmax_age: 86400\n', 'v=STSv1; id=20240101T000000;'],
    run: (s) => [mtaStsRecordErrors(s), parseMtaStsPolicy(s), mxMatchesPattern(s, '*.a.test'), mxMatchesPattern('mx.a.test', s)],
  },
  {
    name: 'html-resources',
    seeds: [
      '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"><meta name="referrer" content="no-referrer"><script src="/app.3f9a1c2b.js"></script><link rel=stylesheet href="http://cdn.a.test/x.css"></head><body><img src="http://a.test/i.png"><form action="http://a.test/f"></form><iframe src="//x"></iframe></body></html>',
    ],
    run: (s) => [summariseHtml(s, 'https://app.a.test/'), summariseHtml('<p>x</p>', s)],
  },
  {
    name: 'ci-config',
    seeds: [
      'on:\n  push:\n  workflow_dispatch:\n    inputs:\n      version: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n      - run: npm run build && flyctl deploy\n',
    ],
    run: (s) => [summarisePipelineYaml(s), summariseScriptText(s)],
  },
  {
    name: 'env-refs',
    seeds: ['DATABASE_URL=postgres://u:p@h/db\nexport SECRET="x y" # c\nEMPTY=\n', "const u = process.env.DATABASE_URL ?? process.env['API_KEY'];\nos.environ.get('X')\n"],
    run: (s) => [analyzeEnvFile('.env', s), analyzeEnvFile('src/app.ts', s), packageEntryPoints(s), startScriptLoadsDotenv(s)],
  },
  {
    name: 'env start scripts and test harness',
    seeds: [
      '{"scripts":{"start-docker":"npm-run-all check-db start-server","check-db":"node scripts/check-db.js","start-server":"node server.js"}}',
      'FROM node:20\nCMD ["pnpm", "start-docker"]\nweb: yarn start:prod\n',
      "export default defineConfig({ test: { globalSetup: ['./integration/global-setup.ts'], setupFiles: './setup.ts' } });",
    ],
    run: (s) => [startScriptFiles('apps/web/package.json', s, ['start-docker']), startCommandScripts(s), testHarnessFiles('apps/web/vitest.config.ts', s)],
  },
  {
    name: 'published images',
    seeds: [
      'env:\n  REGISTRY: ghcr.io\n  IMAGE_NAME: ${{ github.repository }}\nsteps:\n  - uses: docker/build-push-action@v6\n    with:\n      push: true\n      tags: ${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}:latest\n',
      'script:\n  - docker build -t acme/app:$TAG .\n  - docker push acme/app:$TAG\n',
    ],
    run: (s) => {
      const published = imagePublishes(s);
      return [
        published,
        composeImages(s).map((i) => imageMatchesPublished(i.text, published?.images ?? [s.slice(0, 200)])),
        imageMatchesPublished(s.slice(0, 400), ['ghcr.io/${{ a }}/${{ b }}-${{ c }}']),
      ];
    },
  },
  {
    name: 'lockfiles',
    seeds: LOCKFILES.map(([, text]) => text),
    run: (s) => LOCKFILES.map(([base]) => parseLockfile(base, s, goCompare)),
  },
  {
    name: 'manifests',
    seeds: MANIFESTS.map(([, text]) => text),
    run: (s) => MANIFESTS.map(([base]) => summariseManifest(base, s)),
  },
  {
    name: 'log-patterns',
    seeds: [
      'logger.info("login", { password: req.body.password, headers: req.headers });\nconsole.log(`token ${token}`)\n',
      'card 4111 1111 1111 1111 Bearer eyJhbGciOi.eyJzdWIi.sig',
    ],
    run: (s) => [findSensitiveLogCalls(s), stripStringLiterals(s), maskSecretsInText(s)],
  },
  {
    name: 'versions',
    seeds: ['1.2.3-beta.1+build', 'v0.0.0-20230101000000-abcdef123456', '1.0.0.rc1', '2:1.0-1'],
    run: (s) => (['npm', 'PyPI', 'Go', 'RubyGems', 'crates.io'] as const).map((e) => [compareVersions(e, s, '1.0.0'), compareVersions(e, '1.0.0', s)]),
  },
  {
    name: 'sql-parse',
    seeds: [
      "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nALTER TABLE t ADD COLUMN c int DEFAULT random();\nDO $$ BEGIN EXECUTE 'DROP TABLE x'; END $$;\nCOMMIT;\n",
      "SET lock_timeout = '2s';\nCOPY t FROM stdin;\n1\t2\n\\.\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1 $body$ LANGUAGE sql;\n",
    ],
    run: (s) => parseSqlScript(s),
  },
  {
    name: 'tls-certificates',
    seeds: ['2026-01-01T00:00:00.000Z', "Let's Encrypt", 'DNS:a.test, IP Address:127.0.0.1'],
    run: (s) => {
      const c = certificate(s);
      return [isoDate(s), daysLeft(c, s), lifetimeDays(c), autoRenewingIssuer(c)];
    },
  },
  {
    name: 'deploy-signals',
    seeds: [
      'app = "a"\n[http_service]\n  internal_port = 8080\n[[http_service.checks]]\n  path = "/healthz"\n',
      'services:\n  web:\n    healthcheck:\n      test: curl -f http://localhost/health\n',
    ],
    run: (s) => [manifestSignal('fly.toml', s), manifestSignal('render.yaml', s), healthChecksInConfig('docker-compose.yml', s), rollbackNotes(s)],
  },
  {
    name: 'monitoring-signals',
    seeds: [
      'Sentry.init({ dsn: process.env.SENTRY_DSN })\n',
      'endpoints:\n  - name: api\n    url: https://a.test/health\n    alerts:\n      - type: slack\n',
      'resource "datadog_synthetics_test" "x" { }\n',
    ],
    run: (s) => [initialisations(s), gatusSignals(s), terraformSignals(s), prometheusSignals(s)],
  },
  {
    name: 'small-parsers',
    seeds: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'shop-old.netlify.app', 'aGVsbG8gd29ybGQ='],
    run: (s) => [cvss3BaseScore(s), takeoverServiceOf(s), shannonEntropy(s)],
  },
];
