// The built CLI against real nginx: JSON validates against the report schema, SARIF against SARIF 2.1.0,
// --from-facts reproduces the findings with the network unplugged, and exit codes 0, 1 and 2.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../src/types.ts';
import { createTestPki } from '../support/certs.ts';
import { runCli } from '../support/cli.ts';
import { type RunningNginx, startNginx } from '../support/nginx.ts';
import { type Site, site } from '../support/nginx-sites.ts';
import { reportValidator, sarifValidator } from '../support/schemas.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

describe('launchready audit against real nginx (built CLI)', { timeout: 180_000 }, () => {
  let nginx: RunningNginx | undefined;
  let clean: Site;
  let broken: Site;
  let dir: string;
  const args = (s: Site) => [
    'audit',
    '--config',
    `${s.name}.yml`,
    '--no-repo',
    '--only',
    'web,tls',
    '--ca-file',
    'ca.pem',
    '--timeout',
    '5000',
    ...[s.domain, s.canonicalHost].flatMap((h) => ['--resolve', `${h}:80:${s.address}`, '--resolve', `${h}:443:${s.address}`]),
  ];

  before(async () => {
    const pki = createTestPki('E2E');
    clean = site(pki, 'e2e-clean', '127.0.12.10');
    broken = site(pki, 'e2e-broken', '127.0.12.11', {
      headers: '',
      cors: 'add_header Access-Control-Allow-Origin $http_origin always; add_header Access-Control-Allow-Credentials true always;',
    });
    nginx = await startNginx({
      servers: [...clean.servers, ...broken.servers],
      files: Object.assign({}, clean.files, broken.files),
      http: `server_tokens off;\n${clean.maps}\n${broken.maps}`,
    });
    dir = makeTempDir('e2e-nginx');
    writeFileSync(join(dir, 'ca.pem'), pki.caPem);
    // YAML is a superset of JSON: the sites' configs are written as they are
    for (const s of [clean, broken]) writeFileSync(join(dir, `${s.name}.yml`), JSON.stringify(s.config, null, 2));
  });
  after(async () => {
    await nginx?.stop();
    removeTempDirs();
  });

  it('a clean site exits 0 and its JSON report validates against the report schema', async () => {
    const r = await runCli([...args(clean), '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const validate = reportValidator();
    assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info').map((f) => f.id),
      [],
    );
    assert.equal(report.minimumBar.find((b) => b.row === 'ssl')?.status, 'pass');
  });

  it('a broken site exits 1; SARIF validates; --from-facts reproduces it with the network unplugged', async () => {
    const r = await runCli([...args(broken), '--format', 'json', '--out', 'broken.sarif', '--save-facts', 'broken-facts.json'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.ok(reportValidator()(report));
    const ids = new Set(report.findings.map((f) => f.id));
    for (const id of ['cors.reflects-any-origin', 'http.hsts-missing', 'http.csp-missing']) assert.ok(ids.has(id), `${id} fires`);
    const sarif = JSON.parse(readFileSync(join(dir, 'broken.sarif'), 'utf8'));
    const validateSarif = sarifValidator();
    assert.ok(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 5)));

    const replay = await runCli(['audit', '--from-facts', 'broken-facts.json', '--dns-server', '127.0.0.1:9', '--no-repo', '--only', 'web,tls', '--format', 'json'], { cwd: dir });
    assert.equal(replay.code, 1, replay.stderr);
    const again = JSON.parse(replay.stdout) as Report;
    assert.deepEqual(again.findings.map((f) => `${f.id} ${f.fingerprint} ${f.severity}`).sort(), report.findings.map((f) => `${f.id} ${f.fingerprint} ${f.severity}`).sort());
    assert.equal(again.checks.filter((c) => c.status === 'failed').length, report.checks.filter((c) => c.status === 'failed').length);
  });

  it('exits 2 on a config error, naming the key', async () => {
    writeFileSync(join(dir, 'bad.yml'), 'app:\n  canonical: 42\n');
    const r = await runCli(['audit', '--config', 'bad.yml', '--no-repo'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /app\.canonical: expected string/);
  });
});
