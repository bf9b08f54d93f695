// Ctrl-C (SIGINT) or SIGTERM during `launchready load`: one line on stderr, the process ends by the signal (a shell
// reports 130 / 143), and no report or temporary file is left in the --out directory.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { constants } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { interruptLine } from '../../src/cli/interrupt.ts';
import { BIN } from '../support/cli.ts';
import { type LoadTestServer, startLoadServer } from '../support/load-server.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

describe('interrupted run', () => {
  let server: LoadTestServer;
  before(async () => {
    server = await startLoadServer();
  });
  after(async () => {
    await server.stop();
    removeTempDirs();
  });

  for (const [signal, shellStatus] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during the load test: "${interruptLine(signal, []).trim()}", status ${shellStatus}, nothing left behind`, async () => {
      const dir = makeTempDir('interrupt');
      const before = await server.count();
      // /hang never answers: the load test is still running when the signal comes
      const child = spawn(process.execPath, [BIN, 'load', '--url', server.url('/hang'), '--duration', '30s', '--out', `${dir}/report.json`, '--out', `${dir}/report.html`], {
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, sig) => resolve([code, sig])));
      const deadline = Date.now() + 20_000;
      while ((await server.count()) === before) {
        assert.ok(Date.now() < deadline, `the load test never started; stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const [code, endedBy] = await closed;
      clearTimeout(timer);
      // ended by the signal itself (re-raised after the line): what a shell shows as 128 + the signal number
      assert.deepEqual([code, endedBy], [null, signal]);
      assert.equal(128 + constants.signals[signal], shellStatus);
      assert.equal(stderr, `launchready: interrupted (${signal}): nothing written\n`);
      assert.equal(stdout, '');
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  it('names the files already written in full', () => {
    assert.equal(interruptLine('SIGINT', ['out/facts.json']), 'launchready: interrupted (SIGINT): wrote out/facts.json before it; nothing else written\n');
  });
});
