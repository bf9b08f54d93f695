import check from '../../../src/checks/repo/logging.secrets-in-logs.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { logFile, logsFacts } from '../../support/logs-facts.ts';

const counts = (c: Partial<Record<'credential' | 'bearer-token' | 'jwt' | 'card-number' | 'email', number>>) => ({
  credential: 0,
  'bearer-token': 0,
  jwt: 0,
  'card-number': 0,
  email: 0,
  ...c,
});

checkTester(check, {
  pass: [
    { name: 'clean log', facts: factsWith({ logs: logsFacts({ patterns: ['var/log/*.log'], logFiles: [logFile()] }) }) },
    {
      name: 'a few email addresses are not bulk',
      facts: factsWith({ logs: logsFacts({ patterns: ['*.log'], logFiles: [logFile({ counts: counts({ email: 40 }), distinctEmails: 3 })] }) }),
    },
  ],
  fail: [
    {
      name: 'tokens, a card number and bulk emails',
      facts: factsWith({
        logs: logsFacts({
          patterns: ['var/log/*.log'],
          logFiles: [
            logFile({
              counts: counts({ 'bearer-token': 2, 'card-number': 1, email: 500 }),
              distinctEmails: 250,
              samples: [
                { kind: 'bearer-token', line: 3, masked: 'abcd…(40 chars)' },
                { kind: 'card-number', line: 9, masked: '4111…(16 chars)' },
              ],
            }),
          ],
        }),
      }),
      findings: [
        { target: 'var/log/app.log', title: /2 bearer tokens/, evidence: { kind: 'bearer-token', count: 2, samples: ['line 3: abcd…(40 chars)'] } },
        { target: 'var/log/app.log', title: /1 card number$/, fix: /PCI/ },
        { target: 'var/log/app.log', title: /250 distinct email addresses/, evidence: { kind: 'email', count: 250, occurrences: 500 } },
      ],
    },
  ],
  notRun: [
    { name: 'no logs configured', status: 'skipped', facts: factsWith({ logs: logsFacts() }) },
    { name: 'patterns match nothing', status: 'error', facts: factsWith({ logs: logsFacts({ patterns: ['nope/*.log'], unmatchedPatterns: ['nope/*.log'] }) }) },
    { name: 'every file unreadable', status: 'error', facts: factsWith({ logs: logsFacts({ patterns: ['a.log'], logFiles: [logFile({ error: 'EACCES: cannot read a.log' })] }) }) },
  ],
});
