// The email stage against a local BIND: a 10-lookup SPF include tree and 4 DKIM selectors. Wall time, DNS queries sent
// (at most one per distinct name/type), and the same audit done by hand with one dig per query.
// Run: npx tsx bench/audit-email.ts  (needs /usr/sbin/named and dig; serves bench.test on 127.0.21.70)
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { emailCollector } from '../src/collect/email/index.ts';
import type { DnsClient } from '../src/facts/dns-wire.ts';
import type { EmailFacts } from '../src/facts/email.ts';
import { Redactor } from '../src/mask.ts';
import { NetContext } from '../src/net/context.ts';
import { txt } from '../test/collect/email-harness.ts';
import { startAuthoritativeDns } from '../test/support/bind.ts';
import { planFor } from '../test/support/facts.ts';

const DOMAIN = 'bench.test';
const SELECTORS = ['s1', 's2', 'google', 'k1'];
const RUNS = 7;

function dkimRecord(): string {
  const { publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return `v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`;
}

// include, include, mx, a (4) + include, include (2) + include (1) + a (1) + a (1) + mx (1) = 10 lookups
const records = [
  `@ IN TXT "v=spf1 include:_spf1.${DOMAIN} include:_spf2.${DOMAIN} mx a -all"`,
  `_spf1 IN TXT "v=spf1 include:_n1.${DOMAIN} include:_n2.${DOMAIN} -all"`,
  `_spf2 IN TXT "v=spf1 include:_n3.${DOMAIN} ip4:198.51.100.0/24 -all"`,
  `_n1 IN TXT "v=spf1 a:out1.${DOMAIN} -all"`,
  `_n2 IN TXT "v=spf1 a:out2.${DOMAIN} ip6:2001:db8::/48 -all"`,
  `_n3 IN TXT "v=spf1 mx:${DOMAIN} -all"`,
  '@ IN A 127.0.21.71',
  `@ IN MX 10 mx1.${DOMAIN}.`,
  `@ IN MX 20 mx2.${DOMAIN}.`,
  'mx1 IN A 127.0.21.71',
  'mx2 IN A 127.0.21.72',
  'out1 IN A 198.51.100.10',
  'out2 IN A 198.51.100.11',
  ...SELECTORS.map((s) => `${s}._domainkey IN TXT ${txt(dkimRecord())}`),
  `_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@${DOMAIN}"`,
  `_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@${DOMAIN}"`,
].join('\n');

/** Wraps the run's DNS client to see every (name, type) asked, before the cache. */
function counting(inner: DnsClient): { client: DnsClient; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    client: {
      query(name, type) {
        asked.push(`${name.toLowerCase()} ${type}`);
        return inner.query(name, type);
      },
      get queriesSent() {
        return inner.queriesSent;
      },
    },
  };
}

const bind = await startAuthoritativeDns({ address: '127.0.21.70', port: 5330, zones: [{ origin: DOMAIN, records }] });
try {
  const times: number[] = [];
  let last: { email: EmailFacts; asked: string[]; sent: number } | null = null;
  for (let i = 0; i < RUNS; i++) {
    const net = new NetContext({ timeoutMs: 3000, concurrency: 16, resolve: [], dnsServers: [bind.server], extraCaPem: [], allowNonLoopbackTraffic: false });
    const { client, asked } = counting(net.dns);
    (net as { dns: DnsClient }).dns = client;
    const t = performance.now();
    const email = (await emailCollector?.collect({
      plan: planFor({ email: { domain: DOMAIN, dkimSelectors: SELECTORS, smtpPort: 25 } }),
      secrets: { routeHeaders: {}, routeBodies: {}, databaseUrl: null },
      net,
      redactor: new Redactor(),
      progress: () => {},
    })) as EmailFacts;
    times.push(performance.now() - t);
    last = { email, asked, sent: client.queriesSent };
  }
  if (!last) throw new Error('no run');
  const distinct = new Set(last.asked);
  const commonProbes = last.email.dkim.commonSelectorsTried.map((s) => `${s}._domainkey.${DOMAIN} TXT`);
  // by hand you would dig each distinct record once, and only the 4 selectors you know
  const manual = [...distinct].filter((k) => !commonProbes.includes(k));
  const [host, port] = bind.server.split(':');
  const digStart = performance.now();
  for (const key of manual) {
    const [name, type] = key.split(' ');
    execFileSync('dig', [`@${host}`, '-p', String(port), '+short', '+tries=1', '+time=2', name ?? '', type ?? ''], { stdio: 'pipe', timeout: 5000 });
  }
  const digMs = performance.now() - digStart;
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const rows: [string, string][] = [
    ['SPF lookups counted (limit 10)', String(last.email.spf.lookups)],
    ['DKIM selectors found (configured)', `${last.email.dkim.selectors.filter((s) => s.key).length} (${SELECTORS.length})`],
    ['email stage wall time, median of 7 (goal < 1000 ms)', `${median.toFixed(0)} ms (min ${sorted[0]?.toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)})`],
    ['lookups asked by the stage (before cache)', String(last.asked.length)],
    ['distinct (name, type) asked', String(distinct.size)],
    ['DNS queries sent (goal: <= distinct)', String(last.sent)],
    [`  of which common-selector probes`, String(commonProbes.length)],
    ['manual dig-based check: dig commands', String(manual.length)],
    ['manual dig-based check: sequential wall time', `${digMs.toFixed(0)} ms`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`email stage for ${DOMAIN} (named on ${bind.server})`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  if (last.sent > distinct.size) console.log('WARNING: more queries sent than distinct (name, type) pairs');
} finally {
  await bind.stop();
}
