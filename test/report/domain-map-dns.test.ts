// The DNS side of the domain map: addresses, CNAME chains, roles, CAA policy, NS and MX rows; unknown discovered hosts left out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Facts } from '../../src/facts.ts';
import { buildDomainMap } from '../../src/report/domain-map.ts';
import { dnsFacts, hostDns, outcome } from '../support/dns-facts.ts';

describe('domain map from dns facts', () => {
  const dns = dnsFacts({
    hosts: [
      ...dnsFacts().hosts,
      hostDns('mail.acme.test', { role: 'mail', configured: false, ipv4: ['192.0.2.25'], ipv6: [] }),
      hostDns('api.acme.test', { role: 'api', configured: false, ipv4: [], ipv6: [], a: outcome('NXDOMAIN'), aaaa: outcome('NXDOMAIN') }),
    ],
    mx: { domain: 'acme.test', exchanges: [{ preference: 10, exchange: 'mail.acme.test' }], outcome: outcome() },
  });
  const map = buildDomainMap({ sources: { dns } } as unknown as Facts);
  const row = (host: string, role?: string) => map.find((e) => e.host === host && (role === undefined || e.role === role));

  it('gives each host its addresses, CNAME chain and role', () => {
    assert.deepEqual(row('app.acme.test')?.addresses, ['192.0.2.10', '2001:db8::10']);
    assert.equal(row('app.acme.test')?.role, 'app · canonical');
    assert.equal(row('www.acme.test')?.cname, 'app.acme.test');
    assert.deepEqual(row('www.acme.test')?.cnameChain, ['app.acme.test']);
    assert.equal(row('www.acme.test')?.role, 'www');
  });

  it('shows the CAA policy on the apex row', () => {
    assert.equal(row('acme.test')?.role, 'apex · CAA letsencrypt.org');
    const none = buildDomainMap({ sources: { dns: { ...dns, caa: { queried: ['acme.test'], foundAt: null, records: [], outcome: outcome() } } } } as unknown as Facts);
    assert.equal(none.find((e) => e.host === 'acme.test')?.role, 'apex · no CAA');
    const inherited = buildDomainMap({
      sources: { dns: { ...dns, caa: { queried: ['acme.test', 'test'], foundAt: 'test', records: ['0 issue ";"'], outcome: outcome() } } },
    } as unknown as Facts);
    assert.equal(inherited.find((e) => e.host === 'acme.test')?.role, 'apex · CAA no CA may issue (from test)');
  });

  it('adds NS and MX rows, and discovered hosts only when they exist', () => {
    assert.deepEqual(row('ns1.dns-a.test', 'NS')?.addresses, ['192.0.2.53']);
    assert.deepEqual(row('ns2.dns-b.test', 'NS')?.addresses, ['198.51.100.53']);
    assert.deepEqual(row('mail.acme.test', 'MX 10')?.addresses, ['192.0.2.25']);
    assert.equal(row('mail.acme.test', 'mail')?.variants.length, 0);
    assert.equal(row('api.acme.test'), undefined);
    assert.ok(map.every((e) => Array.isArray(e.variants)));
  });
});
