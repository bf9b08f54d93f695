// Fact builder for email check tests: a fully healthy domain, changed per case by a mutator.
import { parseDkimKey } from '../../../src/analyze/dkim.ts';
import { parseDmarc } from '../../../src/analyze/dmarc.ts';
import { parseMtaStsPolicy } from '../../../src/analyze/mta-sts.ts';
import type { EmailFacts } from '../../../src/facts/email.ts';
import type { CollectorFailure, Facts } from '../../../src/facts/index.ts';
import { factsWith } from '../../support/facts.ts';

// a real 2048-bit SubjectPublicKeyInfo (generated once with openssl), so key sizes are measured as in production
export const KEY_2048 =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzR4bnnHi2K2Ub2Prj/j0csobRBYrlFtQJdKpihtCMBBG/EoIcDqe1yIeAdgQphxBCJ6ShpjTqCfpeUpVypWJuytlgOypNGc2NN/mSEAEqkzpiaSDYZ6scaHCIEi5V7daXR6PiXViNQ30gEVrYsNvKBYJhsUHwUuNi91i7AT5gAsNcPMO7psJhTcxLGC9wLfhWb08dQ/FIKuaiYIBFzeP7NJJh/BxpcH2IYOzBKqv2oADAO0t8vODlwEoVlqaEY/iAxl5pgPte8+379/Kjko4+nZOaZEexbiZUe5gaYb9yatK2S97KEn1RpifFeUyGxKzY0zTLdKsjjHfPUeIIPN4LQIDAQAB';

export function healthyEmail(): EmailFacts {
  const spfRecord = 'v=spf1 include:_spf.acme.test mx -all';
  const dkimRecord = `v=DKIM1; k=rsa; p=${KEY_2048}`;
  const dmarcRecord = 'v=DMARC1; p=reject; rua=mailto:dmarc@acme.test';
  return {
    domain: 'acme.test',
    spf: {
      domain: 'acme.test',
      records: [spfRecord],
      record: spfRecord,
      txtRcode: 'NOERROR',
      all: '-',
      redirect: null,
      lookups: 2,
      voidLookups: 0,
      voidNames: [],
      lookupTerms: [
        { domain: 'acme.test', term: 'include:_spf.acme.test' },
        { domain: 'acme.test', term: 'mx' },
      ],
      tree: [
        { domain: 'acme.test', via: 'top', depth: 0, record: spfRecord },
        { domain: '_spf.acme.test', via: 'include', depth: 1, record: 'v=spf1 ip4:192.0.2.0/24 -all' },
      ],
      syntaxErrors: [],
      dnsErrors: [],
      cycle: null,
      flattenedTerms: ['ip4:192.0.2.0/24', 'ip4:192.0.2.25'],
      verdict: { result: 'fail', comment: null, lookups: 2, voidLookups: 0 },
    },
    dkim: {
      selectors: [{ selector: 's1', name: 's1._domainkey.acme.test', configured: true, rcode: 'NOERROR', record: dkimRecord, key: parseDkimKey(dkimRecord) }],
      commonSelectorsTried: ['google'],
    },
    dmarc: {
      name: '_dmarc.acme.test',
      orgDomain: 'acme.test',
      foundAt: '_dmarc.acme.test',
      usedOrgDomain: false,
      rcode: 'NOERROR',
      records: [dmarcRecord],
      record: dmarcRecord,
      parsed: parseDmarc(dmarcRecord),
    },
    mx: { rcode: 'NOERROR', hosts: [{ priority: 10, exchange: 'mx1.acme.test' }], nullMx: false },
    starttls: [
      {
        host: 'mx1.acme.test',
        port: 25,
        address: '127.0.21.1',
        banner: 'mx1.acme.test ESMTP',
        offered: true,
        tls: { authorized: true, authorizationError: null, protocol: 'TLSv1.3', subject: 'mx1.acme.test', issuer: 'test CA', validTo: null },
        failure: null,
        error: null,
      },
    ],
    mtaSts: {
      name: '_mta-sts.acme.test',
      records: ['v=STSv1; id=20260101'],
      recordErrors: [],
      policyUrl: 'https://mta-sts.acme.test/.well-known/mta-sts.txt',
      fetch: { status: 200, error: null, contentType: 'text/plain' },
      policy: parseMtaStsPolicy('version: STSv1\nmode: enforce\nmx: mx1.acme.test\nmax_age: 604800\n'),
      mxNotCovered: [],
    },
    tlsRpt: { name: '_smtp._tls.acme.test', rcode: 'NOERROR', records: ['v=TLSRPTv1; rua=mailto:tls@acme.test'] },
    dnsQueries: 40,
  };
}

/** Facts with a healthy domain changed by `mutate`. */
export function emailFacts(mutate: (email: EmailFacts) => void = () => {}): Facts {
  const email = healthyEmail();
  mutate(email);
  return factsWith({ email }, { email: { domain: 'acme.test', dkimSelectors: ['s1'], smtpPort: 25 } });
}

/** Facts whose DMARC record is `record` (parsed as the collector would), found at the organizational domain when `inherited`. */
export function withDmarc(record: string, inherited = false): Facts {
  return emailFacts((e) => {
    e.dmarc.record = record;
    e.dmarc.records = [record];
    e.dmarc.parsed = parseDmarc(record);
    e.dmarc.usedOrgDomain = inherited;
  });
}

/** Mutator: no DMARC record found (nothing parsed). */
export function removeDmarc(e: EmailFacts): void {
  e.dmarc.foundAt = null;
  e.dmarc.parsed = null;
}

/** Mutator: a null MX (RFC 7505), so the domain accepts no mail. */
export function setNullMx(e: EmailFacts): void {
  e.mx = { rcode: 'NOERROR', hosts: [{ priority: 0, exchange: '' }], nullMx: true };
}

export function failedEmailCollector(): Facts {
  const failure: CollectorFailure = { error: { code: 'TIMEOUT', message: 'DNS server did not answer' } };
  return factsWith({ email: failure });
}
