// The monitor condition language of the contract ("status == 200", "body.status == ok", "cert_expires_in > 14d"):
// parsed once at config time so a bad condition is a config error, evaluated per probe result.
import { parseDurationMs } from './duration.js';

export type MonitorType = 'http' | 'tls' | 'dns' | 'tcp' | 'heartbeat';
export type ConditionOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains';
export type ConditionSubject =
  | { kind: 'status' }
  | { kind: 'response_time' }
  | { kind: 'body' }
  | { kind: 'body-path'; path: (string | number)[] }
  | { kind: 'header'; name: string }
  | { kind: 'cert_expires_in' }
  | { kind: 'answer' }
  | { kind: 'rcode' }
  | { kind: 'connected' };

export interface Condition {
  /** The text as written in the config, for messages. */
  source: string;
  subject: ConditionSubject;
  operator: ConditionOperator;
  /** The right-hand side, unquoted. */
  value: string;
  /** The right-hand side as a number (ms for response_time and cert_expires_in) when the subject compares numbers. */
  numeric: number | null;
}

/** What a probe saw; fields a probe type does not produce stay undefined. */
export interface ProbeObservation {
  status?: number;
  responseTimeMs?: number;
  body?: string;
  headers?: Record<string, string | string[] | undefined>;
  /** Leaf certificate notAfter, ms since the epoch. */
  certExpiresAt?: number;
  answers?: string[];
  rcode?: string;
  connected?: boolean;
  /** Transport error (timeout, refused, TLS failure); any error fails the check. */
  error?: string;
}

export interface ConditionOutcome {
  passed: boolean;
  /** One line per failed condition, e.g. `status == 200: got 503`. */
  failures: string[];
}

export class ConditionError extends Error {}

const OPERATOR = /^(.+?)\s*(==|!=|<=|>=|<|>|\s+contains\s+)\s*(.*)$/s;
const NUMERIC_OPS: readonly ConditionOperator[] = ['==', '!=', '<', '<=', '>', '>='];
const EQUALITY_OPS: readonly ConditionOperator[] = ['==', '!=', 'contains'];
const ALL_OPS: readonly ConditionOperator[] = [...NUMERIC_OPS, 'contains'];
const MAX_CONDITION_CHARS = 500;
const MAX_JSON_BODY_CHARS = 1_000_000;

/** Subjects each monitor type can produce. */
const SUBJECTS_BY_TYPE: Record<MonitorType, readonly ConditionSubject['kind'][]> = {
  http: ['status', 'response_time', 'body', 'body-path', 'header', 'cert_expires_in'],
  tls: ['cert_expires_in', 'connected', 'response_time'],
  dns: ['answer', 'rcode', 'response_time'],
  tcp: ['connected', 'response_time'],
  heartbeat: [],
};

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0]) return t.slice(1, -1);
  return t;
}

/** "a.b[0].c" into ['a', 'b', 0, 'c']. */
function parseJsonPath(text: string): (string | number)[] | null {
  const path: (string | number)[] = [];
  const re = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\.(?=[A-Za-z_$])/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while (consumed < text.length && (m = re.exec(text)) !== null) {
    if (m[1] !== undefined) path.push(m[1]);
    else if (m[2] !== undefined) path.push(Number(m[2]));
    consumed = re.lastIndex;
  }
  return consumed === text.length && path.length > 0 ? path : null;
}

function parseSubject(text: string): ConditionSubject | null {
  if (text === 'status' || text === 'response_time' || text === 'body' || text === 'cert_expires_in' || text === 'answer' || text === 'rcode' || text === 'connected')
    return { kind: text };
  if (text.startsWith('header.')) {
    const name = text.slice('header.'.length);
    return /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name) ? { kind: 'header', name: name.toLowerCase() } : null;
  }
  if (text.startsWith('body.') || text.startsWith('body[')) {
    const path = parseJsonPath(text.slice(text.startsWith('body.') ? 5 : 4));
    return path ? { kind: 'body-path', path } : null;
  }
  return null;
}

/** Parse one condition for a monitor of `type`; throws ConditionError saying what is wrong. */
export function parseCondition(source: string, type: MonitorType): Condition {
  if (source.length > MAX_CONDITION_CHARS) throw new ConditionError(`longer than ${MAX_CONDITION_CHARS} characters`);
  const m = OPERATOR.exec(source.trim());
  if (!m) throw new ConditionError('expected "<subject> <operator> <value>" with an operator among == != < <= > >= contains');
  const subjectText = m[1]!.trim();
  const operator = m[2]!.trim() as ConditionOperator;
  const value = unquote(m[3]!);
  const subject = parseSubject(subjectText);
  if (!subject)
    throw new ConditionError(`unknown subject "${subjectText}" (status, response_time, body, body.<json path>, header.<name>, cert_expires_in, answer, rcode, connected)`);
  if (!SUBJECTS_BY_TYPE[type].includes(subject.kind)) throw new ConditionError(`"${subjectText}" does not apply to a ${type} monitor`);
  if (value === '') throw new ConditionError('missing value after the operator');
  const allowed: Record<ConditionSubject['kind'], readonly ConditionOperator[]> = {
    status: NUMERIC_OPS,
    response_time: NUMERIC_OPS,
    cert_expires_in: NUMERIC_OPS,
    body: ['==', '!=', 'contains'],
    'body-path': ALL_OPS,
    header: EQUALITY_OPS,
    answer: EQUALITY_OPS,
    rcode: ['==', '!='],
    connected: ['==', '!='],
  };
  if (!allowed[subject.kind].includes(operator)) throw new ConditionError(`operator "${operator}" does not apply to ${subjectText} (use ${allowed[subject.kind].join(' ')})`);
  let numeric: number | null = null;
  if (subject.kind === 'status') {
    if (!/^\d{3}$/.test(value)) throw new ConditionError(`status needs a 3-digit HTTP status, got "${value}"`);
    numeric = Number(value);
  } else if (subject.kind === 'response_time') {
    numeric = /^\d+(\.\d+)?$/.test(value) ? Number(value) : parseDurationMs(value, ['ms', 's']);
    if (numeric === null) throw new ConditionError(`response_time needs milliseconds (300, 300ms or 1s), got "${value}"`);
  } else if (subject.kind === 'cert_expires_in') {
    numeric = parseDurationMs(value, ['d', 'h']);
    if (numeric === null) throw new ConditionError(`cert_expires_in needs a duration in days or hours (14d, 36h), got "${value}"`);
  } else if (subject.kind === 'connected') {
    if (value !== 'true' && value !== 'false') throw new ConditionError(`connected compares with true or false, got "${value}"`);
  } else if (subject.kind === 'body-path' && operator !== '==' && operator !== '!=' && operator !== 'contains') {
    numeric = Number(value);
    if (value.trim() === '' || !Number.isFinite(numeric)) throw new ConditionError(`"${operator}" on a JSON path needs a number, got "${value}"`);
  }
  return { source: source.trim(), subject, operator, value, numeric };
}

function compareNumbers(actual: number, op: ConditionOperator, expected: number): boolean {
  switch (op) {
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    default:
      return false;
  }
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const MISSING = Symbol('missing');

function walkJson(root: unknown, path: (string | number)[]): unknown {
  let at: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(at) || key >= at.length) return MISSING;
      at = at[key];
    } else {
      if (at === null || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, key)) return MISSING;
      at = (at as Record<string, unknown>)[key];
    }
  }
  return at;
}

/** Text form of a JSON value for == comparisons: strings as-is, everything else as JSON. */
function jsonScalarText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

class Evaluation {
  private parsedBody: unknown = MISSING;
  private parsedTried = false;

  constructor(
    private readonly observation: ProbeObservation,
    private readonly now: number,
  ) {}

  private json(): unknown {
    if (!this.parsedTried) {
      this.parsedTried = true;
      const body = this.observation.body;
      if (body !== undefined && body.length <= MAX_JSON_BODY_CHARS) {
        try {
          this.parsedBody = JSON.parse(body);
        } catch {
          this.parsedBody = MISSING;
        }
      }
    }
    return this.parsedBody;
  }

  /** null when the condition holds, else why not. */
  check(c: Condition): string | null {
    const o = this.observation;
    const op = c.operator;
    switch (c.subject.kind) {
      case 'status':
      case 'response_time': {
        const actual = c.subject.kind === 'status' ? o.status : o.responseTimeMs;
        if (actual === undefined) return 'no value (the probe failed before it)';
        return compareNumbers(actual, op, c.numeric!) ? null : `got ${c.subject.kind === 'response_time' ? `${Math.round(actual)} ms` : actual}`;
      }
      case 'cert_expires_in': {
        if (o.certExpiresAt === undefined) return 'no certificate seen';
        const left = o.certExpiresAt - this.now;
        return compareNumbers(left, op, c.numeric!) ? null : `certificate expires in ${(left / 86_400_000).toFixed(1)} days`;
      }
      case 'body': {
        if (o.body === undefined) return 'no body';
        const holds = op === 'contains' ? o.body.includes(c.value) : (o.body === c.value) === (op === '==');
        return holds ? null : op === 'contains' ? 'text not found in the body' : `body was ${describe(o.body)}`;
      }
      case 'body-path': {
        const root = this.json();
        if (root === MISSING) return o.body === undefined ? 'no body' : 'body is not JSON';
        const actual = walkJson(root, c.subject.path);
        if (actual === MISSING) return 'path not found in the body';
        if (op === 'contains') {
          const holds = Array.isArray(actual) ? actual.some((item) => jsonScalarText(item) === c.value) : typeof actual === 'string' && actual.includes(c.value);
          return holds ? null : `got ${describe(actual)}`;
        }
        if (op === '==' || op === '!=') return (jsonScalarText(actual) === c.value) === (op === '==') ? null : `got ${describe(actual)}`;
        if (typeof actual !== 'number') return `got ${describe(actual)}, not a number`;
        return compareNumbers(actual, op, c.numeric!) ? null : `got ${actual}`;
      }
      case 'header': {
        const raw = o.headers ? Object.entries(o.headers).find(([k]) => k.toLowerCase() === (c.subject as { name: string }).name)?.[1] : undefined;
        const actual = Array.isArray(raw) ? raw.join(', ') : raw;
        if (actual === undefined) return op === '!=' ? null : 'header absent';
        const holds = op === 'contains' ? actual.includes(c.value) : (actual === c.value) === (op === '==');
        return holds ? null : `got ${describe(actual)}`;
      }
      case 'answer': {
        const answers = o.answers ?? [];
        // contains: one record equals the value (203.0.113.7 must not match 203.0.113.70); ==: the answer is exactly that set
        if (op === 'contains') return answers.includes(c.value) ? null : `answer was ${describe(answers.join(', ') || '(empty)')}`;
        const wanted = c.value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .sort();
        const same = [...answers].sort().join('\n') === wanted.join('\n');
        return same === (op === '==') ? null : `answer was ${describe(answers.join(', ') || '(empty)')}`;
      }
      case 'rcode': {
        if (o.rcode === undefined) return 'no DNS response';
        return (o.rcode.toUpperCase() === c.value.toUpperCase()) === (op === '==') ? null : `got ${o.rcode}`;
      }
      case 'connected': {
        const actual = o.connected === true;
        return (String(actual) === c.value) === (op === '==') ? null : `connected was ${actual}`;
      }
    }
  }
}

/** Every condition against one observation; a transport error fails the check whatever the conditions say. */
export function evaluateConditions(conditions: readonly Condition[], observation: ProbeObservation, now: number): ConditionOutcome {
  const failures: string[] = [];
  // a failed connection is reported as such, except where the condition itself asks for it (connected == false)
  const expectsDisconnect = conditions.some((c) => c.subject.kind === 'connected' && (c.operator === '==') === (c.value === 'false'));
  if (observation.error && !expectsDisconnect) failures.push(observation.error);
  const evaluation = new Evaluation(observation, now);
  for (const c of conditions) {
    const why = evaluation.check(c);
    if (why !== null) failures.push(`${c.source}: ${why}`);
  }
  return { passed: failures.length === 0, failures };
}

/** The expiry warning threshold a monitor's conditions imply (largest cert_expires_in bound), or null when none names it. */
export function certWarningFromConditions(conditions: readonly Condition[]): number | null {
  const bounds = conditions.filter((c) => c.subject.kind === 'cert_expires_in' && c.numeric !== null).map((c) => c.numeric!);
  return bounds.length > 0 ? Math.max(...bounds) : null;
}
