// Two audits in one process, each with its own secrets: every sink of a run masks that run's secrets, and neither
// run's redactor learns the other's (the redactor is created per run, not shared by the process).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { run } from '../../src/cli/main.ts';
import { maskSecret, Redactor } from '../../src/mask.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

function sink(isTTY: boolean): Writable & { text: string; isTTY: boolean; columns: number } {
  const stream = new Writable({
    write(chunk, _enc, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string; isTTY: boolean; columns: number };
  stream.text = '';
  stream.isTTY = isTTY;
  stream.columns = 120;
  return stream;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
// ends in digits: a letters-only value is a "plain word" the redactor masks only after a credential name (mask.ts)
const random = (n: number) => `${[...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('')}${(randomBytes(2).readUInt16BE(0) % 90) + 10}`;

interface RunSecrets {
  /** Interpolated into the canonical URL from ${LR_RUN_KEY}: it reaches every report format, the facts and the progress list. */
  urlKey: string;
  /** A live Stripe key committed to the run's repository: the secrets scanner registers it. */
  stripeKey: string;
}

interface AuditRun {
  dir: string;
  secrets: RunSecrets;
  redactor: Redactor;
  code: number;
  stdout: string;
  stderr: string;
}

const OUTS = ['report.json', 'report.md', 'report.sarif', 'report.xml', 'report.html'];

function repoWith(dir: string, secrets: RunSecrets, port: number): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src/pay.ts'), `import Stripe from 'stripe';\nexport const stripe = new Stripe('${secrets.stripeKey}');\n`);
  writeFileSync(join(dir, 'launchready.yml'), `app:\n  canonical: "http://127.0.0.1:${port}/k/\${LR_RUN_KEY}/"\n`);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init');
}

async function audit(dir: string, secrets: RunSecrets): Promise<AuditRun> {
  const stdout = sink(false);
  // a TTY stderr: the live progress list is drawn, so it is a sink too
  const stderr = sink(true);
  const redactor = new Redactor();
  const args = ['audit', '--only', 'web,repo', '--repo', dir, '--timeout', '3000', '--save-facts', 'facts.json', ...OUTS.flatMap((o) => ['--out', o])];
  const code = await run(args, { stdout, stderr, env: { NO_COLOR: '1', LR_RUN_KEY: secrets.urlKey }, cwd: dir }, redactor);
  return { dir, secrets, redactor, code, stdout: stdout.text, stderr: stderr.text };
}

/** Never the value itself in an assertion message: only its masked form. */
function assertMasked(text: string, secret: string, where: string, shown = true): void {
  assert.ok(!text.includes(secret), `${where} shows ${maskSecret(secret)} in full`);
  // junit shows some targets as parsed URLs: the masked form percent-encoded
  if (shown) assert.ok(text.includes(maskSecret(secret)) || text.includes(encodeURI(maskSecret(secret))), `${where} does not show ${maskSecret(secret)}`);
}

describe('a redactor per run: two audits in one process', { timeout: 120_000 }, () => {
  let server: Server;
  let port: number;
  const a: RunSecrets = { urlKey: `ka-${random(20)}`, stripeKey: `sk_live_${random(32)}` };
  const b: RunSecrets = { urlKey: `kb-${random(20)}`, stripeKey: `sk_live_${random(32)}` };
  let runA: AuditRun;
  let runB: AuditRun;

  before(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>ok</title>'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
    const root = makeTempDir('redactor-per-run');
    for (const [name, secrets] of [
      ['a', a],
      ['b', b],
    ] as const) {
      mkdirSync(join(root, name));
      repoWith(join(root, name), secrets, port);
    }
    runA = await audit(join(root, 'a'), a);
    runB = await audit(join(root, 'b'), b);
  });

  after(async () => {
    await new Promise((done) => server.close(done));
    removeTempDirs();
  });

  it('each audit ran to its report (exit 1: the committed key is a finding)', () => {
    for (const r of [runA, runB]) assert.ok(r.code === 1, `exit ${r.code}: ${r.redactor.redact(r.stderr).slice(0, 500)}`);
  });

  it("each run's redactor knows its own secrets and not the other run's", () => {
    for (const [mine, theirs] of [
      [runA, runB],
      [runB, runA],
    ] as const) {
      for (const secret of [mine.secrets.urlKey, mine.secrets.stripeKey])
        assert.ok(mine.redactor.redact(secret) === maskSecret(secret), `the run in ${mine.dir} does not know its own ${maskSecret(secret)}`);
      for (const secret of [theirs.secrets.urlKey, theirs.secrets.stripeKey])
        assert.ok(!mine.redactor.redact(`x ${secret} x`).includes(maskSecret(secret)), `the run in ${mine.dir} knows ${maskSecret(secret)} of the other run`);
    }
  });

  it('terminal, json, markdown, sarif, junit, html, the facts file and the progress list show each secret only masked', () => {
    for (const r of [runA, runB]) {
      const sinks: [string, string, boolean][] = [
        ['terminal report', r.stdout, true],
        // no collector note of these stages quotes the URL; progress.test.ts shows a note with a secret masked
        ['progress list (stderr)', r.stderr, false],
        ...OUTS.map((o): [string, string, boolean] => [o, readFileSync(join(r.dir, o), 'utf8'), true]),
        ['facts.json', readFileSync(join(r.dir, 'facts.json'), 'utf8'), true],
      ];
      for (const [where, text, shown] of sinks) {
        assertMasked(text, r.secrets.urlKey, `${where} of ${r.dir}`, shown);
        assertMasked(text, r.secrets.stripeKey, `${where} of ${r.dir}`, false);
      }
      assertMasked(readFileSync(join(r.dir, 'report.json'), 'utf8'), r.secrets.stripeKey, 'the secrets.hardcoded finding');
      // paths and names are not secrets: they stay readable
      assert.ok(readFileSync(join(r.dir, 'report.json'), 'utf8').includes('src/pay.ts'));
    }
  });

  it("an error message quoting a run's secret is masked by that run's redactor", async () => {
    for (const [mine, theirs] of [
      [a, b],
      [b, a],
    ] as const) {
      const dir = makeTempDir('redactor-error');
      // a port that is not a number: the config schema passes it, the URL parser does not, and the message quotes it
      writeFileSync(join(dir, 'launchready.yml'), 'app:\n  canonical: "https://files.test:${LR_RUN_KEY}/"\n');
      const stdout = sink(false);
      const stderr = sink(false);
      const redactor = new Redactor();
      const code = await run(['audit', '--no-repo'], { stdout, stderr, env: { LR_RUN_KEY: mine.urlKey }, cwd: dir }, redactor);
      assert.equal(code, 2);
      // assert.ok with a message of our own: a failing match would print the stderr text, secret and all
      assert.ok(/is not an http\(s\) URL/.test(stderr.text), 'the usage error names the bad URL');
      assertMasked(stderr.text, mine.urlKey, 'the usage error');
      assert.ok(!redactor.redact(theirs.urlKey).includes(maskSecret(theirs.urlKey)), 'the other run left nothing behind');
    }
  });
});
