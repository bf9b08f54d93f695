// Secrets never leave the process in full: every sink (terminal, report files, facts, errors) goes through here.

/** First 4 characters, an ellipsis, and the length: the only form a secret may be shown in. */
export function maskSecret(value: string): string {
  const head = [...value].slice(0, 4).join('');
  return `${head}…(${value.length} chars)`;
}

/** Values that must never be printed (interpolated ${VAR} values, detected credentials). */
export class Redactor {
  private readonly values = new Set<string>();

  /**
   * Remember a sensitive value. Short values and plain words (letters only, optionally with - or _) are ignored:
   * replacing them everywhere would mangle paths, package names and hosts that merely contain them. Where such a
   * value is itself shown as a secret, the caller masks it with maskSecret.
   */
  add(value: string | undefined | null): void {
    if (!value || value.length < 8 || /^[A-Za-z]+(?:[-_][A-Za-z]+)*$/.test(value)) return;
    this.values.add(value);
  }

  get size(): number {
    return this.values.size;
  }

  /** Replace every remembered value in a string with its masked form. */
  redact(text: string): string {
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(value)) out = out.split(value).join(maskSecret(value));
    }
    return out;
  }

  /** Deep copy of a JSON-like value with every string redacted. */
  redactDeep<T>(input: T): T {
    if (this.values.size === 0) return input;
    return JSON.parse(this.redact(JSON.stringify(input))) as T;
  }
}

/** The process-wide redactor: config interpolation and the secrets scanner register values here. */
export const redactor = new Redactor();
