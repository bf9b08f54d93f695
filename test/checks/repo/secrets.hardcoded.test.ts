import check from '../../../src/checks/repo/secrets.hardcoded.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { secretsFacts } from '../../support/secrets-facts.ts';

const stripe = { rule: 'stripe-secret-key', description: 'Stripe secret key (live or test)', file: 'src/billing.ts', line: 12, value: 'sk_l…(32 chars)' };

checkTester(check, {
  pass: [
    { name: 'no credential at HEAD', facts: factsWith({ secrets: secretsFacts() }) },
    { name: 'plain directory without credentials', facts: factsWith({ secrets: secretsFacts({ gitRepo: false, head: null, history: null }) }) },
  ],
  fail: [
    {
      name: 'a Stripe key in code',
      facts: factsWith({ secrets: secretsFacts({ hardcoded: [stripe] }) }),
      findings: [{ target: 'src/billing.ts', evidence: { line: 12, rule: 'stripe-secret-key', value: 'sk_l…(32 chars)' }, title: /Stripe secret key/ }],
    },
    {
      name: 'two credentials in two files',
      facts: factsWith({ secrets: secretsFacts({ hardcoded: [stripe, { ...stripe, rule: 'aws-access-key-id', file: 'deploy/aws.yml', line: 3, value: 'AKIA…(20 chars)' }] }) }),
      findings: [{ target: 'src/billing.ts' }, { target: 'deploy/aws.yml', evidence: { rule: 'aws-access-key-id' } }],
    },
  ],
  notRun: [
    {
      name: 'the file scan ran out of time and found nothing',
      status: 'error',
      facts: factsWith({ secrets: secretsFacts({ scanned: { files: 10, bytes: 100, ms: 300_000, truncated: 'time limit of 300 s reached: 9 files not read' } }) }),
    },
    { name: 'collector failed', status: 'error', facts: factsWith({ secrets: { error: { code: 'REPO_NOT_FOUND', message: 'repository /x does not exist' } } }) },
  ],
});
