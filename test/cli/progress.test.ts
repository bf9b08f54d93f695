// The live stage list: drawn only on a TTY, every stage ends with its time, colour only when allowed.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { StageProgress } from '../../src/cli/progress.ts';
import { maskSecret, Redactor } from '../../src/mask.ts';

function sink(isTTY: boolean, columns = 80) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, cb) {
        text += chunk;
        cb();
      },
    }),
    { isTTY, columns },
  );
  return { stream, text: () => text };
}

describe('stage progress', () => {
  it('keeps the whole note on a pty that reports 0 columns, and counts only visible characters against the width', () => {
    const note = 'GET /api/reports/monthly: baseline';
    for (const [columns, color] of [
      [0, false],
      [80, true],
    ] as const) {
      const s = sink(true, columns);
      const p = new StageProgress(s.stream, color, new Redactor());
      p.start('load', 'Load and headroom');
      p.note('load', note);
      p.stop();
      const visible = s.text().replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
      assert.ok(visible.includes(note), `columns ${columns}, colour ${color}: ${JSON.stringify(visible)}`);
      for (const line of visible.split('\n')) assert.ok(line.length <= 79);
    }
  });

  it('is silent when stderr is not a TTY', () => {
    const s = sink(false);
    assert.equal(StageProgress.forIo({ stdout: s.stream, stderr: s.stream, env: {}, cwd: '/' }, new Redactor()), null);
  });

  it('draws each stage with a spinner, then a tick and its time', () => {
    const s = sink(true);
    const p = new StageProgress(s.stream, false, new Redactor());
    p.start('web', 'Web surface');
    p.start('tls', 'TLS handshakes');
    p.end('web', 'ok', 1234);
    p.end('tls', 'error', 50);
    const out = s.text();
    assert.match(out, /Web surface\s+1\.2s/);
    assert.match(out, /✔ Web surface/);
    assert.match(out, /✖ TLS handshakes/);
    assert.ok(!out.includes('\x1b[3'), 'no colour codes when colour is off');
    for (const line of out.split('\n')) assert.ok(line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').length <= 80);
  });

  it('escapes notes and titles from outside: only its own cursor codes reach the terminal', () => {
    const s = sink(true);
    const p = new StageProgress(s.stream, false, new Redactor());
    p.start('logs', 'Logging\x1b]0;pwned\x07');
    p.note('logs', 'scanning log\x1b[2J\x1b]0;pwned\x07\r\nfile.log\u009b');
    p.end('logs', 'ok', 10);
    // drop the progress list's own CSI cursor sequences (ESC [ n F, ESC [ K); nothing else may carry a control character
    const rest = s.text().replace(/\x1b\[\d*[FK]/g, '');
    assert.doesNotMatch(rest, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    assert.match(s.text(), /Logging\]0;pwned/);
  });

  it("masks the run's secrets in titles and notes", () => {
    const secret = 'pw-4f9c2e7a1b';
    const redactor = new Redactor();
    redactor.add(secret);
    const s = sink(true);
    const p = new StageProgress(s.stream, false, redactor);
    p.start('web', `GET https://u:${secret}@app.test/`);
    p.note('web', `retrying with ${secret}`);
    p.end('web', 'ok', 10);
    assert.ok(!s.text().includes(secret), 'the secret is never drawn in full');
    assert.ok(s.text().includes(maskSecret(secret)));
  });
});
