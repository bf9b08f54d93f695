import check from '../../../src/checks/monitoring/monitoring.no-uptime-monitor.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { monitoringFacts, monitorOn, uptimeMonitor } from '../../support/monitoring-facts.ts';

checkTester(check, {
  pass: [
    { name: 'launchready monitor configured, no repo', facts: factsWith({ monitoring: monitoringFacts({ repo: null }) }, monitorOn()) },
    { name: 'a provider monitor in the repo', facts: factsWith({ monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor(['https://app.acme.test/'])] }) }) },
    { name: 'a monitor whose targets are unknown (Prometheus rule)', facts: factsWith({ monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor([])] }) }) },
    { name: 'host given without scheme', facts: factsWith({ monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor(['staging.acme.test', 'APP.acme.test'])] }) }) },
  ],
  fail: [
    {
      name: 'nothing',
      facts: factsWith({ monitoring: monitoringFacts() }),
      findings: [{ target: 'https://app.acme.test/', evidence: { launchreadyMonitor: 'not configured', repo: '/srv/app' } }],
    },
    { name: 'no repo and no config', facts: factsWith({ monitoring: monitoringFacts({ repo: null }) }), findings: [{ evidence: { repo: null } }] },
    {
      name: 'monitors only watch staging',
      facts: factsWith({ monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor(['https://staging.acme.test/health', 'staging.acme.test'])] }) }),
      findings: [{ title: /none watches app\.acme\.test/, evidence: { monitors: ['Gatus (gatus.yaml:3) → https://staging.acme.test/health, staging.acme.test'] } }],
    },
  ],
});
