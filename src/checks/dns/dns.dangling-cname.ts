import { takeoverServiceOf } from '../../analyze/takeover-services.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

// only a definitive "does not exist / has no address" makes a CNAME dangling; SERVFAIL and timeouts are dns.unresolvable-host's
const DEFINITIVE = new Set(['NOERROR', 'NXDOMAIN']);

export default defineCheck(
  {
    id: 'dns.dangling-cname',
    title: 'Every CNAME of a configured host points at a name that resolves',
    failureTitle: 'A CNAME points at a name that does not resolve',
    requires: ['dns'],
    fix: 'Delete the CNAME, or re-create the resource it points at on the provider before anything else claims it.',
    docs: {
      why: 'A CNAME whose target no longer exists breaks the host, and when the target lives on a shared hosting service (Heroku, Azure, S3, GitHub Pages, Netlify, Vercel, Shopify, Zendesk...) anyone can register that name and serve their own content, cookies and phishing pages on your domain: a subdomain takeover. It happens when an app or bucket is deleted but its DNS record is left behind.',
      fix: 'Remove the record (`www.example.com. CNAME old-app.herokuapp.com.`) at your DNS provider, or re-create the app, bucket or site with exactly that name and attach your custom domain to it. Then check with `dig www.example.com A` that the chain ends in an address.',
      references: [
        'https://developer.mozilla.org/en-US/docs/Web/Security/Subdomain_takeovers',
        'https://github.com/EdOverflow/can-i-take-over-xyz',
        'https://learn.microsoft.com/en-us/azure/security/fundamentals/subdomain-takeover',
      ],
    },
  },
  ({ dns }) => {
    const hosts = dns.hosts.filter((h) => h.configured && !h.literal);
    if (hosts.length === 0) return notApplicable('no configured host name to resolve (IP addresses only)');
    const findings = hosts
      .filter((h) => h.cnameChain.length > 0 && h.cnameTargetResolves === false && DEFINITIVE.has(h.a.rcode) && DEFINITIVE.has(h.aaaa.rcode) && !h.a.error)
      .map((h) => {
        const target = h.cnameChain.at(-1) ?? '';
        const service = h.cnameChain.map(takeoverServiceOf).find((s) => s !== null) ?? null;
        const rcode = h.a.rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'NODATA';
        return {
          target: h.host,
          title: service
            ? `${h.host} points at ${target} on ${service.provider}, which does not exist: anyone can claim it (subdomain takeover)`
            : `${h.host} is a CNAME to ${target}, which does not resolve (${rcode})`,
          evidence: {
            provider: service?.provider ?? null,
            takeoverRisk: service !== null,
            danglingTarget: target,
            rcode,
            resolver: h.a.server,
            cnameChain: h.cnameChain,
            host: h.host,
          },
          fix: service
            ? `Delete the CNAME ${h.host} → ${target} now, or re-create "${target}" on ${service.provider} and attach ${h.host} to it.`
            : `Delete the CNAME ${h.host} → ${target}, or point it at a name that resolves.`,
        };
      });
    // a failed lookup may hide a dangling CNAME: never report that as passed (a CNAME loop is known not to be dangling)
    const unknown = hosts.filter((h) => h.ipv4.length + h.ipv6.length === 0 && !DEFINITIVE.has(h.a.rcode) && !/^CNAME (loop|chain)/.test(h.a.error ?? ''));
    if (findings.length === 0 && unknown.length > 0) return cannotRun(`could not look up ${unknown.map((h) => `${h.host} (${h.a.rcode})`).join(', ')}`);
    return findings;
  },
);
