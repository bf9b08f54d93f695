// Just enough of JavaScript's shape to read routes declared in code: matching brackets past strings and template
// literals, top-level arguments of a call, chains of `.method(args)`. Comments are expected stripped; nothing is run.

/** Past the string or template literal that opens at `i`; `text.length` when it never closes. */
function skipString(text: string, i: number): number {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '\\') j += 2;
    else if (ch === quote) return j + 1;
    else if (quote === '`' && ch === '$' && text[j + 1] === '{') j = matchBracket(text, j + 1) + 1;
    else if (ch === '\n' && quote !== '`') return j;
    else j++;
  }
  return text.length;
}

const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Index of the bracket closing the one at `open` (`(`, `[` or `{`), or `text.length` when unbalanced or past `maxSpan`. */
export function matchBracket(text: string, open: number, maxSpan = Number.POSITIVE_INFINITY): number {
  const stack: string[] = [];
  const end = Math.min(text.length, open + maxSpan);
  for (let i = open; i < end; i++) {
    const ch = text[i] as string;
    if (ch === '"' || ch === "'" || ch === '`') {
      i = skipString(text, i) - 1;
      continue;
    }
    if (CLOSE[ch]) stack.push(CLOSE[ch] as string);
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (stack.pop() !== ch) return text.length;
      if (stack.length === 0) return i;
    }
  }
  return text.length;
}

/** The top-level, comma-separated arguments between brackets `open` and `close`, trimmed. */
export function splitArgs(text: string, open: number, close: number): string[] {
  const args: string[] = [];
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const ch = text[i] as string;
    if (ch === '"' || ch === "'" || ch === '`') i = skipString(text, i) - 1;
    else if (CLOSE[ch]) i = matchBracket(text, i);
    else if (ch === ',') {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start, close).trim();
  if (last !== '' || args.length > 0) args.push(last);
  return args;
}

/** A string literal's value (quotes or a template without `${}`), or null. */
export function stringLiteral(arg: string | undefined): string | null {
  const m = /^(['"`])([^'"`\\$]*)\1$/.exec(arg?.trim() ?? '');
  return m ? (m[2] as string) : null;
}

/** A call's arguments are read up to this many characters: a handler longer than that is not a route table. */
const MAX_CALL_SPAN = 200_000;

export interface ChainCall {
  name: string;
  args: string[];
}

/**
 * The calls chained at `from` (just after a receiver or a constructor call): `.get('/x', h).post('/y', h)` →
 * [{ get, ['/x', 'h'] }, { post, ... }]. Generic arguments (`.get<T>(`) and optional calls (`?.`) are allowed.
 */
export function chainAt(text: string, from: number, maxCalls = 200): { calls: ChainCall[]; end: number; cost: number } {
  const calls: ChainCall[] = [];
  let i = from;
  let cost = 0;
  const link = /^\s*\??\.\s*([A-Za-z_$][\w$]*)\s*(?:<[^<>()]*(?:<[^<>()]*>[^<>()]*)*>\s*)?\(/;
  while (calls.length < maxCalls) {
    const m = link.exec(text.slice(i, i + 400));
    if (!m) break;
    const open = i + m[0].length - 1;
    const close = matchBracket(text, open, MAX_CALL_SPAN);
    // the bracket scan and the argument split each read the call once
    cost += 2 * (Math.min(close, text.length) - open);
    if (close >= text.length) break;
    calls.push({ name: m[1] as string, args: splitArgs(text, open, close) });
    i = close + 1;
  }
  return { calls, end: i, cost };
}
