import check from '../../../src/checks/email/email.starttls-missing.ts';
import type { StarttlsProbe } from '../../../src/facts/email.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector, setNullMx } from './email-facts.ts';

const probe = (over: Partial<StarttlsProbe>): StarttlsProbe => ({
  host: 'mx1.acme.test',
  port: 25,
  address: '127.0.21.1',
  banner: 'mx1 ESMTP',
  offered: true,
  tls: null,
  failure: null,
  error: null,
  ...over,
});

checkTester(check, {
  pass: [{ name: 'STARTTLS with a trusted certificate', facts: emailFacts() }],
  fail: [
    {
      name: 'not offered',
      facts: emailFacts((e) => {
        e.starttls = [probe({ offered: false, failure: 'not-offered' })];
      }),
      findings: [{ target: 'mx1.acme.test:25', title: /does not offer STARTTLS/, evidence: { failure: 'not-offered', starttlsOffered: false } }],
    },
    {
      name: 'wrong-host certificate',
      facts: emailFacts((e) => {
        e.starttls = [probe({ failure: 'wrong-host', error: 'ERR_TLS_CERT_ALTNAME_INVALID' })];
      }),
      findings: [{ title: /certificate for another host name/, fix: /names include the MX host/ }],
    },
    {
      name: 'untrusted certificate on one of two hosts',
      facts: emailFacts((e) => {
        e.starttls = [probe({}), probe({ host: 'mx2.acme.test', failure: 'untrusted', error: 'SELF_SIGNED_CERT_IN_CHAIN' })];
      }),
      findings: [{ target: 'mx2.acme.test:25', evidence: { failure: 'untrusted', error: 'SELF_SIGNED_CERT_IN_CHAIN' } }],
    },
  ],
  notApplicable: [
    {
      name: 'null MX',
      facts: emailFacts((e) => {
        setNullMx(e);
        e.starttls = [];
      }),
    },
  ],
  notRun: [
    { name: 'collector failed', facts: failedEmailCollector(), status: 'error' },
    {
      name: 'no MX reachable (port 25 blocked): cannot judge',
      facts: emailFacts((e) => {
        e.starttls = [probe({ offered: null, failure: 'connect', error: 'connect ETIMEDOUT' })];
      }),
      status: 'error',
    },
  ],
});
