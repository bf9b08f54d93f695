// npm test's package install: waits for the dpkg lock, starts no service (policy-rc.d only for the apt-get run, the
// previous one put back), and stops with one line when the install fails instead of carrying on.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { APT_LOCK_TIMEOUT_S, DENY_ALL_POLICY, ensureSystemPackages, type SystemPackage, withServiceStartsDenied } from '../../scripts/system-packages.mjs';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const FAKE: SystemPackage = { binary: '/nonexistent/launchready-test-bin', pkg: 'launchready-test-pkg', why: 'test' };

/** Exit code of the policy script, as invoke-rc.d runs it. */
function policyExit(path: string): number {
  try {
    execFileSync(path, ['nginx', 'start'], { stdio: 'ignore' });
    return 0;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

describe('system package install', () => {
  after(removeTempDirs);

  it('denies service starts only while fn runs and puts back the previous policy-rc.d, content and mode, even when fn throws', () => {
    const path = join(makeTempDir('policy'), 'policy-rc.d');
    writeFileSync(path, '#!/bin/sh\nexit 0\n');
    chmodSync(path, 0o700);
    const seen = withServiceStartsDenied(() => ({ content: readFileSync(path, 'utf8'), exit: policyExit(path) }), path);
    assert.deepEqual(seen, { content: DENY_ALL_POLICY, exit: 101 });
    assert.equal(readFileSync(path, 'utf8'), '#!/bin/sh\nexit 0\n');
    assert.equal(statSync(path).mode & 0o777, 0o700);
    assert.throws(
      () =>
        withServiceStartsDenied(() => {
          throw new Error('apt-get crashed');
        }, path),
      /apt-get crashed/,
    );
    assert.equal(readFileSync(path, 'utf8'), '#!/bin/sh\nexit 0\n');
  });

  it('removes its policy-rc.d afterwards when there was none', () => {
    const path = join(makeTempDir('policy'), 'policy-rc.d');
    assert.equal(
      withServiceStartsDenied(() => policyExit(path), path),
      101,
    );
    assert.ok(!existsSync(path));
  });

  it('as root: both apt-get runs wait for the dpkg lock under the deny policy; a failed install throws one line naming the command', () => {
    const path = join(makeTempDir('policy'), 'policy-rc.d');
    const calls: { args: string[]; policyExit: number }[] = [];
    const failing = (_cmd: string, args: string[]) => {
      calls.push({ args, policyExit: policyExit(path) });
      return { status: args.includes('install') ? 100 : 0 };
    };
    const logs: string[] = [];
    assert.throws(
      () => ensureSystemPackages({ run: failing, policyPath: path, isRoot: true, findMissing: () => [FAKE], log: (l) => logs.push(l) }),
      (error: Error) => {
        assert.doesNotMatch(error.message, /\n/, 'one line');
        assert.match(
          error.message,
          /apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install .*launchready-test-pkg/,
        );
        return true;
      },
    );
    assert.equal(calls.length, 2);
    assert.match(calls[0]?.args.join(' ') ?? '', new RegExp(`DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S} update`));
    assert.match(calls[1]?.args.join(' ') ?? '', new RegExp(`DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S} install`));
    assert.deepEqual(
      calls.map((c) => c.policyExit),
      [101, 101],
      'no service may start during either run',
    );
    assert.ok(!existsSync(path), 'policy removed after the run');
  });

  it('as root: a successful install returns nothing missing; not root: prints the command and carries on', () => {
    let installed = false;
    const path = join(makeTempDir('policy'), 'policy-rc.d');
    const ok = (_cmd: string, args: string[]) => {
      if (args.includes('install')) installed = true;
      return { status: 0 };
    };
    const missing = () => (installed ? [] : [FAKE]);
    assert.deepEqual(ensureSystemPackages({ run: ok, policyPath: path, isRoot: true, findMissing: missing, log: () => {} }), []);
    const logs: string[] = [];
    const never = () => assert.fail('no apt-get without root');
    assert.deepEqual(ensureSystemPackages({ run: never, policyPath: path, isRoot: false, findMissing: () => [FAKE], log: (l) => logs.push(l) }), [FAKE]);
    assert.match(logs.join('\n'), /Run as root:\n {2}apt-get -o DPkg::Lock::Timeout=600 update/);
  });
});
