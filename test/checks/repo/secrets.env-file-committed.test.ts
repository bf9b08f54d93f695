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
  ],
});
