// Daemons that bind interface addresses only (named, postfix) need their 127.0.0.0/8 test address listed on lo.
// Each address this process added is deleted again when it exits; one that was already there is never touched.
// Test files use distinct addresses, so no other running test file depends on an address this one added.
import { execFileSync } from 'node:child_process';

const added = new Set<string>();

function removeAddedAddresses(): void {
  for (const address of added) {
    try {
      execFileSync('ip', ['addr', 'del', `${address}/32`, 'dev', 'lo'], { stdio: 'ignore', timeout: 5000 });
    } catch {
      // already gone
    }
  }
  added.clear();
}

/** Add address/32 to lo unless it is there already; refuses anything outside 127.0.0.0/8. */
export function ensureLoopbackAddress(address: string, what = 'test servers'): void {
  if (address === '::1') return;
  if (!/^127\.\d+\.\d+\.\d+$/.test(address)) throw new Error(`${what} listen on 127.0.0.0/8 only, got ${address}`);
  if (address === '127.0.0.1') return;
  if (loopbackAddresses().includes(address)) return;
  try {
    execFileSync('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo'], { stdio: 'pipe', timeout: 5000 });
  } catch (error) {
    // a parallel test may have added it first: then it is not ours to delete
    if (!String((error as { stderr?: Buffer }).stderr ?? '').includes('File exists')) throw error;
    return;
  }
  if (added.size === 0) process.once('exit', removeAddedAddresses);
  added.add(address);
}

/** The IPv4 addresses on lo, e.g. ["127.0.0.1", "127.0.20.21"]. */
export function loopbackAddresses(): string[] {
  const shown = execFileSync('ip', ['-o', '-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8', timeout: 5000 });
  return [...shown.matchAll(/ inet (127\.[\d.]+)\//g)].map((m) => m[1] as string);
}
