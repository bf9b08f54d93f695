import { cannotRun, defineCheck, notApplicable } from '../define.js';

function slash24(ipv4: string): string {
  return `${ipv4.split('.').slice(0, 3).join('.')}.0/24`;
}

export default defineCheck(
  {
    id: 'dns.single-nameserver',
    title: 'The domain has at least two nameservers on separate networks',
    failureTitle: 'The domain depends on a single nameserver or a single network',
    requires: ['dns'],
    fix: 'Delegate the domain to at least two nameservers in different networks (your DNS provider gives you 2-4; list them all at the registrar).',
    docs: {
      why: "When the only nameserver (or the one network all of them sit in) is down or unreachable, every host of the domain stops resolving: web, API and email all fail at once, and caches run dry within the records' TTL. RFC 2182 asks for at least two nameservers that do not share a single point of failure; a shared /24 usually means one data centre or one upstream route.",
      fix: "At the registrar set every nameserver your DNS provider assigned (e.g. `ns1.provider.net`, `ns2.provider.org`), and make sure the zone's own NS records list the same set. With self-hosted DNS add a secondary in another network or use a secondary-DNS service. Check with `dig NS example.com` and `dig +short A ns1...`.",
      references: ['https://www.rfc-editor.org/rfc/rfc2182', 'https://www.rfc-editor.org/rfc/rfc1034#section-4.1'],
    },
  },
  ({ dns }) => {
    const ns = dns.nameservers;
    if (!ns) return notApplicable('no apex domain to look up (the target is an IP address)');
    const { rcode, server, error } = ns.outcome;
    if (rcode !== 'NOERROR') return cannotRun(`the NS lookup for ${ns.zone} failed: ${rcode} from ${server}${error ? ` (${error})` : ''}`);
    const names = ns.servers.map((s) => s.name);
    if (names.length < 2) {
      return [
        {
          target: ns.zone,
          title: names.length === 0 ? `${ns.zone} has no NS records` : `${ns.zone} has a single nameserver: ${names[0]}`,
          evidence: { zone: ns.zone, nameservers: names, count: names.length, rcode, resolver: server },
        },
      ];
    }
    const withAddresses = ns.servers.filter((s) => s.ipv4.length > 0);
    const networks = new Set(withAddresses.flatMap((s) => s.ipv4.map(slash24)));
    if (withAddresses.length >= 2 && networks.size === 1) {
      const network = [...networks][0] ?? '';
      return [
        {
          target: ns.zone,
          title: `All ${names.length} nameservers of ${ns.zone} sit in one network (${network})`,
          evidence: { network, nameservers: ns.servers.map((s) => `${s.name} ${s.ipv4.join(' ')}`), zone: ns.zone, rcode, resolver: server },
          fix: `Add a nameserver outside ${network} (a secondary DNS provider or another data centre) and list it at the registrar.`,
        },
      ];
    }
    return [];
  },
);
