// Ctrl-C (SIGINT) or SIGTERM during a run: one line on stderr saying what was written, then the process ends by the
// same signal, so a shell sees 130 / 143 and a script loop around launchready stops too (re-raising, not exit(130),
// is what lets the calling shell know the child was interrupted). Report files are written whole by a synchronous
// temp + rename that a signal handled here cannot cut in two; without a handler the kernel could kill the process
// between the temporary file and the rename and leave the temporary file behind.
import { cleanLine } from '../terminal-text.js';
import { writtenOutputs } from './files.js';

/** Commands that stop on their own terms: monitor finishes the checks in flight, writes buffered results and exits 0. */
const OWN_SIGNAL_HANDLING = new Set(['monitor']);

const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The one line: "launchready: interrupted (SIGINT): nothing written", or the files already written in full. */
export function interruptLine(signal: string, written: readonly string[]): string {
  const what = written.length === 0 ? 'nothing written' : `wrote ${written.map((p) => cleanLine(p)).join(', ')} before it; nothing else written`;
  return `launchready: interrupted (${signal}): ${what}\n`;
}

export function handleInterrupts(argv: readonly string[], stderr: { write(text: string): unknown }): void {
  if (OWN_SIGNAL_HANDLING.has(argv[0] ?? '')) return;
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      stderr.write(interruptLine(signal, writtenOutputs));
    } catch {}
    for (const s of INTERRUPT_SIGNALS) process.removeListener(s, onSignal);
    // Raised again, the signal is delivered after this emit: the other listeners of this one (the migrations sandbox
    // killing its children, the demo removing its temp repository) run first and remove themselves, so its default
    // action then ends the process, as if it had never been caught.
    process.kill(process.pid, signal);
  };
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, onSignal);
}
