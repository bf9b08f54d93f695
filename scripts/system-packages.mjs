// System packages the test suite needs, by the binary that proves each is present. Installed when missing.
// Debian's postinst starts nginx (0.0.0.0:80, which takes port 80 on every 127.x address the test nginx wants), named
// and postfix. The tests never stop a service, so the install runs with a policy-rc.d that forbids starting any.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/** binary path → Debian package */
export const SYSTEM_PACKAGES = [
  { binary: '/usr/sbin/nginx', pkg: 'nginx-light', why: 'web and TLS collector tests' },
  { binary: '/usr/sbin/named', pkg: 'bind9', why: 'DNS and email tests (authoritative server)' },
  { binary: '/usr/bin/dig', pkg: 'bind9-dnsutils', why: 'DNS test zone checks' },
  { binary: '/usr/sbin/ip', pkg: 'iproute2', why: 'BIND test harness adds its 127.0.20.x address to lo (named binds interface addresses only)' },
  { binary: '/usr/sbin/postfix', pkg: 'postfix', why: 'STARTTLS tests (real MTA)' },
  { binary: '/usr/bin/chromium', pkg: 'chromium', why: 'html report browser test' },
  { binary: '/usr/sbin/opendkim-genkey', pkg: 'opendkim-tools', why: 'DKIM key generation in DNS tests' },
  { binary: '/usr/bin/openssl', pkg: 'openssl', why: 'certificate and TLS tests' },
  { binary: '/usr/bin/git', pkg: 'git', why: 'repository scanner tests' },
  { binary: '/usr/lib/postgresql/15/bin/initdb', pkg: 'postgresql-15', why: 'PostgreSQL statistics tests (throwaway clusters with pg_stat_statements)' },
];

/** Seconds apt-get waits for a dpkg or lists lock another apt run holds (unattended-upgrades, another terminal). */
export const APT_LOCK_TIMEOUT_S = 600;
export const POLICY_RC_D = '/usr/sbin/policy-rc.d';
/** invoke-rc.d and deb-systemd-invoke read exit 101 as "action forbidden": the postinst starts nothing. */
export const DENY_ALL_POLICY = '#!/bin/sh\n# written by launchready scripts/system-packages.mjs for one apt-get run\nexit 101\n';

export function missingPackages() {
  return SYSTEM_PACKAGES.filter((p) => !existsSync(p.binary));
}

/** The apt-get runs, in order: update, then install (both wait for the dpkg lock). */
export function aptCommands(pkgs) {
  const lock = ['-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`];
  return [
    ['apt-get', [...lock, 'update', '-qq']],
    ['apt-get', [...lock, 'install', '-y', '-qq', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', ...pkgs]],
  ];
}

/** The same as one line a person can paste. */
export function manualCommand(pkgs) {
  return aptCommands(pkgs)
    .map(([cmd, args]) => (args.includes('install') ? `DEBIAN_FRONTEND=noninteractive ${cmd} ${args.join(' ')}` : `${cmd} ${args.join(' ')}`))
    .join(' && ');
}

/** Runs fn with a policy-rc.d that forbids starting services, then puts back whatever was there (or nothing). */
export function withServiceStartsDenied(fn, policyPath = POLICY_RC_D) {
  const previous = existsSync(policyPath) ? { content: readFileSync(policyPath), mode: statSync(policyPath).mode & 0o7777 } : null;
  const restore = () => {
    if (previous) {
      writeFileSync(`${policyPath}.launchready-restore`, previous.content, { mode: previous.mode });
      chmodSync(`${policyPath}.launchready-restore`, previous.mode);
      renameSync(`${policyPath}.launchready-restore`, policyPath);
    } else rmSync(policyPath, { force: true });
  };
  // an interrupted install still restores the file: the signal is handled after spawnSync returns
  const onSignal = (signal) => {
    restore();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  writeFileSync(`${policyPath}.launchready-tmp`, DENY_ALL_POLICY, { mode: 0o755 });
  chmodSync(`${policyPath}.launchready-tmp`, 0o755);
  renameSync(`${policyPath}.launchready-tmp`, policyPath);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return fn();
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    restore();
  }
}

/**
 * Installs what is missing with apt-get when root (starting no service); otherwise prints the command. Returns what is
 * still missing for a non-root user; throws an Error whose message is the one line to print when root's install fails.
 */
export function ensureSystemPackages({ log = console.error, run = spawnSync, policyPath = POLICY_RC_D, isRoot = process.getuid?.() === 0, findMissing = missingPackages } = {}) {
  const missing = findMissing();
  if (missing.length === 0) return [];
  const pkgs = [...new Set(missing.map((p) => p.pkg))];
  const command = manualCommand(pkgs);
  if (!isRoot) {
    log(`launchready tests need system packages: ${pkgs.join(', ')}. Run as root:\n  ${command}`);
    return missing;
  }
  log(`installing system packages for the tests (waiting up to ${APT_LOCK_TIMEOUT_S}s for the dpkg lock; no service is started): ${pkgs.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [update, install] = aptCommands(pkgs);
  const status = withServiceStartsDenied(() => {
    // a failed update (offline mirror) may still leave an installable cache: the install decides
    run(update[0], update[1], { stdio: 'inherit', env, timeout: (APT_LOCK_TIMEOUT_S + 300) * 1000 });
    return run(install[0], install[1], { stdio: 'inherit', env, timeout: (APT_LOCK_TIMEOUT_S + 1200) * 1000 }).status;
  }, policyPath);
  const still = findMissing();
  if (status !== 0 || still.length > 0) throw new Error(`apt-get could not install ${pkgs.join(' ')} (exit ${status}); the tests need them, run as root and retry: ${command}`);
  return still;
}
