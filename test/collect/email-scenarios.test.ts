// Email collector + checks against a real authoritative named (BIND) on loopback: each scenario asserts the exact email.* ids.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { createCertificateAuthority, issueCertificate } from '../../src/pki/ca.ts';
import { type AuthoritativeDns, startAuthoritativeDns } from '../support/bind.ts';
import { auditEmail, dkimRecordWithOpenssl, txt } from './email-harness.ts';

const DNS_ADDRESS = '127.0.21.53';
const DNS_PORT = 5321;
const POLICY_ADDRESS = '127.0.21.2';
const MX_ADDRESS = '127.0.21.3';

interface Variant {
  spf?: string | string[];
  dkim?: string;
  dmarc?: string | null;
  mx?: string;
  mtaSts?: boolean;
  extra?: string;
}

/** Records of a healthy sending domain at `sub` (relative to the zone origin, '' = apex), changed by `v`. */
function domainRecords(domain: string, v: Variant, key2048: string, sub = ''): string {
  const at = (name: string) => (sub ? (name === '@' ? sub : `${name}.${sub}`) : name);
  const spf = v.spf ?? `v=spf1 include:_spf.${domain} mx -all`;
  const lines = [
    ...(Array.isArray(spf) ? spf : [spf]).map((r) => `${at('@')} IN TXT ${txt(r)}`),
    `${at('_spf')} IN TXT "v=spf1 ip4:192.0.2.0/24 -all"`,
    `${at('@')} IN MX ${v.mx ?? `10 mx.${domain}.`}`,
    `${at('mx')} IN A ${MX_ADDRESS}`,
    `${at('s1._domainkey')} IN TXT ${txt(v.dkim ?? key2048)}`,
    ...(v.dmarc === null ? [] : [`${at('_dmarc')} IN TXT ${txt(v.dmarc ?? `v=DMARC1; p=reject; rua=mailto:dmarc@${domain}`)}`]),
    ...(v.mtaSts === false ? [] : [`${at('_mta-sts')} IN TXT "v=STSv1; id=20260101"`, `${at('mta-sts')} IN A ${POLICY_ADDRESS}`]),
    `${at('_smtp._tls')} IN TXT "v=TLSRPTv1; rua=mailto:tls@${domain}"`,
    v.extra ?? '',
  ];
  return lines.join('\n');
}

const lookupsExtra = [
  'i1 IN TXT "v=spf1 include:i3.lookups.test include:i4.lookups.test a:h.lookups.test -all"',
  'i2 IN TXT "v=spf1 include:i5.lookups.test a:h.lookups.test -all"',
  'i3 IN TXT "v=spf1 a:h.lookups.test -all"',
  'i4 IN TXT "v=spf1 a:h.lookups.test ip4:198.51.100.0/24 -all"',
  'i5 IN TXT "v=spf1 a:h.lookups.test mx:lookups.test -all"',
  'h IN A 198.51.100.7',
].join('\n');

let key2048 = '';
const SCENARIOS: { domain: string; origin?: string; sub?: string; variant: Variant; expect: string[]; note?: string }[] = [
  { domain: 'clean.test', variant: {}, expect: [] },
  {
    domain: 'lookups.test',
    variant: { spf: 'v=spf1 include:i1.lookups.test include:i2.lookups.test mx -all', extra: lookupsExtra },
    expect: ['email.spf-too-many-lookups'],
  },
  { domain: 'plusall.test', variant: { spf: 'v=spf1 mx +all' }, expect: ['email.spf-permissive'] },
  { domain: 'twospf.test', variant: { spf: ['v=spf1 mx -all', 'v=spf1 include:_spf.twospf.test -all'] }, expect: ['email.spf-multiple-records'] },
  {
    domain: 'void.test',
    variant: { spf: 'v=spf1 a:gone1.void.test mx:gone2.void.test exists:gone3.void.test include:_spf.void.test -all' },
    expect: ['email.spf-void-lookups'],
  },
  { domain: 'dkim1024.test', variant: {}, expect: ['email.dkim-weak-key'], note: '1024' },
  { domain: 'dkim512.test', variant: {}, expect: ['email.dkim-weak-key'], note: '512' },
  { domain: 'dkimtest.test', variant: {}, expect: ['email.dkim-testing'], note: 't=y' },
  { domain: 'dmarcnone.test', variant: { dmarc: 'v=DMARC1; p=none' }, expect: ['email.dmarc-no-reporting', 'email.dmarc-policy-none'] },
  {
    domain: 'news.orgonly.test',
    origin: 'orgonly.test',
    sub: 'news',
    variant: { dmarc: null, extra: '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@orgonly.test"' },
    expect: [],
  },
  { domain: 'nullmx.test', variant: { spf: 'v=spf1 -all', mx: '0 .', mtaSts: false }, expect: ['email.mx-missing'] },
  { domain: 'cycle.test', variant: { spf: 'v=spf1 include:a.cycle.test -all', extra: 'a IN TXT "v=spf1 include:cycle.test -all"' }, expect: ['email.spf-too-many-lookups'] },
];

describe('email collector against a real authoritative DNS server', { timeout: 120_000 }, () => {
  let dns: AuthoritativeDns;
  let policyServer: Server;
  const ca = createCertificateAuthority('launchready email test CA');

  before(async () => {
    key2048 = dkimRecordWithOpenssl(2048);
    const dkimFor: Record<string, string> = {
      'dkim1024.test': dkimRecordWithOpenssl(1024),
      'dkim512.test': dkimRecordWithOpenssl(512),
      'dkimtest.test': dkimRecordWithOpenssl(2048, 't=y; '),
    };
    dns = await startAuthoritativeDns({
      address: DNS_ADDRESS,
      port: DNS_PORT,
      zones: SCENARIOS.map((s) => ({
        origin: s.origin ?? s.domain,
        records: domainRecords(s.domain, { ...s.variant, ...(dkimFor[s.domain] ? { dkim: dkimFor[s.domain] } : {}) }, key2048, s.sub),
      })),
    });
    const leaf = issueCertificate(ca, { hosts: SCENARIOS.map((s) => `mta-sts.${s.domain}`) });
    policyServer = createServer({ key: leaf.keyPem, cert: leaf.certPem }, (req, res) => {
      const domain = (req.headers.host ?? '').replace(/^mta-sts\./, '').replace(/:\d+$/, '');
      if (req.url !== '/.well-known/mta-sts.txt') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`version: STSv1\nmode: enforce\nmx: mx.${domain}\nmax_age: 604800\n`);
    });
    await new Promise<void>((resolve, reject) => {
      policyServer.once('error', reject);
      policyServer.listen(443, POLICY_ADDRESS, resolve);
    });
  });

  after(async () => {
    await dns?.stop();
    await new Promise<void>((resolve) => (policyServer ? policyServer.close(() => resolve()) : resolve()));
  });

  for (const s of SCENARIOS) {
    it(`${s.domain}${s.note ? ` (${s.note})` : ''}: fires exactly ${s.expect.length ? s.expect.join(', ') : 'nothing'}`, { timeout: 20_000 }, async () => {
      const audit = await auditEmail({ domain: s.domain, dnsServer: dns.server, extraCaPem: [ca.certPem] });
      const real = audit.findings.filter((f) => f.severity !== 'info').map((f) => f.id);
      const expected = s.expect.filter((id) => !(s.domain === 'nullmx.test' && id === 'email.mx-missing'));
      assert.deepEqual(
        [...new Set(real)].sort(),
        expected,
        JSON.stringify(
          audit.findings.map((f) => [f.id, f.severity, f.evidence]),
          null,
          1,
        ).slice(0, 3000),
      );
      assert.deepEqual(audit.ids, s.expect);
      // no MX answers on port 25 here, so STARTTLS could not be judged: reported as error, never as passed
      const starttls = audit.checks.find((c) => c.id === 'email.starttls-missing');
      assert.equal(starttls?.status, s.domain === 'nullmx.test' ? 'not-applicable' : 'error');
      assert.ok(audit.ms < 10_000, `took ${audit.ms} ms`);

      if (s.domain === 'lookups.test') assert.equal(audit.email.spf.lookups, 12);
      if (s.domain === 'void.test') assert.equal(audit.email.spf.voidLookups, 3);
      if (s.domain === 'dkim1024.test') assert.equal(audit.findings[0]?.severity, 'medium');
      if (s.domain === 'dkim512.test') assert.equal(audit.findings[0]?.severity, 'high');
      if (s.domain === 'nullmx.test') assert.equal(audit.findings[0]?.severity, 'info');
      if (s.domain === 'news.orgonly.test') {
        assert.equal(audit.email.dmarc.usedOrgDomain, true);
        assert.equal(audit.email.dmarc.foundAt, '_dmarc.orgonly.test');
      }
      if (s.domain === 'cycle.test') assert.deepEqual(audit.email.spf.cycle, ['cycle.test', 'a.cycle.test', 'cycle.test']);
      if (s.domain === 'clean.test') {
        assert.equal(audit.email.mtaSts.policy?.mode, 'enforce');
        assert.equal(audit.email.dkim.selectors.find((k) => k.selector === 's1')?.key?.keyBits, 2048);
      }
    });
  }
});
