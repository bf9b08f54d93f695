import check from '../../../src/checks/repo/secrets.env-not-ignored.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { secretsFacts } from '../../support/secrets-facts.ts';

checkTester(check, {
  pass: [
    { name: 'git check-ignore says ignored', facts: factsWith({ secrets: secretsFacts() }) },
    {
      name: '.gitignore lists .env* in a plain directory',
      facts: factsWith({ secrets: secretsFacts({ gitRepo: false, envIgnored: { ignored: true, method: '.gitignore', source: '.gitignore: .env*' } }) }),
    },
  ],
  fail: [
    {
      name: 'not ignored',
      facts: factsWith({ secrets: secretsFacts({ envIgnored: { ignored: false, method: 'git check-ignore', source: null } }) }),
      findings: [{ target: '.gitignore', evidence: { ignored: false, checkedWith: 'git check-ignore' } }],
    },
  ],
});
