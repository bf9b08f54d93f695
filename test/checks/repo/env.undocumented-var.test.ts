import check from '../../../src/checks/repo/env.undocumented-var.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { envFacts, envVar } from '../../support/secrets-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'every read variable is documented; runtime variables need no docs',
      facts: factsWith({
        env: envFacts({ vars: [envVar('DATABASE_URL', ['src/db.ts:3'], ['.env.example:1 (env example)']), envVar('NODE_ENV', ['src/server.ts:1'], [], true)] }),
      }),
    },
  ],
  fail: [
    {
      name: 'one finding per undocumented variable',
      facts: factsWith({
        env: envFacts({
          vars: [
            envVar('STRIPE_SECRET_KEY', ['src/billing.ts:4', 'src/webhook.ts:9']),
            envVar('SENTRY_DSN', ['src/server.ts:2']),
            envVar('DATABASE_URL', ['src/db.ts:3'], ['fly.toml:12 (deploy manifest)']),
            envVar('APP_SECRET', [], ['.env.example:2 (env example)']),
            // read only by scripts/build-geo.js: no production host needs it
            { ...envVar('MAXMIND_LICENSE_KEY', []), toolingReadAt: ['scripts/build-geo.js:26'] },
            // read by the app as well as by a script: the app's reads decide
            { ...envVar('REDIS_URL', ['src/lib/redis.ts:106']), toolingReadAt: ['scripts/check-redis.js:40'] },
          ],
        }),
      }),
      findings: [
        { target: 'STRIPE_SECRET_KEY', evidence: { readAt: ['src/billing.ts:4', 'src/webhook.ts:9'], reads: 2 }, fix: /STRIPE_SECRET_KEY=/ },
        { target: 'SENTRY_DSN', severity: 'medium' },
        { target: 'REDIS_URL', evidence: { readAt: ['src/lib/redis.ts:106'], reads: 1 } },
      ],
    },
  ],
  notApplicable: [
    { name: 'the code reads no variables', facts: factsWith({ env: envFacts() }) },
    {
      name: 'only dev tooling and scripts read variables',
      facts: factsWith({ env: envFacts({ vars: [{ ...envVar('E2E_BASE_URL', []), toolingReadAt: ['playwright.config.ts:4'] }] }) }),
    },
    { name: 'only runtime variables', facts: factsWith({ env: envFacts({ vars: [envVar('PORT', ['src/server.ts:5'], [], true)] }) }) },
  ],
});
