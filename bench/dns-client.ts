// Compares the wire-level DNS client with Node's c-ares resolver against a local BIND: cold, cached, and through CNAMEs.
// Run: npx tsx bench/dns-client.ts  (needs /usr/sbin/named; serves a zone on 127.0.20.40)
import { Resolver } from 'node:dns/promises';
import { WireDnsClient } from '../src/net/wire-dns.ts';
import { startAuthoritativeDns } from '../test/support/bind.ts';

const HOSTS = 200;
const records = Array.from({ length: HOSTS }, (_, i) => `h${i} IN A 192.0.2.${(i % 250) + 1}\nh${i} IN AAAA 2001:db8::${i + 1}\nc${i} IN CNAME h${i}`).join('\n');
const bind = await startAuthoritativeDns({ address: '127.0.20.40', port: 5390, zones: [{ origin: 'bench.test', records }] });

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

try {
  const names = Array.from({ length: HOSTS }, (_, i) => `h${i}.bench.test`);
  const cnames = Array.from({ length: HOSTS }, (_, i) => `c${i}.bench.test`);
  const rows: [string, number, number | string][] = [];

  const wire = new WireDnsClient([bind.server], 2000);
  rows.push([`wire: ${HOSTS} hosts A+AAAA, cold`, await timed(() => Promise.all(names.flatMap((n) => [wire.query(n, 'A'), wire.query(n, 'AAAA')]))), wire.queriesSent]);
  const before = wire.queriesSent;
  rows.push([
    `wire: same ${HOSTS} hosts again (cache)`,
    await timed(() => Promise.all(names.flatMap((n) => [wire.query(n, 'A'), wire.query(n, 'AAAA')]))),
    wire.queriesSent - before,
  ]);
  const beforeCname = wire.queriesSent;
  rows.push([
    `wire: ${HOSTS} CNAMEs A+AAAA (chain in answer)`,
    await timed(() => Promise.all(cnames.flatMap((n) => [wire.query(n, 'A'), wire.query(n, 'AAAA')]))),
    wire.queriesSent - beforeCname,
  ]);

  const [host, port] = [bind.server.split(':')[0] ?? '', Number(bind.server.split(':')[1])];
  const cares = new Resolver({ timeout: 2000, tries: 2 });
  cares.setServers([`${host}:${port}`]);
  rows.push([`c-ares: ${HOSTS} hosts A+AAAA`, await timed(() => Promise.all(names.flatMap((n) => [cares.resolve4(n), cares.resolve6(n)]))), 'n/a']);
  rows.push([`c-ares: same ${HOSTS} hosts again (no cache)`, await timed(() => Promise.all(names.flatMap((n) => [cares.resolve4(n), cares.resolve6(n)]))), 'n/a']);

  console.log('| run | ms | queries sent |\n|---|---:|---:|');
  for (const [what, ms, sent] of rows) console.log(`| ${what} | ${ms.toFixed(1)} | ${sent} |`);
} finally {
  await bind.stop();
}
