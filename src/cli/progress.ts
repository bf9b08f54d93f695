// Live stage list with spinners and per-stage timing, on stderr and only on a TTY.
import type { ProgressSink } from '../collect/run.js';
import type { FactSource } from '../facts/index.js';
import type { Redactor } from '../mask.js';
import { cleanLine } from '../terminal-text.js';
import type { CliIo } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

interface Row {
  title: string;
  state: 'running' | 'ok' | 'error' | 'skipped';
  note: string;
  /** How long the stage will take ("5 routes, up to 2 min"), shown while it runs. */
  planned: string;
  started: number;
  ms: number;
}

export class StageProgress implements ProgressSink {
  private readonly rows = new Map<FactSource, Row>();
  private frame = 0;
  private drawn = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly stream: CliIo['stderr'],
    private readonly color: boolean,
    /** The run's: a collector's note may quote a URL or a message that holds one of its secrets. */
    private readonly redactor: Redactor,
  ) {}

  static forIo(io: CliIo, redactor: Redactor): ProgressSink | null {
    return io.stderr.isTTY ? new StageProgress(io.stderr, io.env.NO_COLOR === undefined, redactor) : null;
  }

  start(source: FactSource, title: string, planned?: string | null): void {
    this.rows.set(source, {
      title: cleanLine(this.redactor.redact(title)),
      state: 'running',
      note: '',
      planned: planned ? cleanLine(this.redactor.redact(planned)).slice(0, 40) : '',
      started: Date.now(),
      ms: 0,
    });
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), 100);
      this.timer.unref();
    }
    this.draw();
  }

  note(source: FactSource, note: string): void {
    const row = this.rows.get(source);
    if (row) row.note = cleanLine(this.redactor.redact(note)).slice(0, 50);
  }

  end(source: FactSource, outcome: 'ok' | 'error' | 'skipped', ms: number): void {
    const row = this.rows.get(source);
    if (row) {
      row.state = outcome;
      row.ms = ms;
      row.note = '';
    }
    this.draw();
    if ([...this.rows.values()].every((r) => r.state !== 'running')) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.draw();
  }

  private draw(): void {
    this.frame = (this.frame + 1) % FRAMES.length;
    const paint = (code: number, text: string) => (this.color ? `\x1b[${code}m${text}\x1b[0m` : text);
    const lines = [...this.rows.values()].map((r) => {
      const icon = r.state === 'running' ? paint(36, FRAMES[this.frame] ?? '-') : r.state === 'ok' ? paint(32, '✔') : paint(31, '✖');
      const ms = r.state === 'running' ? Date.now() - r.started : r.ms;
      const note = r.state === 'running' && r.planned ? (r.note ? `${r.planned} · ${r.note}` : r.planned) : r.note;
      // cut the visible text, not the colour codes; a pty with no size (script, some CI runners) reports 0 columns
      const width = this.stream.columns || 80;
      return `${icon} ${`${r.title.padEnd(22)} ${(ms / 1000).toFixed(1).padStart(5)}s ${note}`.slice(0, Math.max(0, width - 3))}`;
    });
    let out = this.drawn > 0 ? `\x1b[${this.drawn}F` : '';
    out += lines.map((l) => `${l}\x1b[K`).join('\n');
    out += '\n';
    this.drawn = lines.length;
    this.stream.write(out);
  }
}
