// Secrets never leave the process in full: every sink (terminal, report files, facts, errors) goes through here.

/**
 * First 4 characters, an ellipsis, and the length: the only form a secret may be shown in. A value under 8 characters
 * shows only `…` and its length, since 4 of its characters would give away most or all of it.
 */
export function maskSecret(value: string): string {
  const chars = [...value];
  // mask.ts holds no module-level state (test/architecture/redactor-scope), so the bound is written here
  const head = chars.length >= 8 ? chars.slice(0, 4).join('') : '';
  return `${head}…(${value.length} chars)`;
}

/**
 * Values that must never be printed (interpolated ${VAR} values, detected credentials). One per run: the command
 * creates it (cli/main.ts run) and passes it down the pipeline, so two runs in one process never share secrets.
 */
export class Redactor {
  private readonly values = new Set<string>();
  /** Short or plain-word values: masked only where they sit in a credential position, never inside paths or names. */
  private readonly contextual = new Set<string>();

  /**
   * Remember a sensitive value. Short values and plain words (letters only, optionally joined by - or _) are not
   * replaced everywhere: `formbricks` as a password would otherwise mangle every path, package name and host that
   * contains it. They are masked only as a URL password or after a credential name (see redact).
   */
  add(value: string | undefined | null): void {
    if (!value || value.length < 3) return;
    if (value.length < 8 || /^[A-Za-z]+(?:[-_][A-Za-z]+)*$/.test(value)) this.contextual.add(value);
    else this.values.add(value);
  }

  get size(): number {
    return this.values.size + this.contextual.size;
  }

  /** Replace every remembered value in a string with its masked form. */
  redact(text: string): string {
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(value)) out = out.split(value).join(maskSecret(value));
    }
    for (const value of this.contextual) {
      if (!out.includes(value)) continue;
      const v = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out
        .replace(new RegExp(`(://[^\\s:@/]*:)${v}(?=@)`, 'g'), (_m, head: string) => `${head}${maskSecret(value)}`)
        .replace(
          new RegExp(`((?:password|passwd|pwd|secret|token|api_?key)[\\w-]*["']?\\s*[:=]\\s*["']?)${v}(?![\\w-])`, 'gi'),
          (_m, head: string) => `${head}${maskSecret(value)}`,
        );
    }
    return out;
  }

  /** Deep copy of a JSON-like value with every string redacted. */
  redactDeep<T>(input: T): T {
    if (this.size === 0) return input;
    return JSON.parse(this.redact(JSON.stringify(input))) as T;
  }
}
