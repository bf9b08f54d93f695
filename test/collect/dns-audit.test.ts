// `launchready audit --only dns --dns-server ...` in process against a real BIND: exit codes, JSON report, domain map rows.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { run } from '../../src/cli/main.ts';
import type { Report } from '../../src/types.ts';
import { type AuthoritativeDns, startAuthoritativeDns } from '../support/bind.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const ADDRESS = '127.0.20.24';
const PORT = 20_000 + Math.floor(Math.random() * 20_000);

function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _enc, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

async function audit(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await run(['audit', ...args], { stdout, stderr, env: { NO_COLOR: '1' }, cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('launchready audit, dns stage, against BIND', { timeout: 60_000 }, () => {
  let bind: AuthoritativeDns;
  let dir: string;
  before(async () => {
    bind = await startAuthoritativeDns({
      address: ADDRESS,
      port: PORT,
      zones: [
        {
          origin: 'shop.test',
          records: [
            '@ IN NS ns1',
            '@ IN NS ns2.other-dns.test.',
            'ns1 IN A 192.0.2.53',
            '@ IN A 127.0.0.1',
            '@ IN AAAA ::1',
            'www IN CNAME shop-old.netlify.app.',
            'app IN A 127.0.0.1',
            'app IN AAAA ::1',
            '@ IN CAA 0 issue "letsencrypt.org"',
            '@ IN MX 10 mx1.mail-provider.test.',
          ].join('\n'),
        },
        { origin: 'other-dns.test', records: 'ns2 IN A 198.51.100.53\n' },
        { origin: 'mail-provider.test', records: 'mx1 IN A 203.0.113.25\n' },
        { origin: 'netlify.app', records: 'live IN A 192.0.2.80\n' },
      ],
    });
    dir = makeTempDir('dns-audit');
  });
  after(async () => {
    await bind?.stop();
    removeTempDirs();
  });

  it('exits 1 on the dangling Netlify CNAME, with a schema-valid report and the DNS rows of the domain map', async () => {
    const r = await audit(['--url', 'https://app.shop.test/', '--only', 'dns', '--dns-server', bind.server, '--no-repo', '--format', 'json', '--timeout', '2000'], dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')));
    assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.deepEqual(report.findings.map((f) => `${f.id} ${f.target}`).sort(), ['dns.dangling-cname www.shop.test', 'dns.unresolvable-host www.shop.test']);
    const dangling = report.findings.find((f) => f.id === 'dns.dangling-cname');
    assert.equal(dangling?.evidence.provider, 'Netlify');
    assert.equal(report.minimumBar.find((b) => b.row === 'domain')?.status, 'fail');
    const rows = report.domainMap.map((e) => `${e.host} [${e.role}] ${e.addresses.join(',')}`);
    assert.ok(rows.includes('app.shop.test [app · canonical] 127.0.0.1,::1'), rows.join('\n'));
    assert.ok(rows.includes('shop.test [apex · CAA letsencrypt.org] 127.0.0.1,::1'), rows.join('\n'));
    assert.ok(rows.includes('ns2.other-dns.test [NS] 198.51.100.53'), rows.join('\n'));
    assert.ok(rows.includes('mx1.mail-provider.test [MX 10] 203.0.113.25'), rows.join('\n'));
    assert.equal(report.domainMap.find((e) => e.host === 'www.shop.test')?.cname, 'shop-old.netlify.app');
  });

  it('exits 0 for a clean host list, and 2 for a malformed --dns-server', async () => {
    writeFileSync(join(dir, 'launchready.yml'), 'app:\n  canonical: https://app.shop.test/\n  hosts: [app.shop.test, shop.test]\n');
    const clean = await audit(['--only', 'dns', '--dns-server', bind.server, '--no-repo', '--format', 'json', '--fail-on', 'medium'], dir);
    assert.equal(clean.code, 0, clean.stderr);
    const report = JSON.parse(clean.stdout) as Report;
    assert.deepEqual(report.findings, []);
    assert.ok(report.checks.filter((c) => c.id.startsWith('dns.')).every((c) => c.status === 'passed'));
    const bad = await audit(['--only', 'dns', '--dns-server', 'dns.example.com', '--no-repo'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--dns-server dns\.example\.com: give an IP address; for example --dns-server 127\.0\.0\.1:5353/);
  });
});
