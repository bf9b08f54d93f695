import check from '../../../src/checks/monitoring/monitoring.no-error-tracking.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { monitoringFacts } from '../../support/monitoring-facts.ts';

const sentry = { provider: 'Sentry', package: '@sentry/node', manifest: 'package.json' };
const sentryInit = { provider: 'Sentry', file: 'src/instrument.ts', line: 3, text: 'Sentry.init({ dsn })' };

checkTester(check, {
  pass: [{ name: 'installed and initialised', facts: factsWith({ monitoring: monitoringFacts({ sdks: [sentry], initialisations: [sentryInit] }) }) }],
  fail: [
    { name: 'nothing', facts: factsWith({ monitoring: monitoringFacts() }), findings: [{ target: '.', title: /No error-tracking SDK is installed/ }] },
    {
      name: 'installed but never initialised',
      facts: factsWith({ monitoring: monitoringFacts({ sdks: [sentry] }) }),
      findings: [{ title: /Sentry installed but never initialised/, evidence: { installed: ['@sentry/node (package.json)'], initialised: [], filesScanned: 10 } }],
    },
    {
      name: 'initialised one provider, installed another',
      facts: factsWith({ monitoring: monitoringFacts({ sdks: [{ provider: 'Rollbar', package: 'rollbar', manifest: 'package.json' }], initialisations: [sentryInit] }) }),
      findings: [{ title: /Rollbar installed/ }],
    },
  ],
  notRun: [{ name: 'no repository', status: 'skipped', facts: factsWith({ monitoring: monitoringFacts({ repo: null }) }) }],
});
