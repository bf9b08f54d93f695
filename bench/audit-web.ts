// Bench: launchready's web+tls audit of a real nginx stack (6 sites, apex + www, 24 URL variants) against testssl.sh
// and the MDN HTTP Observatory CLI on one host. Prints a side-by-side table. Run: npx tsx bench/audit-web.ts [--no-build]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createTestPki } from '../test/support/certs.ts';
import { startNginx } from '../test/support/nginx.ts';
import { SECURITY_HEADERS, type Site, site } from '../test/support/nginx-sites.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const OBSERVATORY = '@mdn/mdn-http-observatory@1.4.8';
const TARGET_WALL_S = 3;
const TARGET_RSS_MB = 150;
const args = new Set(process.argv.slice(2));

interface Row {
  tool: string;
  scope: string;
  wallS: number | null;
  rssMb: number | null;
  result: string;
  note: string;
}

/** Run a command under GNU time: wall seconds and peak RSS (largest process of the tree, in MB). */
function timed(command: string, argv: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number }) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', command, ...argv], {
    env: options.env ?? process.env,
    cwd: options.cwd ?? ROOT,
    timeout: options.timeoutMs,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  return {
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '').replace(/__TIME__.*\n?/, ''),
    status: r.status,
    wallS: m ? Number(m[1]) : null,
    rssMb: m ? Math.round(Number(m[2]) / 102.4) / 10 : null,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const work = mkdtempSync(join(tmpdir(), 'launchready-bench-'));
const pki = createTestPki('Bench');
const caFile = join(work, 'ca.pem');
writeFileSync(caFile, pki.caPem);

// Six sites; alpha (the one every tool scans) keeps TLS 1.0 on and sends no CSP, so each tool has something to find.
const alphaHeaders = SECURITY_HEADERS.split('\n')
  .filter((l) => !l.includes('Content-Security-Policy'))
  .join('\n');
const sites: Site[] = [
  site(pki, 'alpha', '127.0.11.100', { headers: alphaHeaders, sslProtocols: 'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3', sslCiphers: 'DEFAULT@SECLEVEL=0' }),
  site(pki, 'bravo', '127.0.11.101'),
  site(pki, 'charlie', '127.0.11.102', { assetCacheControl: null }),
  site(pki, 'delta', '127.0.11.103', { plain: 'return 302 https://www.delta.test$request_uri;' }),
  site(pki, 'echo', '127.0.11.104', { root: 'add_header Set-Cookie "session=bench-5678; Path=/" always; try_files $uri $uri/ =404;' }),
  site(pki, 'foxtrot', '127.0.11.105', { certificate: pki.leaf({ hosts: ['www.foxtrot.test', 'foxtrot.test'], notAfterDays: 9 }) }),
];
const alpha = sites[0] as Site;
const rows: Row[] = [];

console.error('starting nginx (6 sites, 12 host names, 24 URL variants)...');
const nginx = await startNginx({
  servers: sites.flatMap((s) => s.servers),
  files: Object.assign({}, ...sites.map((s) => s.files)),
  http: `server_tokens off;\n${sites.map((s) => s.maps).join('\n')}`,
});

try {
  if (!args.has('--no-build')) {
    console.error('building launchready (npm run build)...');
    execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
  }

  const audit = (chosen: Site[], hosts: string[], label: string) => {
    const config = join(work, `${label}.yml`);
    const main = chosen[0] as Site;
    writeFileSync(
      config,
      stringify({ app: { name: label, canonical: `https://${main.canonicalHost}/`, hosts, frontendOrigins: [`https://${main.canonicalHost}`] }, routes: main.config.routes }),
    );
    const resolve = chosen.flatMap((s) => [s.canonicalHost, s.domain].map((h) => `--resolve=${h}:*:${s.address}`));
    const argv = ['bin/launchready.js', 'audit', '--config', config, '--only', 'web,tls', '--no-repo', '--ca-file', caFile, '--format', 'json', '--fail-on', 'none', ...resolve];
    const factsFile = join(work, `${label}-facts.json`);
    const runs = [0, 1, 2].map(() => timed(process.execPath, [...argv, '--save-facts', factsFile], { env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 120_000 }));
    const timings = existsSync(factsFile) ? (JSON.parse(readFileSync(factsFile, 'utf8')) as { timings: Record<string, number> }).timings : {};
    const last = runs[runs.length - 1] as ReturnType<typeof timed>;
    let result = `exit ${last.status}: ${last.stderr.trim().split('\n')[0] ?? ''}`;
    try {
      const report = JSON.parse(last.stdout) as { findings: { id: string }[]; checks: { status: string }[]; grade: string };
      const ids = [...new Set(report.findings.map((f) => f.id))].sort();
      result = `${report.findings.length} findings (${ids.join(', ')}); grade ${report.grade}; collectors: web ${timings.web ?? '?'} ms, tls ${timings.tls ?? '?'} ms`;
    } catch {
      // keep the exit-code line
    }
    const walls = runs.map((r) => r.wallS).filter((v): v is number => v !== null);
    const rss = runs.map((r) => r.rssMb).filter((v): v is number => v !== null);
    return { wallS: walls.length ? median(walls) : null, rssMb: rss.length ? Math.max(...rss) : null, result };
  };

  console.error('launchready: 6 sites...');
  const all = audit(
    sites,
    sites.flatMap((s) => [s.canonicalHost, s.domain]),
    'stack',
  );
  rows.push({
    tool: 'launchready audit --only web,tls',
    scope: '12 hosts, 24 variants',
    ...all,
    note: `median of 3 runs, peak RSS max of 3; target < ${TARGET_WALL_S} s, < ${TARGET_RSS_MB} MB`,
  });
  console.error('launchready: one host...');
  const one = audit([alpha], [alpha.canonicalHost], 'alpha');
  rows.push({ tool: 'launchready audit --only web,tls', scope: `1 host (${alpha.canonicalHost})`, ...one, note: 'same host the peers scan' });

  if (args.has('--no-testssl')) rows.push({ tool: 'testssl.sh', scope: '-', wallS: null, rssMb: null, result: 'skipped', note: '--no-testssl' });
  else if (!existsSync('/usr/bin/testssl')) rows.push({ tool: 'testssl.sh', scope: '-', wallS: null, rssMb: null, result: 'not installed', note: 'apt-get install testssl.sh' });
  else {
    console.error('testssl.sh -p -S -h on one host (takes a while)...');
    const jsonFile = join(work, 'testssl.json');
    const r = timed(
      '/usr/bin/testssl',
      [
        '--quiet',
        '--color',
        '0',
        '--warnings',
        'off',
        '--nodns',
        'none',
        '--ip',
        alpha.address,
        '--add-ca',
        caFile,
        '--jsonfile',
        jsonFile,
        '-p',
        '-S',
        '-h',
        `https://${alpha.canonicalHost}/`,
      ],
      { timeoutMs: 600_000 },
    );
    let result = `exit ${r.status}`;
    if (existsSync(jsonFile)) {
      const items = JSON.parse(readFileSync(jsonFile, 'utf8')) as { id: string; severity: string; finding: string }[];
      const counts: Record<string, number> = {};
      for (const i of items) counts[i.severity] = (counts[i.severity] ?? 0) + 1;
      const notable = items.filter((i) => ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].includes(i.severity)).map((i) => i.id);
      result = `${items.length} results (${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}); flagged: ${notable.slice(0, 8).join(', ')}`;
    }
    rows.push({
      tool: 'testssl.sh 3.0 -p -S -h',
      scope: `1 host (${alpha.canonicalHost})`,
      wallS: r.wallS,
      rssMb: r.rssMb,
      result,
      note: 'pinned with --ip, private CA with --add-ca; RSS = largest process (bash/openssl)',
    });
  }

  if (args.has('--no-observatory')) rows.push({ tool: 'MDN HTTP Observatory', scope: '-', wallS: null, rssMb: null, result: 'skipped', note: '--no-observatory' });
  else {
    console.error(`installing ${OBSERVATORY} into a temp dir (npm install --ignore-scripts)...`);
    const obsDir = join(work, 'observatory');
    mkdirSync(obsDir, { recursive: true });
    writeFileSync(join(obsDir, 'package.json'), '{"name":"observatory-bench","private":true}');
    const install = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--silent', OBSERVATORY], { cwd: obsDir, encoding: 'utf8', timeout: 600_000 });
    const pkg = join(obsDir, 'node_modules/@mdn/mdn-http-observatory');
    if (install.status !== 0 || !existsSync(join(pkg, 'src/scan.js'))) {
      rows.push({
        tool: 'MDN HTTP Observatory',
        scope: '-',
        wallS: null,
        rssMb: null,
        result: 'not installed',
        note: `npm install failed: ${(install.stderr ?? '').trim().split('\n').pop()}`,
      });
    } else {
      // Its HSTS preload list is downloaded by a maintenance script (no internet here): an empty list stands in.
      if (!existsSync(join(pkg, 'conf/hsts-preload.json'))) writeFileSync(join(pkg, 'conf/hsts-preload.json'), '{}');
      // It has no --resolve: a preload answers dns.lookup for the stack's names with their loopback address.
      const pins = Object.fromEntries(sites.flatMap((s) => [s.canonicalHost, s.domain].map((h) => [h, s.address])));
      const preload = join(work, 'pin-dns.mjs');
      writeFileSync(
        preload,
        `import dns from 'node:dns';
const pins = ${JSON.stringify(pins)};
const original = dns.lookup;
dns.lookup = function (host, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  if (typeof options === 'number') options = { family: options };
  const address = pins[String(host).toLowerCase()];
  if (!address) return original.call(this, host, options, callback);
  if (options && options.all) return process.nextTick(callback, null, [{ address, family: 4 }]);
  return process.nextTick(callback, null, address, 4);
};
`,
      );
      console.error('MDN HTTP Observatory scan of one host...');
      const r = timed(process.execPath, ['--import', preload, join(pkg, 'src/scan.js'), alpha.canonicalHost], {
        cwd: pkg,
        env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
        timeoutMs: 300_000,
      });
      let result = `exit ${r.status}: ${(r.stdout + r.stderr).trim().slice(0, 160)}`;
      try {
        const out = JSON.parse(r.stdout) as {
          scan?: { grade: string; score: number; testsPassed: number; testsQuantity: number };
          tests?: Record<string, { pass: boolean }>;
          error?: string;
        };
        if (out.scan) {
          const failed = Object.entries(out.tests ?? {})
            .filter(([, t]) => !t.pass)
            .map(([k]) => k);
          result = `grade ${out.scan.grade} (${out.scan.score}), ${out.scan.testsPassed}/${out.scan.testsQuantity} tests passed; failed: ${failed.join(', ')}`;
        } else if (out.error) result = `error: ${out.error}`;
      } catch {
        // keep the raw line
      }
      rows.push({
        tool: 'MDN HTTP Observatory 1.4.8',
        scope: `1 host (${alpha.canonicalHost})`,
        wallS: r.wallS,
        rssMb: r.rssMb,
        result,
        note: 'no --resolve: pinned by a dns.lookup preload; CA via NODE_EXTRA_CA_CERTS; empty HSTS preload list (offline); headers only, no TLS checks',
      });
    }
  }
} finally {
  await nginx.stop();
  if (!args.has('--keep')) rmSync(work, { recursive: true, force: true });
}

const fmt = (v: number | null, unit: string) => (v === null ? '-' : `${v} ${unit}`);
const table = [['tool', 'scope', 'wall', 'peak RSS', 'result', 'note'], ...rows.map((r) => [r.tool, r.scope, fmt(r.wallS, 's'), fmt(r.rssMb, 'MB'), r.result, r.note])];
const widths = table[0]?.map((_, i) => Math.min(60, Math.max(...table.map((row) => (row[i] ?? '').length)))) ?? [];
const line = (row: string[]) => `| ${row.map((c, i) => (c.length > (widths[i] ?? 0) ? `${c.slice(0, (widths[i] ?? 1) - 1)}…` : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
console.log(line(table[0] as string[]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table.slice(1)) console.log(line(row));
console.log('\nFull results:');
for (const r of rows) console.log(`- ${r.tool} [${r.scope}]: ${r.result}${r.note ? ` (${r.note})` : ''}`);
const lr = rows[0];
if (lr?.wallS != null && lr.rssMb != null)
  console.log(`\nlaunchready web+tls on the stack: ${lr.wallS} s (target < ${TARGET_WALL_S} s), ${lr.rssMb} MB peak RSS (target < ${TARGET_RSS_MB} MB)`);
