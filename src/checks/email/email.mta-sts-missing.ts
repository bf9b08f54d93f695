import { lookupFailed } from '../../analyze/dns-outcome.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.mta-sts-missing',
    title: 'MTA-STS is published and its policy is valid',
    failureTitle: 'No MTA-STS record or policy',
    requires: ['email'],
    fix: 'Publish _mta-sts TXT "v=STSv1; id=<yyyymmdd>" and a policy at https://mta-sts.<domain>/.well-known/mta-sts.txt.',
    docs: {
      why: 'MTA-STS tells sending servers to require TLS with a valid certificate when delivering to your MX hosts, so an attacker on the path cannot strip STARTTLS and read inbound mail. A broken policy (bad syntax, untrusted certificate, MX hosts not listed) is worse than none: senders that honour it may refuse delivery, so policy errors are reported as medium.',
      fix: 'Publish `_mta-sts.example.com TXT "v=STSv1; id=20260101"` and serve, as text/plain over HTTPS with a valid certificate for mta-sts.example.com, `version: STSv1` / `mode: testing` (then `enforce`) / `mx: <each MX host or *.provider.com>` / `max_age: 604800`. Change id= whenever the policy changes.',
      references: ['https://www.rfc-editor.org/rfc/rfc8461'],
    },
  },
  ({ email }) => {
    if (email.mx.nullMx) return notApplicable('the domain accepts no mail (null MX)');
    const sts = email.mtaSts;
    const mxLines = email.mx.hosts.filter((h) => h.exchange !== '').map((h) => `mx: ${h.exchange}`);
    const policyText = ['version: STSv1', 'mode: testing', ...(mxLines.length > 0 ? mxLines : ['mx: <your MX host>']), 'max_age: 604800'].join('\\n');
    const txtFix = `TXT at ${sts.name}: "v=STSv1; id=${new Date().toISOString().slice(0, 10).replace(/-/g, '')}"`;
    if (sts.records.length === 0 && sts.rcode && lookupFailed(sts.rcode)) return cannotRun(`the TXT lookup of ${sts.name} failed (${sts.rcode})`);
    if (sts.records.length === 0) {
      return [{ target: sts.name, evidence: { name: sts.name, records: [] }, fix: `Publish ${txtFix} and serve ${sts.policyUrl} (text/plain): "${policyText}"` }];
    }
    const problems: string[] = [...sts.recordErrors];
    if (sts.fetch?.error && sts.fetch.status === null) {
      return [
        {
          target: sts.policyUrl,
          severity: /TLS|certificate/i.test(sts.fetch.error) ? 'medium' : 'low',
          title: 'The MTA-STS policy cannot be fetched',
          evidence: { name: sts.name, records: sts.records, policyUrl: sts.policyUrl, error: sts.fetch.error },
          fix: `Serve ${sts.policyUrl} over HTTPS with a trusted certificate for mta-sts.${email.domain} (text/plain): "${policyText}"`,
        },
      ];
    }
    if (sts.fetch && sts.fetch.status !== 200) {
      return [
        {
          target: sts.policyUrl,
          title: `No MTA-STS policy at ${sts.policyUrl} (HTTP ${sts.fetch.status})`,
          evidence: { name: sts.name, records: sts.records, policyUrl: sts.policyUrl, status: sts.fetch.status },
          fix: `Serve ${sts.policyUrl} (text/plain): "${policyText}"`,
        },
      ];
    }
    if (sts.fetch?.error) problems.push(sts.fetch.error);
    problems.push(...(sts.policy?.errors ?? []));
    if (sts.policy?.mode === 'enforce' && sts.mxNotCovered.length > 0) problems.push(`mode enforce but MX ${sts.mxNotCovered.join(', ')} not matched by any mx: line`);
    if (problems.length === 0) return [];
    return [
      {
        target: sts.policyUrl,
        severity: 'medium',
        title: 'The MTA-STS record or policy has errors',
        evidence: { name: sts.name, records: sts.records, policyUrl: sts.policyUrl, policy: sts.policy, errors: problems.slice(0, 20) },
        fix: `Serve ${sts.policyUrl} (text/plain): "${policyText}" and publish ${txtFix}`,
      },
    ];
  },
);
