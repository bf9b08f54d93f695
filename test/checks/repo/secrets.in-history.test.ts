import check from '../../../src/checks/repo/secrets.in-history.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { secretsFacts } from '../../support/secrets-facts.ts';

const base = secretsFacts();
const old = {
  rule: 'github-pat',
  description: 'GitHub personal access token (classic)',
  file: 'scripts/release.sh',
  line: 4,
  value: 'ghp_…(40 chars)',
  commit: '0123456789abcdef0123456789abcdef01234567',
  authorDate: '2025-01-02T03:04:05+00:00',
};

checkTester(check, {
  pass: [{ name: 'clean history', facts: factsWith({ secrets: base }) }],
  fail: [
    {
      name: 'a token added then removed',
      facts: factsWith({ secrets: { ...base, history: { ...base.history!, secrets: [old] } } }),
      findings: [
        { target: 'scripts/release.sh', evidence: { commit: old.commit, authorDate: old.authorDate, rule: 'github-pat', value: 'ghp_…(40 chars)' }, title: /commit 0123456789/ },
      ],
    },
  ],
  notRun: [
    {
      name: 'the history scan hit its size limit before finding anything',
      status: 'error',
      facts: factsWith({ secrets: { ...base, history: { ...base.history!, truncated: 'history larger than 4096 MiB' } } }),
    },
  ],
  notApplicable: [
    { name: 'not a git repository', facts: factsWith({ secrets: secretsFacts({ gitRepo: false, head: null, history: null }) }) },
    { name: 'no commits yet', facts: factsWith({ secrets: secretsFacts({ head: null, history: null }) }) },
  ],
});
