import { lookupFailed } from '../../analyze/dns-outcome.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'dns.no-ipv6',
    title: 'The canonical host has an IPv6 address (AAAA)',
    failureTitle: 'The canonical host has no AAAA record',
    requires: ['dns'],
    fix: 'Publish an AAAA record for the canonical host if your server or CDN has IPv6 (most CDNs and load balancers do).',
    docs: {
      why: 'Many mobile networks are IPv6-first and reach IPv4-only sites through NAT64/464XLAT gateways, which add latency and a failure point. It is not a launch blocker, but an AAAA record is usually one toggle at your CDN or load balancer.',
      fix: "Enable IPv6 at your CDN or load balancer and publish its address: `app.example.com. 300 IN AAAA 2001:db8::10` (or a CNAME to the provider's dual-stack hostname). Make sure the server listens on IPv6 (nginx: `listen [::]:443 ssl;`) before publishing the record.",
      references: ['https://www.rfc-editor.org/rfc/rfc3596', 'https://www.rfc-editor.org/rfc/rfc6555'],
    },
  },
  ({ dns }) => {
    const host = dns.hosts.find((h) => h.canonical);
    if (!host) return notApplicable('no canonical host');
    if (host.literal) return notApplicable(`the canonical host ${host.host} is an IP address`);
    if (host.ipv6.length > 0) return [];
    if (host.ipv4.length === 0) return notApplicable(`${host.host} does not resolve at all (see dns.unresolvable-host)`);
    const { rcode, server, error } = host.aaaa;
    if (lookupFailed(rcode)) return cannotRun(`the AAAA lookup for ${host.host} failed: ${rcode} from ${server}${error ? ` (${error})` : ''}`);
    return [
      {
        target: host.host,
        title: `${host.host} has no AAAA record (IPv4 only: ${host.ipv4.join(', ')})`,
        evidence: { host: host.host, ipv4: host.ipv4, cnameChain: host.cnameChain, rcode: 'NODATA', resolver: server },
      },
    ];
  },
);
