// The DNS side of the domain map: addresses, CNAME chains, roles, CAA policy, NS and MX rows; unknown discovered hosts left out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Facts } from '../../src/facts/index.ts';
import type { WebFacts, WebVariant } from '../../src/facts/web.ts';
import { buildDomainMap, canonicalRule } from '../../src/report/domain-map.ts';
import { dnsFacts, hostDns, outcome } from '../support/dns-facts.ts';

describe('domain map from dns facts', () => {
  const dns = dnsFacts({
    hosts: [
      ...dnsFacts().hosts,
      hostDns('mail.acme.test', { role: 'mail', configured: false, ipv4: ['192.0.2.25'], ipv6: [] }),
      hostDns('api.acme.test', { role: 'api', configured: false, ipv4: [], ipv6: [], a: outcome('NXDOMAIN'), aaaa: outcome('NXDOMAIN') }),
    ],
    mx: { domain: 'acme.test', exchanges: [{ preference: 10, exchange: 'mail.acme.test', ipv4: ['192.0.2.25'], ipv6: [] }], outcome: outcome() },
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

function variant(url: string, hops: [string, number | null][], outcome: WebVariant['outcome'] = 'final', error: string | null = null): WebVariant {
  const last = hops.at(-1);
  return {
    host: new URL(url).hostname,
    scheme: url.startsWith('https') ? 'https' : 'http',
    url,
    start: url,
    hops: hops.map(([u, status]) => ({ url: u, status, location: null, error: null, remoteAddress: '127.0.0.1', tls: null })),
    outcome,
    finalUrl: outcome === 'final' ? (last?.[0] ?? null) : null,
    finalStatus: outcome === 'final' ? (last?.[1] ?? null) : null,
    error: error ? { code: error, message: error } : null,
    dnsFailure: false,
    pathProbe: null,
  } as WebVariant;
}

describe('canonical rule sentence', () => {
  const canonical = 'https://app.acme.test/';
  const web = (variants: WebVariant[]) => ({ canonical, canonicalHost: 'app.acme.test', variants }) as unknown as WebFacts;
  const good = [
    variant('http://acme.test/', [
      ['http://acme.test/', 301],
      ['https://app.acme.test:8443/', 200],
    ]),
    variant('https://acme.test/', [
      ['https://acme.test/', 301],
      ['https://app.acme.test:8443/', 200],
    ]),
    variant('https://app.acme.test/', [['https://app.acme.test:8443/', 200]]),
  ];

  it('says every variant ends on the canonical URL and how the apex redirects', () => {
    assert.equal(canonicalRule(web(good), 'acme.test'), 'every variant ends on https://app.acme.test/; apex redirects with 301');
  });

  it('names the variants that end elsewhere or fail', () => {
    const bad = [
      ...good,
      variant('http://www.acme.test/', [
        ['http://www.acme.test/', 302],
        ['http://www.acme.test/home', 200],
      ]),
      variant('https://www.acme.test/', [['https://www.acme.test/', null]], 'error', 'ECONNREFUSED'),
    ];
    assert.equal(
      canonicalRule(web(bad), 'acme.test'),
      '3 of 5 variants end on https://app.acme.test/: http://www.acme.test/ ends on http://www.acme.test/home, https://www.acme.test/ fails (ECONNREFUSED); apex redirects with 301',
    );
  });

  it('lands on the canonical host row of the map', () => {
    const map = buildDomainMap({ sources: { web: web(good), dns: dnsFacts() } } as unknown as Facts);
    assert.match(map.find((e) => e.host === 'app.acme.test')?.canonicalRule ?? '', /^every variant ends on/);
    assert.equal(map.find((e) => e.host === 'acme.test')?.canonicalRule, undefined);
  });
});
