import type { HostDns } from '../../facts/dns.js';
import { defineCheck, notApplicable } from '../define.js';

/** The rcode that explains why a host has no address: the failing query's, else NODATA (the name exists without A/AAAA). */
function whyNoAddress(host: HostDns): string {
  if (host.a.rcode !== 'NOERROR') return host.a.rcode;
  if (host.aaaa.rcode !== 'NOERROR') return host.aaaa.rcode;
  return 'NODATA';
}

export default defineCheck(
  {
    id: 'dns.unresolvable-host',
    title: 'Every configured host resolves to an address',
    failureTitle: 'A configured host does not resolve',
    requires: ['dns'],
    fix: 'Add an A (and AAAA) record for the host pointing at your server or load balancer, or stop using the host.',
    docs: {
      why: 'A host that does not resolve is an outage for everyone who types it or follows a link to it: browsers show "site can\'t be reached" before any of your servers see a request. It happens after a DNS migration, an expired zone, a typo in a record, or a CNAME whose target was deleted. SERVFAIL and timeouts count too: they usually mean broken delegation or DNSSEC, and resolvers give up the same way.',
      fix: "At your DNS provider add the record the host needs, for example `app.example.com. 300 IN A 203.0.113.10` (plus `AAAA` for IPv6), or a CNAME to your platform's hostname. For SERVFAIL check that the registrar's NS records match the zone's and that DNSSEC DS records are current. Check with `dig +trace app.example.com A`.",
      references: ['https://www.rfc-editor.org/rfc/rfc1034', 'https://www.rfc-editor.org/rfc/rfc8020', 'https://developer.mozilla.org/en-US/docs/Glossary/DNS'],
    },
  },
  ({ dns }) => {
    const hosts = dns.hosts.filter((h) => h.configured && !h.literal);
    if (hosts.length === 0) return notApplicable('no configured host name to resolve (IP addresses only)');
    return hosts
      .filter((h) => h.ipv4.length === 0 && h.ipv6.length === 0)
      .map((h) => {
        const rcode = whyNoAddress(h);
        const resolver = h.a.rcode !== 'NOERROR' || h.aaaa.rcode === 'NOERROR' ? h.a.server : h.aaaa.server;
        const via = h.cnameChain.length > 0 ? ` (via CNAME ${h.cnameChain.join(' → ')})` : '';
        return {
          target: h.host,
          title: `${h.host} does not resolve: ${rcode} from ${resolver}${via}`,
          evidence: {
            rcode,
            resolver,
            answers: { A: h.a.rcode, AAAA: h.aaaa.rcode },
            cnameChain: h.cnameChain,
            error: h.a.error ?? h.aaaa.error,
            host: h.host,
            role: h.role,
          },
          fix:
            h.cnameChain.length > 0
              ? `Point the CNAME of ${h.host} at a name that resolves (it ends at ${h.cnameChain.at(-1)}), or replace it with A/AAAA records.`
              : `Add an A (and AAAA) record for ${h.host} at your DNS provider, e.g. \`${h.host}. 300 IN A <your server address>\`, or remove it from app.hosts.`,
        };
      });
  },
);
