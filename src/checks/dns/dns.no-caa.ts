import { lookupFailed } from '../../analyze/dns-outcome.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'dns.no-caa',
    title: 'The domain restricts which certificate authorities may issue for it (CAA)',
    failureTitle: 'No CAA record at the apex or above it',
    requires: ['dns'],
    fix: 'Add a CAA record naming the certificate authority you use, e.g. `example.com. CAA 0 issue "letsencrypt.org"`.',
    docs: {
      why: 'Without a CAA record any public certificate authority may issue a certificate for your domain, so a mistake or a social-engineering attack at any one of them yields a valid certificate for your site. A CAA record limits issuance to the authorities you name; every CA must check it before issuing (RFC 8659). CAs look at the exact name first and then climb to the parent domains, so one record at the apex covers every host.',
      fix: 'At your DNS provider add, at the apex, one `issue` record per certificate authority you use and an `iodef` address for violation reports:\n\n```\nexample.com. 3600 IN CAA 0 issue "letsencrypt.org"\nexample.com. 3600 IN CAA 0 issuewild ";"\nexample.com. 3600 IN CAA 0 iodef "mailto:security@example.com"\n```\n\nUse the CA domain your provider documents (letsencrypt.org, pki.goog, amazon.com, digicert.com, sectigo.com...).',
      references: ['https://www.rfc-editor.org/rfc/rfc8659', 'https://letsencrypt.org/docs/caa/'],
    },
  },
  ({ dns }) => {
    const caa = dns.caa;
    if (!caa) return notApplicable('no apex domain to look up (the target is an IP address)');
    if (caa.foundAt) return [];
    const { rcode, server, error } = caa.outcome;
    if (lookupFailed(rcode)) return cannotRun(`the CAA lookup at ${caa.queried.at(-1)} failed: ${rcode} from ${server}${error ? ` (${error})` : ''}`);
    const apex = caa.queried[0] ?? dns.apex ?? '';
    return [
      {
        target: apex,
        title: `No CAA record at ${apex} or its parent domains: any certificate authority may issue for it`,
        evidence: { apex, queried: caa.queried, rcode, resolver: server },
        fix: `Add a CAA record at ${apex} naming your certificate authority, e.g. \`${apex}. 3600 IN CAA 0 issue "letsencrypt.org"\`.`,
      },
    ];
  },
);
