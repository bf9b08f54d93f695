// Plain-text layout for fixed-width output: word wrap and tables that never exceed the given width.
import { clean, oneLine, shortenColumn, truncate } from './common.js';

export function textWidth(text: string): number {
  return [...text].length;
}

const NUMBER = /^[(~≈<>+-]*\d[\d.,]*$/;
const UNIT = /^(?:ms|s|min|h|days?|[KMG]i?B|bytes|req\/s|rps)[,.;:)]*$/;
/** The larger parts of a duration that another number and unit may follow ("1 min 59 s"). */
const LEADING_PART = /\d (?:min|h|days?)$/;

/**
 * Words to wrap, with a number and its unit kept as one ("59 s", "12 KiB") and a duration's parts kept together
 * ("1 min 59 s"): a line break inside "ran in 1 min / 59 s" read as two values.
 */
function wrapWords(text: string): string[] {
  const raw = oneLine(text).split(' ').filter(Boolean);
  const words: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i] as string;
    const prev = words.at(-1);
    if (prev !== undefined && UNIT.test(word) && NUMBER.test(prev.split(' ').at(-1) ?? '')) words[words.length - 1] = `${prev} ${word}`;
    else if (prev !== undefined && LEADING_PART.test(prev) && NUMBER.test(word) && UNIT.test(raw[i + 1] ?? '')) {
      words[words.length - 1] = `${prev} ${word} ${raw[i + 1]}`;
      i += 1;
    } else words.push(word);
  }
  return words;
}

/**
 * Wrap text to width; the first line starts with `first`, the rest with `rest` (both counted in the width). A number
 * and its unit never part (see wrapWords) unless together they are wider than the line.
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const words = wrapWords(text);
  const lines: string[] = [];
  let line = first;
  let prefix = first;
  const room = () => Math.max(1, width - textWidth(prefix));
  for (let word of words) {
    let used = textWidth(line) - textWidth(prefix);
    if (used > 0 && used + 1 + textWidth(word) > room()) {
      lines.push(line);
      prefix = rest;
      line = rest;
      used = 0;
    }
    // A word longer than the line (URLs, hashes) is cut into pieces rather than overflowing.
    while (textWidth(word) > room() - (used > 0 ? used + 1 : 0)) {
      const space = room() - (used > 0 ? used + 1 : 0);
      if (space <= 0) {
        lines.push(line);
        prefix = rest;
        line = rest;
        used = 0;
        continue;
      }
      const chars = [...word];
      line += (used > 0 ? ' ' : '') + chars.slice(0, space).join('');
      lines.push(line);
      prefix = rest;
      line = rest;
      used = 0;
      word = chars.slice(space).join('');
    }
    if (word) {
      line += (used > 0 ? ' ' : '') + word;
    }
  }
  if (textWidth(line) > textWidth(prefix) || lines.length === 0) lines.push(line);
  return lines;
}

const MAX_CELL = 400;

export interface TableOptions {
  indent?: string;
  /** Columns aligned right (numbers). */
  right?: number[];
  /** Column width never below this when shrinking. */
  minColumn?: number;
}

/** A text table: header, rule, rows; widest columns are shrunk (cells cut with …) until the table fits. */
export function table(columns: string[], rows: string[][], width: number, options: TableOptions = {}): string[] {
  const indent = options.indent ?? '';
  const gap = 2;
  const cells = rows.map((r) => columns.map((_, i) => oneLine(clean(r[i] ?? ''))));
  const head = columns.map((c) => oneLine(c));
  const widths = head.map((h, i) => Math.min(MAX_CELL, Math.max(textWidth(h), ...cells.map((r) => textWidth(r[i] ?? '')))));
  const avail = Math.max(columns.length, width - textWidth(indent) - gap * (columns.length - 1));
  const minColumn = options.minColumn ?? 4;
  let total = widths.reduce((a, b) => a + b, 0);
  // One column at a time, the widest first, down to minColumn; then all evenly (tiny widths only).
  while (total > avail) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if ((widths[i] ?? 0) > (widths[widest] ?? 0)) widest = i;
    if ((widths[widest] ?? 0) > minColumn) {
      widths[widest] = (widths[widest] ?? 1) - 1;
      total -= 1;
      continue;
    }
    let cut = false;
    for (let i = 0; i < widths.length && total > avail; i++) {
      if ((widths[i] ?? 0) > 1) {
        widths[i] = (widths[i] ?? 1) - 1;
        total -= 1;
        cut = true;
      }
    }
    if (!cut) break;
  }
  const right = new Set(options.right ?? []);
  // cells fitted a column at a time: a path column is cut so its rows stay tell-apart (see shortenColumn)
  const columnsShown = columns.map((_, i) =>
    shortenColumn(
      cells.map((r) => r[i] ?? ''),
      widths[i] ?? 0,
    ),
  );
  const shown = cells.map((_, r) => columns.map((_, i) => columnsShown[i]?.[r] ?? ''));
  const fmt = (row: string[]) =>
    (
      indent +
      row
        .map((cell, i) => {
          const w = widths[i] ?? 0;
          const text = truncate(cell, w);
          const pad = ' '.repeat(Math.max(0, w - textWidth(text)));
          return right.has(i) ? pad + text : i === row.length - 1 ? text : text + pad;
        })
        .join(' '.repeat(gap))
    ).trimEnd();
  return [fmt(head), indent + widths.map((w) => '─'.repeat(w)).join(' '.repeat(gap)), ...shown.map(fmt)];
}
