import { lookupFailed } from '../../analyze/dns-outcome.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.tls-rpt-missing',
    title: 'TLS-RPT reporting is published',
    failureTitle: 'No TLS-RPT record (_smtp._tls)',
    requires: ['email'],
    fix: 'Publish _smtp._tls TXT "v=TLSRPTv1; rua=mailto:tls-reports@<domain>".',
    docs: {
      why: 'TLS-RPT asks sending servers to report failed TLS deliveries to you (expired MX certificates, STARTTLS stripping, MTA-STS mismatches). Without it such failures stay invisible until customers complain.',
      fix: 'Publish `_smtp._tls.example.com TXT "v=TLSRPTv1; rua=mailto:tls-reports@example.com"`.',
      references: ['https://www.rfc-editor.org/rfc/rfc8460'],
    },
  },
  ({ email }) => {
    if (email.mx.nullMx) return notApplicable('the domain accepts no mail (null MX)');
    if (email.tlsRpt.records.length > 0) return [];
    if (lookupFailed(email.tlsRpt.rcode)) return cannotRun(`the TXT lookup of ${email.tlsRpt.name} failed (${email.tlsRpt.rcode})`);
    return [
      {
        target: email.tlsRpt.name,
        evidence: { name: email.tlsRpt.name, rcode: email.tlsRpt.rcode, records: [] },
        fix: `Publish TXT at ${email.tlsRpt.name}: "v=TLSRPTv1; rua=mailto:tls-reports@${email.domain}"`,
      },
    ];
  },
);
