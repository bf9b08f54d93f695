// A real MTA for STARTTLS tests: Debian's postfix with its own config and queue directories in a temp dir, on a 127.0.21.x address.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLoopbackAddress } from './loopback.ts';
import { portInUseMessage } from './port-holder.ts';
import { removeTempDirOnExit } from './temp-dir.ts';

export interface PostfixOptions {
  address: string;
  port: number;
  /** myhostname, shown in the banner and EHLO. */
  hostname: string;
  /** PEM key and certificate chain; without them STARTTLS is not offered. */
  tls?: { keyPem: string; certPem: string };
  /** Deliver mail for this domain into a Maildir (RunningPostfix.maildir) instead of refusing to relay it. */
  mailboxDomain?: string;
}

export interface RunningPostfix {
  address: string;
  port: number;
  /** Maildir (with new/) receiving every message for mailboxDomain. */
  maildir?: string;
  stop(): Promise<void>;
}

const POSTFIX = '/usr/sbin/postfix';
const START_TIMEOUT_MS = 15_000;

async function banner(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (d) => done(d.toString().startsWith('220')));
  });
}

/** Start postfix's master in the foreground (start-fg) so stop() can always kill it. */
export async function startPostfix(opts: PostfixOptions): Promise<RunningPostfix> {
  ensureLoopbackAddress(opts.address, 'test MTAs');
  const dir = await mkdtemp(join(tmpdir(), 'launchready-postfix-'));
  const config = join(dir, 'etc');
  const queue = join(dir, 'queue');
  const data = join(dir, 'data');
  await mkdir(config);
  await mkdir(queue);
  await mkdir(data);
  // postfix wants its data directory owned by mail_owner; root (maybe without CAP_DAC_OVERRIDE in a container) still writes master.lock via the group
  await chmod(dir, 0o755);
  await chown(data, Number(execFileSync('id', ['-u', 'postfix'], { encoding: 'utf8' }).trim()), 0);
  await chmod(data, 0o770);
  const tlsLines: string[] = [];
  if (opts.tls) {
    await writeFile(join(config, 'tls.pem'), `${opts.tls.keyPem.trim()}\n${opts.tls.certPem.trim()}\n`, { mode: 0o600 });
    tlsLines.push('smtpd_tls_security_level = may', `smtpd_tls_chain_files = ${join(config, 'tls.pem')}`);
  } else tlsLines.push('smtpd_tls_security_level = none');
  const mailLines: string[] = [];
  const maildir = opts.mailboxDomain ? join(dir, 'mail', 'inbox') : undefined;
  if (opts.mailboxDomain) {
    // the virtual agent writes as the postfix user into one Maildir for any recipient of the domain
    const uid = execFileSync('id', ['-u', 'postfix'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'postfix'], { encoding: 'utf8' }).trim();
    await mkdir(join(dir, 'mail'));
    await chown(join(dir, 'mail'), Number(uid), Number(gid));
    mailLines.push(
      `virtual_mailbox_domains = ${opts.mailboxDomain}`,
      `virtual_mailbox_base = ${join(dir, 'mail')}`,
      'virtual_mailbox_maps = static:inbox/',
      `virtual_uid_maps = static:${uid}`,
      `virtual_gid_maps = static:${gid}`,
      `virtual_minimum_uid = ${uid}`,
      // the Received header then says whether the message came over TLS
      'smtpd_tls_received_header = yes',
    );
  }
  const main = [
    'compatibility_level = 3.6',
    `queue_directory = ${queue}`,
    `data_directory = ${data}`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    `inet_interfaces = ${opts.address}`,
    'inet_protocols = ipv4',
    `myhostname = ${opts.hostname}`,
    'mydestination =',
    'relay_domains =',
    'alias_maps =',
    'alias_database =',
    'local_recipient_maps =',
    // postfix silently exits when postlogd cannot use a maillog file path here; stdout works with start-fg
    'maillog_file = /dev/stdout',
    'smtpd_banner = $myhostname ESMTP launchready-test',
    ...tlsLines,
    ...mailLines,
    '',
  ].join('\n');
  const service = (name: string, type: string, maxproc = '-') => `${name} ${type} n - n - ${maxproc} ${name}`;
  const master = [
    `${opts.address}:${opts.port} inet n - n - - smtpd`,
    'pickup unix n - n 60 1 pickup',
    service('cleanup', 'unix', '0'),
    'qmgr unix n - n 300 1 qmgr',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    service('verify', 'unix', '1'),
    'flush unix n - n 1000? 0 flush',
    service('proxymap', 'unix'),
    service('smtp', 'unix'),
    service('error', 'unix'),
    service('anvil', 'unix', '1'),
    service('scache', 'unix', '1'),
    'postlog unix-dgram n - n - 1 postlogd',
    ...(opts.mailboxDomain ? ['virtual unix - n n - - virtual'] : []),
    '',
  ].join('\n');
  await writeFile(join(config, 'main.cf'), main);
  await writeFile(join(config, 'master.cf'), master);

  // postfix start-fg exits 1 when its output is a pipe; a log file works
  const logFile = join(dir, 'postfix.log');
  const logFd = openSync(logFile, 'a');
  const child: ChildProcess = spawn(POSTFIX, ['-c', config, 'start-fg'], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let log = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', (code) => {
      log += `postfix exited ${code}`;
      exited = true;
      resolve();
    });
    child.on('error', (e) => {
      log += String(e);
      exited = true;
      resolve();
    });
  });
  // postfix's master outlives its parent; make sure a crashed test run does not leave it listening
  const stopOnExit = () => {
    try {
      execFileSync(POSTFIX, ['-c', config, 'abort'], { stdio: 'ignore', timeout: 5000 });
    } catch {
      // already gone
    }
  };
  process.once('exit', stopOnExit);
  const keepDir = removeTempDirOnExit(dir);
  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    keepDir();
    if (!exited) {
      try {
        execFileSync(POSTFIX, ['-c', config, 'stop'], { stdio: 'ignore', timeout: 10_000 });
      } catch {
        // fall through to the signal
      }
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.kill('SIGTERM');
      await exit;
      clearTimeout(killTimer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && !exited) {
    if (await banner(opts.address, opts.port)) return { address: opts.address, port: opts.port, ...(maildir ? { maildir } : {}), stop };
    await new Promise((r) => setTimeout(r, 150));
  }
  log = `${await readFile(logFile, 'utf8').catch(() => '')}\n${log}`;
  await stop();
  if (/address already in use/i.test(log)) throw new Error(portInUseMessage('test postfix', opts.address, opts.port));
  throw new Error(`postfix did not start on ${opts.address}:${opts.port}: ${log.split('\n').slice(-15).join('\n')}`);
}
