// Credentials written in migrations (role and user-mapping passwords, server options, a key in a COMMENT) never appear
// in full in any report format, report file or saved facts: only the masked form (first 4 characters, …, length).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { maskSecret } from '../../src/mask.ts';
import { runCli } from '../support/cli.ts';

// assembled at run time so this file holds no credential-shaped literal
const ROLE_PASSWORD = ['S3cr3t', 'Passw0rd!xyz'].join('');
const MAPPING_PASSWORD = ['Mapp1ng', 'Pw#2024zz'].join('');
const SERVER_PASSWORD = ['Srv0pt', 'Pa55word!'].join('');
const ALTER_PASSWORD = ['Alt3r', 'R0le-pw_77'].join('');
const AWS_KEY = ['AKIA', 'QYLPMN5HHHFPZAM2'].join('');
const NESTED_PASSWORD = ['N3sted', 'DoBl0ck!'].join('');
const SECRETS = [ROLE_PASSWORD, MAPPING_PASSWORD, SERVER_PASSWORD, ALTER_PASSWORD, AWS_KEY, NESTED_PASSWORD];

describe('secrets in SQL migrations are masked everywhere', { timeout: 200_000 }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'launchready-sqlsecrets-'));
    mkdirSync(join(dir, 'db', 'migrations'), { recursive: true });
    writeFileSync(join(dir, 'db', 'migrations', '001_init.sql'), 'CREATE TABLE orders (id bigserial PRIMARY KEY, total int);\n');
    writeFileSync(
      join(dir, 'db', 'migrations', '002_access.sql'),
      [
        `CREATE ROLE reporting LOGIN PASSWORD '${ROLE_PASSWORD}';`,
        `ALTER ROLE reporting WITH ENCRYPTED PASSWORD '${ALTER_PASSWORD}';`,
        `CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'wh.internal', dbname 'wh', password '${SERVER_PASSWORD}');`,
        `CREATE USER MAPPING FOR reporting SERVER warehouse OPTIONS (user 'reporting', password '${MAPPING_PASSWORD}');`,
        `COMMENT ON TABLE orders IS 'exported with ${AWS_KEY}';`,
        `DO $$ BEGIN EXECUTE 'CREATE ROLE batch LOGIN PASSWORD ''${NESTED_PASSWORD}'''; END $$;`,
        'CREATE INDEX orders_total_idx ON orders (total);',
      ].join('\n'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function assertMasked(where: string, text: string): void {
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} shows ${maskSecret(secret)} in full`);
  }

  it('json, markdown, html, sarif, junit, --out files and --save-facts show only the masked form', async () => {
    const r = await runCli(
      [
        'audit',
        '--repo',
        dir,
        '--only',
        'migrations',
        '--seed-rows',
        '100',
        '--fail-on',
        'high',
        '--format',
        'json',
        '--out',
        'r.md',
        '--out',
        'r.html',
        '--out',
        'r.sarif',
        '--out',
        'r.xml',
        '--out',
        'r.json',
        '--save-facts',
        'facts.json',
      ],
      { cwd: dir, timeoutMs: 150_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    assertMasked('stdout (json)', r.stdout);
    assertMasked('stderr', r.stderr);
    for (const file of ['r.md', 'r.html', 'r.sarif', 'r.xml', 'r.json', 'facts.json']) assertMasked(file, readFileSync(join(dir, file), 'utf8'));
    const facts = readFileSync(join(dir, 'facts.json'), 'utf8');
    // the statements are kept, with only the secret replaced
    assert.ok(facts.includes(`CREATE ROLE reporting LOGIN PASSWORD '${maskSecret(ROLE_PASSWORD)}'`), 'the role statement keeps its shape');
    assert.ok(facts.includes(`password '${maskSecret(MAPPING_PASSWORD)}'`));
    assert.ok(facts.includes(maskSecret(AWS_KEY)));
    assert.ok(facts.includes(`PASSWORD ''${maskSecret(NESTED_PASSWORD)}''`), 'the literal inside the DO body is masked in place');
    assert.ok(readFileSync(join(dir, 'r.md'), 'utf8').includes('orders_total_idx'), 'the markdown report lists the migrations');
  });

  it('the terminal report and the other stdout formats show only the masked form', async () => {
    const live = await runCli(['audit', '--repo', dir, '--only', 'migrations', '--seed-rows', '100', '--fail-on', 'high', '--save-facts', 'facts-live.json'], {
      cwd: dir,
      timeoutMs: 150_000,
    });
    assert.equal(live.code, 1, live.stderr);
    assertMasked('terminal', live.stdout + live.stderr);
    assert.match(live.stdout, /migrations/i);
    // the other formats rendered from the saved (masked) facts: no second sandbox run needed
    for (const format of ['markdown', 'sarif', 'junit', 'html', 'json']) {
      const r = await runCli(['audit', '--from-facts', 'facts-live.json', '--only', 'migrations', '--fail-on', 'high', '--format', format], { cwd: dir, timeoutMs: 60_000 });
      assert.equal(r.code, 1, `${format}: ${r.stderr}`);
      assertMasked(format, r.stdout + r.stderr);
    }
  });
});
