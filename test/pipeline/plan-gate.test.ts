// The plan probes what the user named: the URL's own port, no www or email checks for an IP address.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPlan, IP_LITERAL_REASON } from '../../src/plan.ts';

const plan = (urls: string[], config = {}, flags = {}) => buildPlan(config, { urls, cwd: '/nonexistent', cwdIsGitRepo: false, ...flags }, {}).plan;

describe('plan: ports and IP literals', () => {
  it('default ports without an explicit port; app.ports overrides both', () => {
    assert.deepEqual(plan(['https://app.acme.test/']).ports, { http: 80, https: 443 });
    assert.deepEqual(plan(['https://app.acme.test/'], { app: { ports: { http: 8080, https: 8443 } } }).ports, { http: 8080, https: 8443 });
  });

  it("an explicit port is that scheme's port; the other scheme only when app.ports names it", () => {
    assert.deepEqual(plan(['http://app.acme.test:18080/']).ports, { http: 18080, https: null });
    assert.deepEqual(plan(['https://app.acme.test:8443/']).ports, { http: null, https: 8443 });
    assert.deepEqual(plan(['https://app.acme.test:8443/'], { app: { ports: { http: 8080 } } }).ports, { http: 8080, https: 8443 });
    // a default port written out is no explicit port
    assert.deepEqual(plan(['http://app.acme.test:80/']).ports, { http: 80, https: 443 });
  });

  it('an IPv4 or IPv6 URL has no www host and no domain; dns and email are left out with the reason', () => {
    for (const [url, host] of [
      ['http://127.0.0.9:1/', '127.0.0.9'],
      ['http://[::1]:8080/', '[::1]'],
    ]) {
      const p = plan([url as string]);
      assert.deepEqual(p.hosts, [host]);
      assert.equal(p.domain, null);
      assert.equal(p.email.domain, null);
      assert.ok(!p.stages.includes('dns') && !p.stages.includes('email'));
      assert.equal(p.stageReasons.email, IP_LITERAL_REASON);
      assert.equal(p.stageReasons.dns, IP_LITERAL_REASON);
    }
    const withDomain = plan(['http://127.0.0.9/'], {}, { domain: 'acme.test' });
    assert.ok(withDomain.stages.includes('email'));
    assert.deepEqual(withDomain.hosts, ['127.0.0.9']);
  });
});
