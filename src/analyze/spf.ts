// SPF (RFC 7208): mailauth evaluates a verdict; our own walker maps the whole include tree for counting and flattening.
import { isIPv4, isIPv6 } from 'node:net';
import type { DnsAnswer, DnsClient } from '../facts/dns-wire.js';

/** The resolver shape mailauth expects (node:dns/promises resolve semantics: errors carry ENOTFOUND/ENODATA/ETIMEOUT). */
export type SpfResolver = (name: string, type: string) => Promise<unknown[]>;

const RCODE_TO_ERRNO: Record<string, string> = {
  NXDOMAIN: 'ENOTFOUND',
  TIMEOUT: 'ETIMEOUT',
  SERVFAIL: 'ESERVFAIL',
  REFUSED: 'EREFUSED',
  FORMERR: 'EFORMERR',
  NOTIMP: 'ENOTIMP',
};

function dnsError(code: string, name: string): Error {
  return Object.assign(new Error(`${code} ${name}`), { code });
}

/** Answers of one type, in node:dns shape; throws like node:dns for NXDOMAIN, NODATA and failures. */
export function answerToNode(answer: DnsAnswer, type: string): unknown[] {
  if (answer.rcode !== 'NOERROR') throw dnsError(RCODE_TO_ERRNO[answer.rcode] ?? 'ESERVFAIL', answer.name);
  const records = answer.answers.filter((r) => r.type === type);
  if (records.length === 0) throw dnsError('ENODATA', answer.name);
  switch (type) {
    case 'TXT':
      return records.map((r) => r.chunks ?? [r.data]);
    case 'MX':
      return records.map((r) => parseMx(r.data));
    case 'PTR':
    case 'CNAME':
    case 'NS':
      return records.map((r) => r.data.replace(/\.$/, ''));
    default:
      return records.map((r) => r.data);
  }
}

export function parseMx(data: string): { priority: number; exchange: string } {
  const [priority, exchange] = data.trim().split(/\s+/);
  return { priority: Number(priority ?? 0), exchange: (exchange ?? '').replace(/\.$/, '').toLowerCase() };
}

/** Adapter so mailauth sends every SPF query through the run's DNS client (--dns-server, per-run cache). */
export function spfResolverFor(dns: DnsClient): SpfResolver {
  return async (name, type) => answerToNode(await dns.query(name, type), type);
}

export type SpfVerdict = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfEvaluation {
  result: SpfVerdict;
  comment: string | null;
  lookups: number | null;
  voidLookups: number | null;
}

/** check_host() for one client: the evaluation the product uses (and the RFC 7208 suite tests). */
export async function evaluateSpf(opts: { ip: string; sender: string; helo: string; resolver: SpfResolver }): Promise<SpfEvaluation> {
  // mailauth parses lazily; RFC 7208 4.6 makes a syntax error anywhere in an evaluated record a permerror, so check each record it fetches
  const syntaxErrors: string[] = [];
  const resolver: SpfResolver = async (name, type) => {
    const answer = await opts.resolver(name, type);
    if (type === 'TXT') {
      const spf = (answer as string[][]).map((chunks) => chunks.join('')).filter(isSpfRecord);
      if (spf.length === 1) syntaxErrors.push(...parseSpf(spf[0] ?? '').errors);
    }
    return answer;
  };
  // mailauth costs ~0.6 s to import: loaded the first time an SPF record is evaluated
  const { spf: mailauthSpf } = await import('mailauth/lib/spf/index.js');
  const out = await mailauthSpf({ ip: opts.ip, sender: opts.sender, helo: opts.helo, mta: 'launchready', resolver: resolver as never });
  const lookups = (out as { lookups?: { count?: number; void?: number } }).lookups;
  const verdict = out.status.result as SpfVerdict;
  const syntaxOverride = syntaxErrors.length > 0 && verdict !== 'temperror' && verdict !== 'none';
  return {
    result: syntaxOverride ? 'permerror' : verdict,
    comment: syntaxOverride ? `syntax error: ${syntaxErrors[0]}` : (out.status.comment ?? null),
    lookups: lookups?.count ?? null,
    voidLookups: lookups?.void ?? null,
  };
}

// ---------- the structural walker ----------

export interface SpfTerm {
  qualifier: '+' | '-' | '~' | '?';
  /** mechanism name (all, include, a, mx, ptr, ip4, ip6, exists) or modifier name (redirect, exp, ...). */
  name: string;
  kind: 'mechanism' | 'modifier';
  value: string;
  text: string;
}

export interface ParsedSpf {
  terms: SpfTerm[];
  errors: string[];
}

const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const DNS_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);
const MAX_RECORD_CHARS = 4096;

export function isSpfRecord(text: string): boolean {
  return /^v=spf1(\s|$)/i.test(text);
}

function validCidr(text: string, max: number): boolean {
  return /^\d{1,3}$/.test(text) && !/^0\d/.test(text) && Number(text) <= max;
}

function splitDualCidr(value: string): { spec: string; ok: boolean } {
  const m = /^(.*?)(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(value);
  if (!m) return { spec: value, ok: false };
  const ok = (m[2] === undefined || validCidr(m[2], 32)) && (m[3] === undefined || validCidr(m[3], 128));
  return { spec: m[1] ?? '', ok };
}

/** RFC 7208 section 7.1 macro-string: % must start %{...}, %%, %_ or %-; c, r and t only in exp text. */
function validMacros(spec: string, expText = false): boolean {
  const letters = expText ? 'slodiphvcrt' : 'slodiphv';
  const re = new RegExp(`%(?:\\{[${letters}]\\d*r?[.\\-+,/_=]*\\}|%|_|-)`, 'gi');
  return !spec.replace(re, '').includes('%');
}

function validDomainSpec(spec: string): boolean {
  if (spec.length === 0 || spec.length > 253) return false;
  if (spec.includes('%')) return /^[\x21-\x7e]+$/.test(spec) && validMacros(spec);
  return /^([\x21-\x2d\x2f-\x7e]{1,63}\.)+[a-z][a-z0-9-]*\.?$/i.test(spec);
}

/** Parse one v=spf1 record into terms; every grammar problem (RFC 7208 section 4.6.1, 12) is listed. */
export function parseSpf(record: string): ParsedSpf {
  const errors: string[] = [];
  const terms: SpfTerm[] = [];
  if (record.length > MAX_RECORD_CHARS) errors.push(`record longer than ${MAX_RECORD_CHARS} characters`);
  if (/[^\x20-\x7e]/.test(record)) errors.push('record contains characters outside printable US-ASCII');
  const parts = record.slice(0, MAX_RECORD_CHARS).trim().split(/ +/).slice(1);
  let redirects = 0;
  let explanations = 0;
  for (const text of parts.slice(0, 200)) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(text);
    if (modifier) {
      const name = (modifier[1] ?? '').toLowerCase();
      const value = modifier[2] ?? '';
      if (name === 'redirect') {
        redirects++;
        if (!validDomainSpec(value)) errors.push(`invalid redirect target "${text}"`);
      }
      if (name === 'exp') {
        explanations++;
        if (!validDomainSpec(value)) errors.push(`invalid exp target "${text}"`);
      } else if (!validMacros(value, false) && name !== 'redirect') errors.push(`invalid macro in "${text}"`);
      terms.push({ qualifier: '+', name, kind: 'modifier', value, text });
      continue;
    }
    const m = /^([+\-~?]?)([a-z0-9]+)(?:([:/])(.*))?$/i.exec(text);
    const name = (m?.[2] ?? '').toLowerCase();
    if (!m || !MECHANISMS.has(name)) {
      errors.push(`unknown term "${text}"`);
      continue;
    }
    const qualifier = (m[1] || '+') as SpfTerm['qualifier'];
    const value = m[3] === '/' ? `/${m[4] ?? ''}` : (m[4] ?? '');
    const hasValue = m[3] !== undefined;
    const problem = (() => {
      switch (name) {
        case 'all':
          return hasValue ? 'all takes no value' : null;
        case 'include':
        case 'exists':
          return validDomainSpec(value) ? null : `${name} needs a domain`;
        case 'a':
        case 'mx': {
          const { spec, ok } = splitDualCidr(value);
          if (!ok) return 'invalid CIDR length';
          if (hasValue && m[3] === ':' && !validDomainSpec(spec)) return 'invalid domain';
          return null;
        }
        case 'ptr':
          return hasValue && (m[3] !== ':' || !validDomainSpec(value)) ? 'invalid domain' : null;
        case 'ip4': {
          const [addr, cidr, extra] = value.split('/');
          return m[3] === ':' && isIPv4(addr ?? '') && (cidr === undefined || validCidr(cidr, 32)) && extra === undefined ? null : 'invalid IPv4 network';
        }
        case 'ip6': {
          const slash = value.lastIndexOf('/');
          const addr = slash >= 0 ? value.slice(0, slash) : value;
          const cidr = slash >= 0 ? value.slice(slash + 1) : undefined;
          return m[3] === ':' && isIPv6(addr) && (cidr === undefined || validCidr(cidr, 128)) ? null : 'invalid IPv6 network';
        }
        default:
          return null;
      }
    })();
    if (problem) errors.push(`${problem}: "${text}"`);
    terms.push({ qualifier, name, kind: 'mechanism', value, text });
  }
  if (parts.length > 200) errors.push('more than 200 terms');
  if (redirects > 1) errors.push('more than one redirect= modifier');
  if (explanations > 1) errors.push('more than one exp= modifier');
  return { terms, errors };
}

/** The name a DNS-querying term asks about (null for macros, ptr, exists and terms that query nothing). */
function termTarget(term: SpfTerm, domain: string): string | null {
  if (term.value.includes('%')) return null;
  if (term.name === 'include' || term.name === 'redirect') return validDomainSpec(term.value) ? term.value.replace(/\.$/, '').toLowerCase() : null;
  if (term.name === 'a' || term.name === 'mx') return (term.value.startsWith(':') ? term.value.slice(1) : term.value).replace(/\/.*$/, '') || domain;
  return null;
}

export interface SpfRecordSeen {
  /** Domain the record was fetched from. */
  domain: string;
  /** How we got there: "include", "redirect" or "top". */
  via: 'top' | 'include' | 'redirect';
  depth: number;
  record: string | null;
}

export interface SpfProblem {
  domain: string;
  record: string | null;
  message: string;
}

export interface SpfAnalysis {
  domain: string;
  /** Every v=spf1 TXT record at the domain itself. */
  records: string[];
  /** The record evaluated (first of `records`), or null. */
  record: string | null;
  /** rcode of the TXT query at the domain itself (a timeout is not a missing record). */
  txtRcode: string;
  /** Qualifier of the effective all (through redirect), or null when there is none. */
  all: SpfTerm['qualifier'] | null;
  redirect: string | null;
  /** DNS-querying terms (include, a, mx, ptr, exists, redirect), counted through includes and redirects. */
  lookups: number;
  /** Lookups that got NXDOMAIN or an empty answer. */
  voidLookups: number;
  voidNames: string[];
  /** Term texts that cost a lookup, in evaluation order, with the domain they live in. */
  lookupTerms: { domain: string; term: string }[];
  tree: SpfRecordSeen[];
  syntaxErrors: SpfProblem[];
  /** Temporary DNS failures met during the walk. */
  dnsErrors: SpfProblem[];
  cycle: string[] | null;
  /** ip4/ip6 terms equivalent to the whole tree, for a flattened record (null when ptr/exists/macros prevent it). */
  flattenedTerms: string[] | null;
  /** What mailauth said for a probe client that matches nothing (worst case: every term evaluated). */
  verdict: SpfEvaluation | null;
}

const MAX_DEPTH = 10;
/** Past this many lookups the walk only counts terms in records already fetched: a hostile tree cannot make us send thousands of queries. */
const MAX_RESOLVED_LOOKUPS = 40;
const MAX_RECORDS = 40;
const MAX_MX_HOSTS = 10;
const MAX_SPF_RECORDS_KEPT = 20;
/** An address no real sender list names, so every term is evaluated (worst case). */
const SPF_PROBE_IP = '0.0.0.1';

/** Walk the SPF tree of `domain` through the DNS client; bounded in depth, record count and MX fan-out. */
export async function analyzeSpf(domain: string, dns: DnsClient, options: { verdict?: boolean } = {}): Promise<SpfAnalysis> {
  const result: SpfAnalysis = {
    domain,
    records: [],
    record: null,
    txtRcode: 'NOERROR',
    all: null,
    redirect: null,
    lookups: 0,
    voidLookups: 0,
    voidNames: [],
    lookupTerms: [],
    tree: [],
    syntaxErrors: [],
    dnsErrors: [],
    cycle: null,
    flattenedTerms: [],
    verdict: null,
  };
  const flat = new Set<string>();
  let flattenable = true;

  const spfRecordsAt = async (name: string): Promise<{ records: string[]; rcode: string }> => {
    const answer = await dns.query(name, 'TXT');
    // filter before capping: in a huge TXT answer the SPF record may come last
    const records = answer.answers
      .filter((r) => r.type === 'TXT')
      .map((r) => (r.chunks ? r.chunks.join('') : r.data))
      .filter(isSpfRecord)
      .slice(0, MAX_SPF_RECORDS_KEPT)
      .map((r) => r.slice(0, MAX_RECORD_CHARS));
    return { records, rcode: answer.rcode };
  };

  const noteVoid = (answer: DnsAnswer, name: string, types: string[]) => {
    const empty = answer.rcode === 'NXDOMAIN' || (answer.rcode === 'NOERROR' && !answer.answers.some((r) => types.includes(r.type)));
    if (empty) {
      result.voidLookups++;
      result.voidNames.push(name);
    } else if (answer.rcode !== 'NOERROR') result.dnsErrors.push({ domain: name, record: null, message: `${answer.rcode} from ${answer.server}` });
    return empty;
  };

  const addresses = async (name: string): Promise<{ list: string[]; answer: DnsAnswer }> => {
    const [a, aaaa] = await Promise.all([dns.query(name, 'A'), dns.query(name, 'AAAA')]);
    const list = [...a.answers.filter((r) => r.type === 'A'), ...aaaa.answers.filter((r) => r.type === 'AAAA')].map((r) => r.data);
    // void only when neither family answers (an IPv4-only host is not a void lookup)
    const answer: DnsAnswer = list.length > 0 ? { ...a, rcode: 'NOERROR', answers: [...a.answers, ...aaaa.answers] } : a;
    return { list, answer };
  };

  const cidrOf = (value: string, family: 4 | 6): string => {
    const m = /\/(\d+)?(?:\/\/(\d+))?$/.exec(value);
    const bits = family === 4 ? m?.[1] : m?.[2];
    return bits !== undefined && bits !== '' ? `/${bits}` : '';
  };
  const addAddresses = (list: string[], value: string) => {
    for (const ip of list) flat.add(isIPv6(ip) ? `ip6:${ip}${cidrOf(value, 6)}` : `ip4:${ip}${cidrOf(value, 4)}`);
  };

  const walk = async (name: string, via: SpfRecordSeen['via'], depth: number, path: string[]): Promise<SpfTerm['qualifier'] | null> => {
    if (result.tree.length >= MAX_RECORDS) {
      result.syntaxErrors.push({ domain: name, record: null, message: `more than ${MAX_RECORDS} records in the include tree` });
      return null;
    }
    const { records, rcode } = await spfRecordsAt(name);
    const record = records[0] ?? null;
    result.tree.push({ domain: name, via, depth, record });
    if (via === 'top') {
      result.records = records;
      result.record = record;
      result.txtRcode = rcode;
    }
    if (records.length > 1) result.syntaxErrors.push({ domain: name, record, message: `${records.length} v=spf1 records at ${name}` });
    if (!record) {
      if (via !== 'top') {
        if (rcode === 'NOERROR' || rcode === 'NXDOMAIN') result.syntaxErrors.push({ domain: name, record: null, message: `${via} target ${name} has no SPF record` });
        else result.dnsErrors.push({ domain: name, record: null, message: `${rcode} looking up ${name}` });
      }
      return null;
    }
    const parsed = parseSpf(record);
    for (const message of parsed.errors) result.syntaxErrors.push({ domain: name, record, message });
    // ask for every target of this record at once (the client caches in-flight queries), then walk in RFC order
    for (const term of parsed.terms.slice(0, 20)) {
      const target = termTarget(term, name);
      if (!target || result.lookups >= MAX_RESOLVED_LOOKUPS) continue;
      for (const type of term.name === 'include' || term.name === 'redirect' ? ['TXT'] : term.name === 'mx' ? ['MX'] : term.name === 'a' ? ['A', 'AAAA'] : []) {
        dns.query(target, type).catch(() => undefined);
      }
    }
    let all: SpfTerm['qualifier'] | null = null;
    for (const term of parsed.terms) {
      if (DNS_TERMS.has(term.name) && term.name !== 'redirect') {
        result.lookups++;
        result.lookupTerms.push({ domain: name, term: term.text });
      }
      const hasMacro = term.value.includes('%');
      if (term.name === 'all') all = term.qualifier;
      if (term.name === 'ip4' || term.name === 'ip6') flat.add(`${term.name}:${term.value}`);
      if (DNS_TERMS.has(term.name) && result.lookups > MAX_RESOLVED_LOOKUPS) {
        flattenable = false;
        continue;
      }
      if (term.name === 'ptr' || term.name === 'exists' || hasMacro) {
        flattenable = false;
        if (term.name === 'exists' && !hasMacro && validDomainSpec(term.value)) noteVoid(await dns.query(term.value, 'A'), term.value, ['A']);
        continue;
      }
      if (term.name === 'include' && validDomainSpec(term.value)) {
        const target = term.value.replace(/\.$/, '').toLowerCase();
        if (path.includes(target)) {
          result.cycle ??= [...path, target];
          continue;
        }
        if (depth >= MAX_DEPTH) {
          result.syntaxErrors.push({ domain: name, record, message: `include nesting deeper than ${MAX_DEPTH}` });
          continue;
        }
        await walk(target, 'include', depth + 1, [...path, target]);
      } else if (term.name === 'a') {
        const target = (term.value.startsWith(':') ? term.value.slice(1) : term.value).replace(/\/.*$/, '') || name;
        const { list, answer } = await addresses(target);
        noteVoid(answer, target, ['A', 'AAAA']);
        addAddresses(list, term.value);
      } else if (term.name === 'mx') {
        const target = (term.value.startsWith(':') ? term.value.slice(1) : term.value).replace(/\/.*$/, '') || name;
        const mx = await dns.query(target, 'MX');
        if (!noteVoid(mx, target, ['MX'])) {
          const hosts = mx.answers
            .filter((r) => r.type === 'MX')
            .map((r) => parseMx(r.data).exchange)
            .filter((h) => h.length > 0)
            .slice(0, MAX_MX_HOSTS);
          for (const h of hosts) addAddresses((await addresses(h)).list, term.value);
        }
      }
    }
    const redirect = parsed.terms.find((t) => t.name === 'redirect');
    if (redirect && all === null) {
      result.lookups++;
      result.lookupTerms.push({ domain: name, term: redirect.text });
      if (via === 'top') result.redirect = redirect.value;
      const target = redirect.value.replace(/\.$/, '').toLowerCase();
      if (redirect.value.includes('%')) flattenable = false;
      else if (path.includes(target)) result.cycle ??= [...path, target];
      else if (depth < MAX_DEPTH) all = await walk(target, 'redirect', depth + 1, [...path, target]);
    }
    return all;
  };

  result.all = await walk(domain.toLowerCase(), 'top', 0, [domain.toLowerCase()]);
  result.flattenedTerms = flattenable ? [...flat] : null;
  if (options.verdict !== false && result.record) {
    result.verdict = await evaluateSpf({ ip: SPF_PROBE_IP, sender: `postmaster@${domain}`, helo: domain, resolver: spfResolverFor(dns) }).catch((error: Error) => ({
      result: 'temperror' as const,
      comment: String(error.message),
      lookups: null,
      voidLookups: null,
    }));
  }
  return result;
}

/** The record to publish instead: the tree flattened into ip4/ip6 terms, keeping the record's own all qualifier. */
export function flattenedRecord(analysis: SpfAnalysis, allQualifier?: SpfTerm['qualifier']): string | null {
  if (!analysis.flattenedTerms) return null;
  const q = allQualifier ?? (analysis.all === '-' || analysis.all === '~' ? analysis.all : '~');
  return ['v=spf1', ...analysis.flattenedTerms, `${q}all`].join(' ');
}

/** The same record with its all term replaced (or added), for permissive records. */
export function recordWithAll(record: string, qualifier: '-' | '~'): string {
  const parts = record.trim().split(/ +/);
  const kept = parts.filter((p) => !/^[+\-~?]?all$/i.test(p));
  if (kept.some((p) => /^redirect=/i.test(p)) && !parts.some((p) => /^[+\-~?]?all$/i.test(p))) return record.trim();
  return [...kept.filter((p) => !/^redirect=/i.test(p)), `${qualifier}all`].join(' ');
}

/** One record holding every term of several (permerror) records, with the strictest all. */
export function mergeSpfRecords(records: string[]): string {
  const terms: string[] = [];
  let all: string | null = null;
  const rank: Record<string, number> = { '-': 0, '~': 1, '?': 2, '+': 3 };
  for (const record of records) {
    for (const part of record.trim().split(/ +/).slice(1)) {
      const m = /^([+\-~?]?)all$/i.exec(part);
      if (m) {
        const q = m[1] || '+';
        if (all === null || (rank[q] ?? 3) < (rank[all] ?? 3)) all = q;
      } else if (!terms.some((t) => t.toLowerCase() === part.toLowerCase())) terms.push(part);
    }
  }
  return ['v=spf1', ...terms, `${all === null || all === '+' || all === '?' ? '~' : all}all`].join(' ');
}

/** The record without the terms that point at the given names (void lookups). */
export function recordWithoutTargets(record: string, domain: string, names: string[]): string {
  const drop = new Set(names.map((n) => n.toLowerCase().replace(/\.$/, '')));
  return record
    .trim()
    .split(/ +/)
    .filter((part, i) => {
      if (i === 0) return true;
      const m = /^[+\-~?]?(include|a|mx|exists|ptr)(?::([^/]+))?/i.exec(part) ?? /^redirect=(.+)$/i.exec(part);
      if (!m) return true;
      const target = (m[2] ?? (m[1]?.includes('.') ? m[1] : domain)).toLowerCase().replace(/\.$/, '');
      return !drop.has(target);
    })
    .join(' ');
}
