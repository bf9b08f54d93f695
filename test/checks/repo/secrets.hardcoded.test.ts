import assert from 'node:assert/strict';
import { it } from 'node:test';
import check from '../../../src/checks/repo/secrets.hardcoded.ts';
import { checkTester, runOne } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { secretsFacts } from '../../support/secrets-facts.ts';

const stripe = { rule: 'stripe-secret-key', description: 'Stripe secret key (live or test)', file: 'src/billing.ts', line: 12, value: 'sk_l…(32 chars)', context: 'live' as const };
const azurite = {
  rule: 'azure-storage-account-key',
  description: 'Azure storage account key (connection string)',
  file: 'docker-compose.yml',
  line: 4,
  value: 'Eby8…(88 chars)',
  context: 'emulator' as const,
};
const docsExample = { ...stripe, file: 'docs/billing.mdx', context: 'documentation' as const };

checkTester(check, {
  pass: [
    { name: 'no credential at HEAD', facts: factsWith({ secrets: secretsFacts() }) },
    { name: 'plain directory without credentials', facts: factsWith({ secrets: secretsFacts({ gitRepo: false, head: null, history: null }) }) },
  ],
  fail: [
    {
      name: 'a Stripe key in code',
      facts: factsWith({ secrets: secretsFacts({ hardcoded: [stripe] }) }),
      findings: [
        { target: 'src/billing.ts', severity: 'blocker', evidence: { line: 12, rule: 'stripe-secret-key', value: 'sk_l…(32 chars)', context: 'live' }, title: /Stripe secret key/ },
      ],
    },
    {
      name: 'an emulator key and a docs example are info, named as such',
      facts: factsWith({ secrets: secretsFacts({ hardcoded: [azurite, docsExample] }) }),
      findings: [
        { target: 'docker-compose.yml', severity: 'info', title: /well-known emulator key/ },
        { target: 'docs/billing.mdx', severity: 'info', title: /example in documentation/ },
      ],
    },
    {
      name: 'findings past the stored limit are counted in the report',
      facts: factsWith({ secrets: secretsFacts({ hardcoded: [stripe], omitted: 250 }) }),
      findings: [{ target: 'src/billing.ts' }, { target: 'repository', severity: 'high', evidence: { listed: 1, omitted: 250 }, title: /250 more credential findings not listed/ }],
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

it('secrets.hardcoded: a scan cut by its time limit reports what it found and says it was cut', () => {
  const out = runOne(
    check,
    factsWith({ secrets: secretsFacts({ hardcoded: [stripe], scanned: { files: 3, bytes: 10, ms: 5, truncated: 'time limit of 300 s reached: 9 files not read' } }) }),
  );
  assert.equal(out.status, 'failed');
  assert.match(out.reason ?? '', /stopped early .*9 files not read/);
  assert.equal(out.findings.length, 1);
});
