// Content-Security-Policy judged by Google's csp_evaluator: which findings are script-execution bypasses.
import { CspEvaluator, DEFAULT_CHECKS } from 'csp_evaluator/dist/evaluator.js';
import { Severity, Type } from 'csp_evaluator/dist/finding.js';
import { CspParser } from 'csp_evaluator/dist/parser.js';
import { getHostname, getSchemeFreeUrl } from 'csp_evaluator/dist/utils.js';

export interface CspWeakness {
  directive: string;
  value: string | null;
  description: string;
}

// Bypass kinds CHECKS.md names: unsafe-inline/eval, wildcard or scheme-only sources, missing object-src/base-uri/script-src.
const BYPASS_TYPES = new Set<number>([
  Type.SCRIPT_UNSAFE_INLINE,
  Type.SCRIPT_UNSAFE_EVAL,
  Type.PLAIN_URL_SCHEMES,
  Type.PLAIN_WILDCARD,
  Type.MISSING_DIRECTIVES,
  Type.SCRIPT_ALLOWLIST_BYPASS,
  Type.OBJECT_ALLOWLIST_BYPASS,
]);

/** A source expression csp_evaluator can handle: keywords, nonces, hashes, schemes, or a host source that parses as a URL. */
function isWellFormedSource(value: string): boolean {
  if (value.startsWith("'") || value === '*' || /^[a-z][a-z0-9+.-]*:$/i.test(value)) return true;
  try {
    getHostname(value);
    new URL(`https://${getSchemeFreeUrl(value).replace(':*', '').replace('*', 'wildcard')}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Script-execution bypasses in one policy, as judged by csp_evaluator. Browsers ignore malformed sources such as
 * `//`, and so do we: csp_evaluator throws on them, which would let the rest of the policy (unsafe-inline) go unjudged.
 */
export function cspWeaknesses(policy: string): CspWeakness[] {
  const parsed = new CspParser(policy).csp;
  for (const [name, values] of Object.entries(parsed.directives)) parsed.directives[name] = values?.filter(isWellFormedSource);
  const findings = DEFAULT_CHECKS.flatMap((check) => {
    try {
      return new CspEvaluator(parsed).evaluate([], [check]);
    } catch {
      // one check that chokes on an input must not silence the others
      return [];
    }
  });
  return findings
    .filter((f) => BYPASS_TYPES.has(f.type) && (f.severity === Severity.HIGH || f.type === Type.SCRIPT_UNSAFE_EVAL))
    .map((f) => ({ directive: f.directive, value: f.value ?? null, description: f.description }));
}

/** Directive names present in a policy (lower-cased). */
export function cspDirectives(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

export function hasFrameAncestors(policy: string): boolean {
  return cspDirectives(policy).has('frame-ancestors');
}
