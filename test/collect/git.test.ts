// The one git argv: signature display and verification off, and every program a repository config can name overridden.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gitArgv, gitEnv } from '../../src/collect/git.ts';

describe('gitArgv', () => {
  const argv = gitArgv('/repo', ['log', '-p', '--all']);
  const settings = new Map(argv.flatMap((a, i) => (argv[i - 1] === '-c' ? [a] : [])).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));

  it('turns signature display and every signature program off', () => {
    assert.ok(argv.indexOf('--no-show-signature') > argv.indexOf('log'));
    assert.equal(settings.get('log.showSignature'), 'false');
    assert.equal(settings.get('gpg.format'), 'openpgp');
    for (const key of ['gpg.program', 'gpg.openpgp.program', 'gpg.ssh.program', 'gpg.x509.program']) assert.equal(settings.get(key), '/bin/false', key);
  });

  it('overrides the other config-driven programs', () => {
    for (const [key, value] of [
      ['core.fsmonitor', 'false'],
      ['core.hooksPath', '/dev/null'],
      ['core.pager', 'cat'],
      ['core.sshCommand', '/bin/false'],
      ['core.askPass', '/bin/false'],
      ['core.gitProxy', '/bin/false'],
      ['credential.helper', ''],
      ['diff.external', ''],
      ['protocol.allow', 'never'],
    ] as const)
      assert.equal(settings.get(key), value, key);
    assert.equal(argv[0], '--no-pager');
  });

  it('adds --no-show-signature only to commands that take it', () => {
    assert.ok(!gitArgv('/repo', ['ls-files', '-z']).includes('--no-show-signature'));
  });

  it('drops caller environment that would point git elsewhere or run a program', () => {
    const saved = { ...process.env };
    Object.assign(process.env, { GIT_DIR: '/elsewhere', GIT_EXTERNAL_DIFF: '/x', GIT_SSH_COMMAND: '/x', GIT_CONFIG_KEY_0: 'a', GIT_CONFIG_VALUE_0: 'b' });
    try {
      const env = gitEnv();
      for (const name of ['GIT_DIR', 'GIT_EXTERNAL_DIFF', 'GIT_SSH_COMMAND', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0']) assert.equal(env[name], undefined, name);
      assert.equal(env.GIT_TERMINAL_PROMPT, '0');
    } finally {
      for (const name of ['GIT_DIR', 'GIT_EXTERNAL_DIFF', 'GIT_SSH_COMMAND', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0']) if (!(name in saved)) delete process.env[name];
    }
  });
});
