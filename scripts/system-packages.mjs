// System packages the test suite needs, by the binary that proves each is present. Installed when missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
];

export function missingPackages() {
  return SYSTEM_PACKAGES.filter((p) => !existsSync(p.binary));
}

/** Install what is missing with apt-get (we run as root); otherwise print the exact command. Returns what is still missing. */
export function ensureSystemPackages(log = console.error) {
  const missing = missingPackages();
  if (missing.length === 0) return [];
  const pkgs = [...new Set(missing.map((p) => p.pkg))];
  const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${pkgs.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    log(`launchready tests need system packages: ${pkgs.join(', ')}. Run as root:\n  ${command}`);
    return missing;
  }
  log(`installing system packages for the tests: ${pkgs.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env, timeout: 300_000 });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', ...pkgs], {
    stdio: 'inherit',
    env,
    timeout: 900_000,
  });
  if (r.status !== 0) log(`apt-get install failed; run by hand:\n  ${command}`);
  // Debian starts some daemons on install; the tests start their own on loopback ports.
  for (const svc of ['nginx', 'named', 'postfix']) {
    try {
      execFileSync('sh', ['-c', `service ${svc} stop >/dev/null 2>&1 || true`], { timeout: 20_000 });
    } catch {}
  }
  return missingPackages();
}
