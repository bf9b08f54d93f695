import assert from 'node:assert/strict';
import { it } from 'node:test';
import check from '../../../src/checks/repo/secrets.in-history.ts';
import { checkTester, runOne } from '../../support/check-tester.ts';
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
  context: 'live' as const,
};
const truncated = { ...base.history!, commits: 595, totalCommits: 8240, truncated: 'time limit of 180 s reached' };

checkTester(check, {
  pass: [{ name: 'clean history', facts: factsWith({ secrets: base }) }],
  fail: [
    {
      name: 'a token added then removed',
      facts: factsWith({ secrets: { ...base, history: { ...base.history!, secrets: [old] } } }),
      findings: [
        {
          target: 'scripts/release.sh',
          severity: 'high',
          evidence: { commit: old.commit, authorDate: old.authorDate, rule: 'github-pat', value: 'ghp_…(40 chars)' },
          title: /commit 0123456789/,
        },
      ],
    },
    {
      name: 'a truncated scan reports its findings and how far it got',
      facts: factsWith({ secrets: { ...base, history: { ...truncated, secrets: [old] } } }),
      findings: [
        { target: 'scripts/release.sh', severity: 'high' },
        { target: 'git history', severity: 'info', evidence: { commitsScanned: 595, totalCommits: 8240 }, title: /cut short: 595 of 8240 commits/ },
      ],
    },
    {
      name: 'a mock password in a Playwright test is info, named as a fixture',
      facts: factsWith({ secrets: { ...base, history: { ...base.history!, secrets: [{ ...old, file: 'apps/web/playwright/login.spec.ts', context: 'test' as const }] } } }),
      findings: [{ severity: 'info', title: /test fixture or mock/ }],
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

it('secrets.in-history: status reason says the scan was cut and how far it got', () => {
  const out = runOne(check, factsWith({ secrets: { ...base, history: { ...truncated, secrets: [old] } } }));
  assert.equal(out.status, 'failed');
  assert.equal(out.reason, 'the history scan stopped after 595 of 8,240 commits (time limit of 180 s reached): findings cover the newest commits only');
  const empty = runOne(check, factsWith({ secrets: { ...base, history: truncated } }));
  assert.equal(empty.status, 'error');
  assert.match(empty.reason ?? '', /595 of 8,240 commits/);
});
