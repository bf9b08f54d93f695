import assert from 'node:assert/strict';
import { it } from 'node:test';
import check, { targetCoversPath } from '../../../src/checks/monitoring/monitoring.route-unwatched.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { monitoringFacts, monitorOn, route, uptimeMonitor } from '../../support/monitoring-facts.ts';

const routes = [route('/api/orders'), route('/api/login'), route('/about', false)];

checkTester(check, {
  pass: [
    { name: 'launchready monitor lists both', facts: factsWith({ monitoring: monitoringFacts() }, { routes, ...monitorOn({ routes: ['/api/orders', '/api/login/'] }) }) },
    {
      name: 'repo monitors cover them by URL',
      facts: factsWith({ monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor(['https://app.acme.test/api/orders?x=1', 'app.acme.test/api/login'])] }) }, { routes }),
    },
  ],
  fail: [
    {
      name: 'one of two covered',
      facts: factsWith({ monitoring: monitoringFacts({ uptimeMonitors: [uptimeMonitor(['https://app.acme.test/api/orders'])] }) }, { routes }),
      findings: [{ target: 'GET /api/login', evidence: { route: '/api/login' } }],
    },
    {
      name: 'monitor configured for other routes; routes not configured in launchready are not watched by it',
      facts: factsWith({ monitoring: monitoringFacts() }, { routes, ...monitorOn({ routes: ['/'] }) }),
      findings: [{ target: 'GET /api/orders' }, { target: 'GET /api/login' }],
    },
  ],
  notApplicable: [{ name: 'no critical routes', facts: factsWith({ monitoring: monitoringFacts() }, { routes: [route('/x', false)] }) }],
});

it('matches monitor targets to route paths', () => {
  assert.ok(targetCoversPath('https://a.test/api/x/', '/api/x'));
  assert.ok(targetCoversPath('/api/x', '/api/x'));
  assert.ok(!targetCoversPath('https://a.test/api/xy', '/api/x'));
  assert.ok(!targetCoversPath('https://a.test/', '/api/x'));
  assert.ok(!targetCoversPath('http://[bad', '/api/x'));
});
