// Pure verdicts of ratelimit.missing and ratelimit.no-retry-after from one probe result, so the check files stay thin.
import { type CannotRun, cannotRun, type InputMissing, inputMissing, type NotApplicable, notApplicable } from '../checks/define.js';
import type { FindingDraft, Severity } from '../types.js';
import type { ProbeRouteKind, RateLimitProbeResult } from './ratelimit-probe.js';

export type Verdict = FindingDraft[] | NotApplicable | CannotRun | InputMissing;

const KIND_NAMES: Record<ProbeRouteKind, string> = {
  login: 'login',
  'password-reset': 'password reset',
  signup: 'sign-up',
  webhook: 'webhook intake',
  'public-api': 'public API',
};

const FIXES: Record<ProbeRouteKind, string> = {
  login:
    'Limit login attempts per account and per client address (e.g. 5 a minute, then a growing delay or a CAPTCHA), answering 429 with Retry-After; do it at the edge (Cloudflare or nginx limit_req) or in the app (express-rate-limit, django-ratelimit, rack-attack).',
  'password-reset':
    'Limit reset requests per email address and per client address (e.g. 3 an hour per address), answering 429 with Retry-After; every accepted request sends an email and can be used to flood a mailbox or burn your sending reputation.',
  signup: 'Limit sign-ups per client address (e.g. 10 an hour) and add a CAPTCHA or email verification, answering 429 with Retry-After.',
  webhook: 'Limit webhook intake per sender and verify signatures before doing any work; answer 429 with Retry-After so well-behaved senders back off and retry.',
  'public-api':
    'Give the public API a per-client quota (per API key or address), answering 429 with Retry-After and RateLimit headers (e.g. nginx limit_req, an API gateway, or the framework middleware).',
};

function severityOf(kind: ProbeRouteKind): Severity {
  return kind === 'login' || kind === 'password-reset' ? 'blocker' : 'high';
}

function target(result: RateLimitProbeResult): string {
  return `${result.method} ${result.url}`;
}

/** "all 200" or "200 ×25, 500 ×5", most frequent first. */
function statusText(statuses: Record<string, number>): string {
  const entries = Object.entries(statuses).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return 'no answer';
  if (entries.length === 1) return `all ${entries[0]?.[0]}`;
  return entries.map(([status, n]) => `${status} ×${n}`).join(', ');
}

function errorText(errors: Record<string, number>): string {
  const entries = Object.entries(errors).sort((a, b) => b[1] - a[1]);
  const failed = entries.reduce((sum, [, n]) => sum + n, 0);
  return failed === 0 ? '' : `, ${failed} failed (${entries.map(([code, n]) => `${code} ${n}`).join(', ')})`;
}

/** "30 requests in 10.0 s, all 200, no 429" */
export function probeSummary(result: RateLimitProbeResult): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const head = `${result.sent} request${result.sent === 1 ? '' : 's'} in ${seconds} s, ${statusText(result.statuses)}${errorText(result.errors)}`;
  if (result.limited) {
    const l = result.limited;
    const headers = [l.retryAfter !== null ? `Retry-After: ${l.retryAfter}` : null, ...Object.entries(l.rateLimitHeaders).map(([n, v]) => `${n}: ${v}`)].filter(Boolean);
    return `${head}; ${l.status} at request ${l.requestNumber} after ${(l.atMs / 1000).toFixed(1)} s${headers.length > 0 ? ` (${headers.join(', ')})` : ' (no Retry-After nor RateLimit headers)'}`;
  }
  const stop = result.stoppedBy === 'time' ? ' (stopped at the time bound)' : result.stoppedBy === 'failures' ? ' (stopped after repeated failures)' : '';
  return `${head}, no 429${stop}`;
}

function evidence(result: RateLimitProbeResult): Record<string, unknown> {
  return {
    summary: probeSummary(result),
    kind: result.kind,
    method: result.method,
    url: result.url,
    requests: result.sent,
    answered: result.answered,
    durationMs: result.durationMs,
    statuses: result.statuses,
    errors: result.errors,
    plan: result.plan,
    stoppedBy: result.stoppedBy,
    limited: result.limited,
  };
}

/** A probe that sent nothing, or too little answered to judge: the reason as the check's status. */
function unusable(result: RateLimitProbeResult): InputMissing | CannotRun | null {
  if (result.refused?.code === 'NON_LOOPBACK') return inputMissing(`rate-limit probe of ${target(result)} skipped: ${result.refused.message}`);
  if (result.refused) return cannotRun(`rate-limit probe of ${target(result)} not sent: ${result.refused.message}`);
  if (result.answered === 0 || (result.limited === null && result.answered < result.sent / 2))
    return cannotRun(`rate-limit probe of ${target(result)}: only ${result.answered} of ${result.sent} requests answered${errorText(result.errors)}`);
  return null;
}

/** ratelimit.missing: blocker for login and password reset, high for the other kinds; [] when the burst was limited. */
export function judgeRateLimitMissing(result: RateLimitProbeResult, kind: ProbeRouteKind = result.kind): Verdict {
  const cannot = unusable(result);
  if (cannot) return cannot;
  if (result.limited) return [];
  return [
    {
      target: target(result),
      severity: severityOf(kind),
      title: `The ${KIND_NAMES[kind]} route ${target(result)} never answered 429 to ${result.sent} requests from one client`,
      evidence: evidence({ ...result, kind }),
      fix: FIXES[kind],
    },
  ];
}

/** ratelimit.no-retry-after: the 429 that stopped the burst carried neither Retry-After nor RateLimit headers. */
export function judgeNoRetryAfter(result: RateLimitProbeResult): Verdict {
  const cannot = unusable(result);
  if (cannot) return cannot;
  const limited = result.limited;
  if (!limited) return notApplicable(`no 429 from ${target(result)} to look at`);
  if (limited.retryAfter !== null || Object.keys(limited.rateLimitHeaders).length > 0) return [];
  return [
    {
      target: target(result),
      title: `The 429 from ${target(result)} does not say when to retry`,
      evidence: evidence(result),
      fix: 'Send Retry-After (seconds, e.g. "Retry-After: 30") with every 429, and RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset where clients can use them, so clients back off instead of retrying at once.',
    },
  ];
}
