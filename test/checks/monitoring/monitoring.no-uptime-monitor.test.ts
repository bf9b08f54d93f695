import check from '../../../src/checks/monitoring/monitoring.no-uptime-monitor.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { monitoringFacts, monitorOn, uptimeMonitor } from '../../support/monitoring-facts.ts';

checkTester(check, {
  pass: [
    { name: 'launchready monitor configured, no repo', facts: factsWith({ monitoring: monitoringFacts({ repo: null }) }, monitorOn()) },
    { name: 'a provider monitor in the repo', facts: factsWith({ monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor(['https://app.acme.test/'])] }) }) },
  ],
  fail: [
    {
      name: 'nothing',
      facts: factsWith({ monitoring: monitoringFacts() }),
      findings: [{ target: 'https://app.acme.test/', evidence: { launchreadyMonitor: 'not configured', repo: '/srv/app' } }],
    },
    { name: 'no repo and no config', facts: factsWith({ monitoring: monitoringFacts({ repo: null }) }), findings: [{ evidence: { repo: null } }] },
  ],
});
