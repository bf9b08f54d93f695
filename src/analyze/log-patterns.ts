// Sensitive data in logging: logger/console calls in code that pass secrets or whole requests, and secrets found in log lines.
import { maskSecret } from '../mask.js';
import { insideStringOnLine } from './deploy-signals.js';

// ---------- code: logger calls ----------

const LOGGER_CALL =
  /(?:\bconsole\.(?:log|info|warn|error|debug|trace|dir)|(?:\bthis\.|\bself\.|\b)(?:logger|log|logging|_logger|_log|winston|pino|bunyan|fastify\.log|req\.log|request\.log|ctx\.log|app\.log|app\.logger|Rails\.logger|LOGGER|LOG|logrus|zap\.L\(\)|zap\.S\(\)|zerolog\.\w+|slog)\s*\.\s*(?:log|info|warn|warning|error|debug|trace|fatal|critical|exception|verbose|silly|notice|Print\w*|Fatal\w*|Info\w*|Warn\w*|Error\w*|Debug\w*|Panic\w*))\s*(\(|\s+(?=["'#\w]))/g;

const SENSITIVE_LAST_WORD = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'cookies',
  'credentials',
  'creds',
  'cvv',
  'cvc',
  'ssn',
  'jwt',
  'bearer',
]);
const SENSITIVE_PAIRS: [string, string][] = [
  ['api', 'key'],
  ['private', 'key'],
  ['secret', 'key'],
  ['access', 'key'],
  ['auth', 'header'],
  ['card', 'number'],
  ['credit', 'card'],
];
/** A name ending in one of these is about a credential, not the credential: api_key_id, session_id, token_type, password_length. */
const NOT_SECRET_LAST_WORD = new Set([
  'id',
  'ids',
  'uuid',
  'name',
  'names',
  'type',
  'kind',
  'count',
  'length',
  'size',
  'prefix',
  'suffix',
  'hint',
  'expiry',
  'expires',
  'expiration',
  'at',
  'url',
  'uri',
  'path',
  'label',
  'status',
  'version',
  'scope',
  'scopes',
  'owner',
  'fingerprint',
  'last4',
  'provider',
  'valid',
  'present',
  'set',
  'exists',
  'enabled',
]);
/** Words that make a token a position in a result list: nextPageToken, pageToken, NextToken, continuationToken, cursor. */
const PAGINATION_WORD = new Set(['page', 'next', 'continuation', 'cursor', 'pagination', 'sync']);
const BOOLEAN_PREFIX = new Set(['has', 'is', 'should', 'can', 'needs', 'show', 'validate', 'check', 'require', 'requires', 'with', 'no', 'missing', 'invalid', 'max', 'min']);
/** Redaction helpers: the call already hides the value. */
const REDACTED = /mask|redact|sanitiz|censor|obfuscat|scrub|\*{3}|filtered/i;

/** Serialisers that still log the whole object. */
const WHOLE = String.raw`(?:\.(?:inspect|to_h|to_json|to_s|to_unsafe_h|toString\(\)|dict\(\)))?`;
const WHOLE_REQUEST: { pattern: RegExp; label: (m: RegExpExecArray) => string }[] = [
  {
    pattern: new RegExp(String.raw`\b((?:req|request|ctx\.request|ctx|c\.req|event))\.(body|headers|cookies|rawHeaders)\b${WHOLE}(?!\s*(?:\.|\[|\?\.))`),
    label: (m) => `${m[1]}.${m[2]}`,
  },
  {
    pattern: new RegExp(String.raw`\brequest\.(form|json|data|headers|cookies|META|POST|GET|values|get_json\(\)|raw_post|env)${WHOLE}(?![\w.[(])`),
    label: (m) => `request.${m[1]}`,
  },
  { pattern: /\bparams(?:\.(?:inspect|to_unsafe_h|to_h|permit!))?(?![\w[.(]|\s*\[)/, label: () => 'params' },
  // Go net/http: r.Header, r.Body, r.Form as a whole
  { pattern: /\b(r|req)\.(Header|Body|Form|PostForm)\b(?!\s*(?:\.|\[))/, label: (m) => `${m[1]}.${m[2]}` },
  // the object itself, or through a serialiser; an argument of any other call is that call's result (a picked field set)
  {
    pattern: /(?:^|[,{]\s*|(?<![\w$.])\(\s*|\b(?:JSON\.stringify|inspect|String|str|repr|vars|dumps?|pformat|format|to_json)\(\s*)(req|request)\s*(?=[,)}]|$)/,
    label: (m) => `the whole ${m[1]} object`,
  },
];

/** Replace string literals by a placeholder, keeping what they interpolate (${x}, #{x}, f"{x}"). */
export function stripStringLiterals(code: string): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const ch = code[i] as string;
    if (ch !== '"' && ch !== "'" && ch !== '`') {
      out += ch;
      continue;
    }
    const fString = /[fF]$/.test(out) && !/\w[fF]$/.test(out);
    let j = i + 1;
    const kept: string[] = [];
    while (j < code.length && code[j] !== ch) {
      if (code[j] === '\\') {
        j += 2;
        continue;
      }
      const interp = code.startsWith('${', j) || code.startsWith('#{', j) ? 2 : fString && code[j] === '{' && code[j + 1] !== '{' ? 1 : 0;
      if (interp > 0) {
        let depth = 1;
        let k = j + interp;
        while (k < code.length && depth > 0) {
          if (code[k] === '{') depth++;
          else if (code[k] === '}') depth--;
          k++;
        }
        kept.push(code.slice(j + interp, k - 1));
        j = k;
        continue;
      }
      j++;
    }
    out += ` S ${kept.join(' , ')} `;
    i = j;
  }
  return out;
}

function words(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Sensitive identifiers among the call's arguments (not inside plain string text). */
export function sensitiveIdentifiers(args: string): string[] {
  // obj['password'] and { "password": x } name the field as much as obj.password does
  const code = stripStringLiterals(args.replace(/\[\s*(['"])([\w-]+)\1\s*\]/g, '.$2').replace(/(['"])([A-Za-z_][\w-]*)\1(\s*:)/g, '$2$3'));
  const found = new Set<string>();
  // A member chain is judged by its last member: apiToken.id is an id, req.headers.authorization is a header.
  for (const m of code.matchAll(/[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*){0,8}/g)) {
    const chain = m[0].replace(/\s+/g, '');
    const id = chain.slice(chain.lastIndexOf('.') + 1);
    const w = words(id);
    const last = w.at(-1) ?? '';
    if (NOT_SECRET_LAST_WORD.has(last)) continue;
    if (w.length > 1 && BOOLEAN_PREFIX.has(w[0] ?? '')) continue;
    if (last === 'token' && w.some((x) => PAGINATION_WORD.has(x))) continue;
    if (SENSITIVE_LAST_WORD.has(last) || SENSITIVE_PAIRS.some(([a, b]) => w.includes(a) && w.includes(b))) found.add(id);
  }
  return [...found];
}

/** The argument text of a call starting at `open` (just after "(" or the space of a paren-less Ruby call), bounded. */
function callArguments(text: string, open: number, paren: boolean): string {
  if (!paren) {
    const end = text.indexOf('\n', open);
    return text.slice(open, end === -1 ? undefined : end).slice(0, 600);
  }
  let depth = 1;
  let i = open;
  const limit = Math.min(text.length, open + 1500);
  let quote: string | null = null;
  for (; i < limit && depth > 0; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return text.slice(open, depth === 0 ? i - 1 : i);
}

export interface SensitiveLogCall {
  line: number;
  /** The call as written (bounded; long string literals masked). */
  call: string;
  /** What it passes: identifiers like password/req.headers.authorization, or whole request objects. */
  passes: string[];
}

function maskLiterals(text: string): string {
  // only token-like literals (letters and digits mixed): a hardcoded key must not reach the report in full
  return text.replace(/(['"`])([^'"`\s]{12,})\1/g, (m, q: string, v: string) => (/\d/.test(v) && /[a-z]/i.test(v) ? `${q}${maskSecret(v)}${q}` : m));
}

/**
 * A condition that holds only outside production: NODE_ENV is development or test (or not production), a dev flag,
 * Rails.env.development?, Django's DEBUG.
 */
const DEV_CONDITION =
  /NODE_ENV\s*(?:===?|==)\s*['"](?:development|dev|test|local)['"]|['"](?:development|dev|test|local)['"]\s*===?\s*(?:process\.env\.)?NODE_ENV|NODE_ENV\s*!==?\s*['"]production['"]|(?<![!\w.])(?:isDev|isDevelopment|IS_DEV|__DEV__|import\.meta\.env\.DEV)\b|Rails\.env\.(?:development|test|local)\?|(?<!not\s)\bsettings\.DEBUG\b/;

/**
 * The call runs only in development: inside an `if` whose condition is a DEV_CONDITION, as the statement on the same
 * line, as the innermost open brace block (JS, TS, Go, Ruby blocks), or as the innermost less-indented `if` (Python).
 */
function developmentOnly(text: string, lineStart: number, prefix: string): boolean {
  if (/\bif\b/.test(prefix) && DEV_CONDITION.test(prefix)) return true;
  const before = text.slice(Math.max(0, lineStart - 2000), lineStart);
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const c = before[i];
    if (c === '}') depth++;
    else if (c === '{' && depth-- === 0) {
      // the innermost open block: judge the line that opens it (with the line above when the condition was split)
      const lineOpen = before.lastIndexOf('\n', i - 1) + 1;
      let opener = before.slice(lineOpen, i);
      if (/\belse\b/.test(opener)) return false;
      // a condition split over lines: walk up (at most 3 lines) to the line that starts the statement
      for (let up = 0, from = lineOpen; up < 3 && !/\bif\b|\bfunction\b|=>|\bdo\b|;/.test(opener) && from > 0; up++) {
        from = before.lastIndexOf('\n', from - 2) + 1;
        opener = before.slice(from, i);
      }
      return /\bif\b/.test(opener) && DEV_CONDITION.test(opener);
    }
  }
  // Python: the nearest less-indented line above is the block's header
  const indent = /^[ \t]*/.exec(prefix)?.[0].length ?? 0;
  if (indent === 0) return false;
  const lines = before.split('\n');
  for (let k = lines.length - 1; k >= 0; k--) {
    const line = lines[k] as string;
    if (line.trim() === '') continue;
    const own = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    if (own < indent) return /^\s*(?:el)?if\b.*:\s*(?:#.*)?$/.test(line) && DEV_CONDITION.test(line);
  }
  return false;
}

export function findSensitiveLogCalls(text: string, maxResults = 50): SensitiveLogCall[] {
  const out: SensitiveLogCall[] = [];
  LOGGER_CALL.lastIndex = 0;
  let lineNo = 1;
  let lineScanned = 0;
  for (const m of text.matchAll(LOGGER_CALL)) {
    if (out.length >= maxResults) break;
    const start = m.index ?? 0;
    for (let i = lineScanned; i < start; i++) if (text.charCodeAt(i) === 10) lineNo++;
    lineScanned = start;
    const lineStart = text.lastIndexOf('\n', start) + 1;
    const prefix = text.slice(lineStart, start);
    if (/^\s*(?:\/\/|#|\*)/.test(prefix) || insideStringOnLine(prefix)) continue;
    const paren = m[1] === '(';
    const args = callArguments(text, start + m[0].length, paren);
    if (REDACTED.test(args)) continue;
    if (developmentOnly(text, lineStart, prefix)) continue;
    const passes = sensitiveIdentifiers(args);
    const code = stripStringLiterals(args);
    for (const w of WHOLE_REQUEST) {
      const hit = w.pattern.exec(code);
      if (hit) passes.push(w.label(hit));
    }
    if (passes.length === 0) continue;
    const call = `${text.slice(start, start + m[0].length)}${args}${paren ? ')' : ''}`.replace(/\s+/g, ' ').slice(0, 200);
    out.push({ line: lineNo, call: maskLiterals(call), passes: [...new Set(passes)].slice(0, 10) });
  }
  return out;
}

// ---------- log files: secrets in lines ----------

export type LogSecretKind = 'credential' | 'bearer-token' | 'jwt' | 'card-number' | 'email';

/** Luhn checksum (ISO/IEC 7812) over a digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card-shaped: 13-19 digits, a real issuer prefix (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay) and Luhn-valid. */
export function isCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
  if (!/^(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5|4[4-9]|22)|35|3(?:0[0-5]|[68])|62)/.test(digits)) return false;
  return luhnValid(digits);
}

const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g;
const BEARER = /\bBearer\s+([A-Za-z0-9\-._~+/]{16,}=*)/gi;
const CREDENTIAL_ASSIGN =
  /\b(?:password|passwd|pwd|secret|api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|auth[_-]?token|client[_-]?secret|private[_-]?key|session[_-]?id|token)["']?\s*[:=]\s*["']?([^\s"'&,;}]{6,})/gi;
const KNOWN_KEYS =
  /\b(?:AKIA[0-9A-Z]{16}|sk_live_[0-9A-Za-z]{20,}|rk_live_[0-9A-Za-z]{20,}|gh[pousr]_[A-Za-z0-9]{36,}|xox[baprs]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35})\b/g;
const URL_CREDENTIAL = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/]{1,100}:([^\s@/]{3,200})@/gi;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/g;
const CARD = /(?<![\d.])(?:\d[ -]?){12,18}\d(?![\d.])/g;
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}/g;
const PLACEHOLDER = /^(?:\*+|x+|null|undefined|none|true|false|redacted|\[redacted\]|<redacted>|filtered|hidden|masked|\[filtered\]|changeme)$/i;

export interface LogSample {
  kind: LogSecretKind;
  line: number;
  /** Masked value (first 4 characters and the length). */
  masked: string;
}

/** Streams of lines go through one scanner per file: counts per kind, a few masked samples, distinct emails (bounded). */
export class LogSecretScanner {
  readonly counts: Record<LogSecretKind, number> = { credential: 0, 'bearer-token': 0, jwt: 0, 'card-number': 0, email: 0 };
  readonly samples: LogSample[] = [];
  private readonly emails = new Set<string>();
  private emailsCapped = false;
  static readonly MAX_DISTINCT_EMAILS = 100_000;
  static readonly SAMPLES_PER_KIND = 3;

  get distinctEmails(): number {
    return this.emails.size;
  }

  get distinctEmailsCapped(): boolean {
    return this.emailsCapped;
  }

  private hit(kind: LogSecretKind, line: number, value: string): void {
    this.counts[kind]++;
    if (this.samples.filter((s) => s.kind === kind).length < LogSecretScanner.SAMPLES_PER_KIND) this.samples.push({ kind, line, masked: maskSecret(value) });
  }

  scanLine(text: string, line: number): void {
    const seen = new Set<string>();
    if (text.includes('eyJ'))
      for (const m of text.matchAll(JWT)) {
        seen.add(m[0]);
        this.hit('jwt', line, m[0]);
      }
    if (/earer/i.test(text))
      for (const m of text.matchAll(BEARER)) {
        const token = m[1] ?? '';
        if (seen.has(token) || [...seen].some((s) => token.startsWith(s))) continue;
        seen.add(token);
        this.hit('bearer-token', line, token);
      }
    if (/[=:]/.test(text)) {
      for (const m of text.matchAll(CREDENTIAL_ASSIGN)) {
        const value = m[1] ?? '';
        if (PLACEHOLDER.test(value) || seen.has(value) || /^(?:Bearer|Basic)$/i.test(value) || value.startsWith('eyJ')) continue;
        seen.add(value);
        this.hit('credential', line, value);
      }
      if (text.includes('://'))
        for (const m of text.matchAll(URL_CREDENTIAL)) {
          const value = m[1] ?? '';
          if (PLACEHOLDER.test(value) || seen.has(value)) continue;
          seen.add(value);
          this.hit('credential', line, value);
        }
    }
    for (const m of text.matchAll(KNOWN_KEYS)) if (!seen.has(m[0])) this.hit('credential', line, m[0]);
    if (text.includes('PRIVATE KEY')) for (const m of text.matchAll(PRIVATE_KEY)) this.hit('credential', line, m[0]);
    if (/\d{4}/.test(text))
      for (const m of text.matchAll(CARD)) {
        const digits = m[0].replace(/[ -]/g, '');
        if (isCardNumber(digits)) this.hit('card-number', line, digits);
      }
    if (text.includes('@'))
      for (const m of text.matchAll(EMAIL)) {
        this.counts.email++;
        const e = m[0].toLowerCase();
        if (this.emails.size < LogSecretScanner.MAX_DISTINCT_EMAILS) {
          if (!this.emails.has(e)) {
            this.emails.add(e);
            if (this.samples.filter((s) => s.kind === 'email').length < LogSecretScanner.SAMPLES_PER_KIND) this.samples.push({ kind: 'email', line, masked: maskSecret(e) });
          }
        } else this.emailsCapped = true;
      }
  }
}

/** Mask credential-looking substrings (bearer tokens, JWTs, key=value secrets, known key formats, URL passwords) in a line kept as evidence. */
export function maskSecretsInText(text: string): string {
  if (text.length > 10_000) return text.slice(0, 10_000);
  return text
    .replace(JWT, (m) => maskSecret(m))
    .replace(BEARER, (m, token: string) => m.replace(token, maskSecret(token)))
    .replace(CREDENTIAL_ASSIGN, (m, value: string) =>
      PLACEHOLDER.test(value) || value.includes('…(') || /^\$\{?\w+\}?$|^\$\{\{.*$/.test(value) ? m : m.replace(value, maskSecret(value)),
    )
    .replace(KNOWN_KEYS, (m) => maskSecret(m))
    .replace(URL_CREDENTIAL, (m, value: string) => (PLACEHOLDER.test(value) || /^\$\{?\w+\}?$/.test(value) ? m : m.replace(`:${value}@`, `:${maskSecret(value)}@`)));
}

/** Deep copy of JSON facts with maskSecretsInText applied to every string. */
export function maskSecretsDeep<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v) => (typeof v === 'string' ? maskSecretsInText(v) : v)) as T;
}
