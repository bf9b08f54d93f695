import check from '../../../src/checks/repo/env.no-startup-validation.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { envFacts, envVar } from '../../support/secrets-facts.ts';

const vars = [envVar('DATABASE_URL', ['src/db.ts:3']), envVar('PORT', ['src/server.ts:1'], [], true)];

checkTester(check, {
  pass: [
    {
      name: 'zod parses process.env at boot',
      facts: factsWith({ env: envFacts({ vars, validation: [{ library: 'schema parse of process.env (zod / yup / superstruct)', at: 'src/env.ts:4' }] }) }),
    },
  ],
  fail: [
    {
      name: 'variables read with no validation',
      facts: factsWith({ env: envFacts({ vars }) }),
      findings: [{ target: 'environment', evidence: { variables: ['DATABASE_URL'], count: 1, firstReadAt: 'src/db.ts:3' }, title: /1 environment variable is read/ }],
    },
  ],
  notApplicable: [{ name: 'no app variables read', facts: factsWith({ env: envFacts({ vars: [envVar('NODE_ENV', ['a.ts:1'], [], true)] }) }) }],
});
