// Content-Security-Policy judged by Google's csp_evaluator: which findings are script-execution bypasses.
import { CspEvaluator } from 'csp_evaluator/dist/evaluator.js';
import { Severity, Type } from 'csp_evaluator/dist/finding.js';
import { CspParser } from 'csp_evaluator/dist/parser.js';

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

/** Script-execution bypasses in one policy, as judged by csp_evaluator. */
export function cspWeaknesses(policy: string): CspWeakness[] {
  const parsed = new CspParser(policy).csp;
  return new CspEvaluator(parsed)
    .evaluate()
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
