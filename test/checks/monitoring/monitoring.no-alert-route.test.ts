import check from '../../../src/checks/monitoring/monitoring.no-alert-route.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { monitoringFacts, monitorOn, uptimeMonitor } from '../../support/monitoring-facts.ts';

checkTester(check, {
  pass: [
    { name: 'launchready monitor with a webhook', facts: factsWith({ monitoring: monitoringFacts() }, monitorOn()) },
    {
      name: 'repo monitor with a Slack channel',
      facts: factsWith({
        monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor(['https://x'])], alertChannels: [{ type: 'chat', provider: 'Gatus slack', file: 'gatus.yaml', line: 1 }] }),
      }),
    },
  ],
  fail: [
    {
      name: 'launchready monitor without alerts',
      facts: factsWith({ monitoring: monitoringFacts() }, monitorOn({ alertTypes: [] })),
      findings: [{ evidence: { launchreadyMonitor: 'configured without alerts' } }],
    },
    {
      name: 'repo monitor without alerts',
      facts: factsWith({ monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor(['https://x'])] }) }),
      findings: [{ target: 'https://app.acme.test/', evidence: { repoMonitors: ['Gatus (gatus.yaml:3)'] } }],
    },
  ],
  notApplicable: [{ name: 'no monitors at all', facts: factsWith({ monitoring: monitoringFacts() }) }],
});
