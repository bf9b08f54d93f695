import check from '../../../src/checks/monitoring/monitoring.cert-expiry-unwatched.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { monitoringFacts, monitorOn, uptimeMonitor } from '../../support/monitoring-facts.ts';

checkTester(check, {
  pass: [
    { name: 'launchready monitor watches certificates', facts: factsWith({ monitoring: monitoringFacts() }, monitorOn()) },
    { name: 'gatus certificate condition', facts: factsWith({ monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor(['https://x'], true)] }) }) },
    {
      name: 'prometheus rule',
      facts: factsWith({ monitoring: monitoringFacts({ certificateWatches: [{ file: 'rules.yml', line: 4, text: 'probe_ssl_earliest_cert_expiry - time() < 86400 * 14' }] }) }),
    },
  ],
  fail: [
    { name: 'nothing', facts: factsWith({ monitoring: monitoringFacts() }), findings: [{ target: 'app.acme.test', evidence: { launchreadyMonitor: 'not configured' } }] },
    {
      name: 'monitor that sees no certificate',
      facts: factsWith({ monitoring: monitoringFacts() }, monitorOn({ certificates: false })),
      findings: [{ evidence: { launchreadyMonitor: 'no tls or https monitor' } }],
    },
    {
      name: 'uptime monitor that ignores certificates',
      facts: factsWith({ monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor(['https://x'])] }) }),
      findings: [{ target: 'app.acme.test' }],
    },
  ],
  notApplicable: [{ name: 'plain http app', facts: factsWith({ monitoring: monitoringFacts() }, { canonical: 'http://intranet.test/' }) }],
});
