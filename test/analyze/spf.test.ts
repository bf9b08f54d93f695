import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSpf, answerToNode, flattenedRecord, mergeSpfRecords, parseSpf, recordWithAll, recordWithoutTargets } from '../../src/analyze/spf.ts';
import { zoneClient } from './spf-zone.ts';

describe('parseSpf', () => {
  it('reads qualifiers, mechanisms and modifiers', () => {
    const p = parseSpf('v=spf1 ip4:192.0.2.0/24 -include:_spf.example.com ~mx/24 redirect=other.example.com');
    assert.deepEqual(p.errors, []);
    assert.deepEqual(
      p.terms.map((t) => [t.qualifier, t.name, t.kind, t.value]),
      [
        ['+', 'ip4', 'mechanism', '192.0.2.0/24'],
        ['-', 'include', 'mechanism', '_spf.example.com'],
        ['~', 'mx', 'mechanism', '/24'],
        ['+', 'redirect', 'modifier', 'other.example.com'],
      ],
    );
  });
  for (const [record, error] of [
    ['v=spf1 ip4:192.0.2.0/33 -all', /invalid IPv4 network/],
    ['v=spf1 ip6:2001:db8::/129 -all', /invalid IPv6 network/],
    ['v=spf1 inlcude:x.example -all', /unknown term/],
    ['v=spf1 -all:foo', /all takes no value/],
    ['v=spf1 redirect=a.example redirect=b.example', /more than one redirect/],
    ['v=spf1 a:ex\u00e4mple.com -all', /US-ASCII/],
  ] as const) {
    it(`reports ${error.source} in "${record}"`, () =>
      assert.ok(
        parseSpf(record).errors.some((e) => error.test(e)),
        JSON.stringify(parseSpf(record).errors),
      ));
  }
  it('bounds the number of terms', () => {
    const p = parseSpf(`v=spf1 ${'a '.repeat(1000)}-all`);
    assert.ok(p.terms.length <= 200);
    assert.ok(p.errors.length > 0);
  });
});

describe('record fixes', () => {
  it('merges two records keeping the strictest all', () => {
    assert.equal(mergeSpfRecords(['v=spf1 mx ~all', 'v=spf1 include:a.example -all']), 'v=spf1 mx include:a.example -all');
  });
  it('replaces +all / ?all / no all with -all', () => {
    assert.equal(recordWithAll('v=spf1 mx +all', '-'), 'v=spf1 mx -all');
    assert.equal(recordWithAll('v=spf1 mx', '-'), 'v=spf1 mx -all');
  });
  it('drops terms pointing at void names', () => {
    assert.equal(recordWithoutTargets('v=spf1 a:gone.example mx include:ok.example -all', 'example', ['gone.example']), 'v=spf1 mx include:ok.example -all');
  });
});

describe('analyzeSpf', () => {
  const zone = zoneClient({
    'acme.test': [{ TXT: 'v=spf1 include:a.acme.test mx a:h.acme.test -all' }, { MX: [10, 'mx.acme.test'] }],
    'a.acme.test': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all' }],
    'mx.acme.test': [{ A: '198.51.100.1' }],
    'h.acme.test': [{ A: '198.51.100.2' }, { AAAA: '2001:db8::2' }],
    'void.test': [{ TXT: 'v=spf1 a:n1.void.test a:n2.void.test mx:n3.void.test ?all' }],
    'redir.test': [{ TXT: 'v=spf1 redirect=acme.test' }],
  });
  it('counts lookups through includes and flattens to ip4/ip6', async () => {
    const spf = await analyzeSpf('acme.test', zone);
    assert.equal(spf.lookups, 3);
    assert.equal(spf.all, '-');
    assert.equal(spf.verdict?.result, 'fail');
    assert.equal(flattenedRecord(spf), 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ip4:198.51.100.1 ip4:198.51.100.2 ip6:2001:db8::2 -all');
  });
  it('counts void lookups', async () => {
    const spf = await analyzeSpf('void.test', zone);
    assert.equal(spf.voidLookups, 3);
    assert.deepEqual(spf.voidNames, ['n1.void.test', 'n2.void.test', 'n3.void.test']);
    assert.equal(spf.all, '?');
  });
  it('follows redirect= for the effective all and counts it', async () => {
    const spf = await analyzeSpf('redir.test', zone);
    assert.equal(spf.redirect, 'acme.test');
    assert.equal(spf.all, '-');
    assert.equal(spf.lookups, 4);
  });
  it('reports a missing record without lookups', async () => {
    const spf = await analyzeSpf('nothing.test', zone);
    assert.equal(spf.record, null);
    assert.equal(spf.txtRcode, 'NXDOMAIN');
    assert.equal(spf.verdict, null);
  });
});

describe('answerToNode', () => {
  it('maps rcodes to node:dns error codes', () => {
    const base = { name: 'x.test', type: 'TXT', answers: [], cnameChain: [], server: 's', timeMs: 0 };
    assert.throws(() => answerToNode({ ...base, rcode: 'NXDOMAIN' }, 'TXT'), { code: 'ENOTFOUND' });
    assert.throws(() => answerToNode({ ...base, rcode: 'TIMEOUT' }, 'TXT'), { code: 'ETIMEOUT' });
    assert.throws(() => answerToNode({ ...base, rcode: 'NOERROR' }, 'TXT'), { code: 'ENODATA' });
    assert.deepEqual(answerToNode({ ...base, rcode: 'NOERROR', answers: [{ name: 'x.test', type: 'MX', ttl: 1, data: '10 mx.x.test.' }] }, 'MX'), [
      { priority: 10, exchange: 'mx.x.test' },
    ]);
  });
});

describe('analyzeSpf bounds', () => {
  it('stops resolving after 40 lookups in a hostile tree', async () => {
    const zonedata: Record<string, { TXT: string }[]> = { 'wide.test': [{ TXT: `v=spf1 ${Array.from({ length: 30 }, (_, i) => `include:i${i}.wide.test`).join(' ')} -all` }] };
    for (let i = 0; i < 30; i++) zonedata[`i${i}.wide.test`] = [{ TXT: `v=spf1 ${Array.from({ length: 50 }, (_, j) => `a:h${j}.i${i}.wide.test`).join(' ')} -all` }];
    const client = zoneClient(zonedata);
    const spf = await analyzeSpf('wide.test', client, { verdict: false });
    assert.ok(spf.lookups > 10);
    assert.ok(client.queriesSent < 250, `sent ${client.queriesSent} queries`);
    assert.equal(spf.flattenedTerms, null);
  });
});
