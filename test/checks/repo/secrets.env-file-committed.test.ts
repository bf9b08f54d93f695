import check from '../../../src/checks/repo/secrets.env-file-committed.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { secretsFacts } from '../../support/secrets-facts.ts';

checkTester(check, {
  pass: [{ name: 'no tracked .env file', facts: factsWith({ secrets: secretsFacts() }) }],
  fail: [
    {
      name: 'a committed .env and .env.production',
      facts: factsWith({
        secrets: secretsFacts({
          envFiles: [
            { path: '.env', variables: ['DATABASE_URL', 'STRIPE_SECRET_KEY'] },
            { path: 'api/.env.production', variables: ['JWT_SECRET'] },
          ],
        }),
      }),
      findings: [
        { target: '.env', evidence: { variables: ['DATABASE_URL', 'STRIPE_SECRET_KEY'], count: 2 }, fix: /git rm --cached \.env/ },
        { target: 'api/.env.production', title: /1 value$/ },
      ],
    },
    {
      name: '.env.test with local values is low, .env.development holding a live key stays a blocker',
      facts: factsWith({
        secrets: secretsFacts({
          envFiles: [
            { path: '.env.test', variables: ['DATABASE_URL'] },
            { path: '.env.development', variables: ['STRIPE_SECRET_KEY'] },
          ],
          hardcoded: [{ rule: 'stripe-secret-key', description: 'Stripe secret key', file: '.env.development', line: 1, value: 'sk_l…(32 chars)', context: 'live' }],
        }),
      }),
      findings: [
        { target: '.env.test', severity: 'low' },
        { target: '.env.development', severity: 'blocker' },
      ],
    },
  ],
});
