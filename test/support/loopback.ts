// Daemons that bind interface addresses only (named, postfix) need their 127.0.0.0/8 test address listed on lo.
import { execFileSync } from 'node:child_process';

/** Add address/32 to lo unless it is there already; refuses anything outside 127.0.0.0/8. */
export function ensureLoopbackAddress(address: string, what = 'test servers'): void {
  if (address === '::1') return;
  if (!/^127\.\d+\.\d+\.\d+$/.test(address)) throw new Error(`${what} listen on 127.0.0.0/8 only, got ${address}`);
  if (address === '127.0.0.1') return;
  const shown = execFileSync('ip', ['-o', '-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8', timeout: 5000 });
  if (shown.includes(` ${address}/`)) return;
  try {
    execFileSync('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo'], { stdio: 'pipe', timeout: 5000 });
  } catch (error) {
    // a parallel test may have added it first
    if (!String((error as { stderr?: Buffer }).stderr ?? '').includes('File exists')) throw error;
  }
}
