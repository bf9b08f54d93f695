import check from '../../../src/checks/repo/logging.sensitive-data.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { logsFacts } from '../../support/logs-facts.ts';

checkTester(check, {
  pass: [{ name: 'no offending calls', facts: factsWith({ logs: logsFacts() }) }],
  fail: [
    {
      name: 'two offending calls',
      facts: factsWith({
        logs: logsFacts({
          codeScan: {
            filesScanned: 30,
            truncated: false,
            calls: [
              { file: 'src/auth.ts', line: 12, call: "console.log('login', { password })", passes: ['password'] },
              { file: 'app/views.py', line: 40, call: 'logging.info("h %s", request.headers)', passes: ['request.headers'] },
            ],
          },
        }),
      }),
      findings: [
        { target: 'src/auth.ts:12', title: /logs password/, evidence: { file: 'src/auth.ts', line: 12, passes: ['password'] } },
        { target: 'app/views.py:40', title: /request\.headers/ },
      ],
    },
  ],
  notRun: [{ name: 'only log files, no repo', status: 'skipped', facts: factsWith({ logs: logsFacts({ repo: null, codeScan: null, patterns: ['/var/log/*.log'] }) }) }],
});
