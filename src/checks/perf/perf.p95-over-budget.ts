import { accessLogBudgetFindings } from '../../analyze/evidence-findings.js';
import { loadRouteKey, measuredRoutes, refusedNote, refusedRoutesNote, routeRefusal, unmeasuredReason } from '../../analyze/load-verdicts.js';
import type { FindingDraft } from '../../types.js';
import { cannotRun, defineCheck, inputMissing, partialFindings } from '../define.js';

export default defineCheck(
  {
    id: 'perf.p95-over-budget',
    title: 'Every loaded route answers within its p95 budget',
    failureTitle: 'A route’s p95 latency is over its budget',
    requires: [],
    optional: ['load', 'evidence'],
    fix: 'Find where the time goes on this route (queries per request, slow queries, outbound calls), fix the slowest part (an index, eager loading, a cache, moving work to a background job), then run `launchready load` again.',
    docs: {
      why: 'p95 is what one request in twenty waits, and at launch traffic that is many users a minute. It is measured from the scheduled send time (coordinated-omission corrected), so a server that stalls cannot hide the stall by slowing the load tool down. Over twice the budget the route is a blocker: it will time out for users before it gets 10x traffic.',
      fix: 'Look at the route’s queries per request and the db findings first (an N+1 or a missing index is the usual cause), then at outbound calls made before answering. Cache what does not change per user, paginate long lists, move exports and emails to a background job. If the budget is wrong for this route, set `budgetMs` on it in launchready.yml.',
      references: ['https://github.com/giltene/wrk2', 'https://www.brendangregg.com/blog/2016-10-01/latency-heat-maps.html'],
    },
  },
  ({ load, evidence, plan }) => {
    // production access logs count on their own; the load test of this run when it ran
    const production = evidence?.accessLog ? accessLogBudgetFindings(evidence, plan) : null;
    const unmeasured = load ? unmeasuredReason(load) : { needsYes: false, reason: 'no load test ran (configure routes) and no access log was given (--access-log)' };
    if (unmeasured) {
      if (production) return production;
      return unmeasured.needsYes || !load ? inputMissing(unmeasured.reason) : cannotRun(unmeasured.reason);
    }
    const drafts: FindingDraft[] = [...(production ?? [])];
    const measured = measuredRoutes(load as NonNullable<typeof load>);
    // The latency of a 404 or 401 is not the route's latency: a refused route is left unjudged, not passed.
    const refusedNow = refusedRoutesNote(measured);
    const timed = measured.filter((r) => !routeRefusal(r));
    if (timed.length === 0 && refusedNow && !production) return cannotRun(`p95 ${refusedNow}`);
    for (const r of timed) {
      const p95 = r.baseline.p95Ms;
      if (p95 === null || p95 <= r.budgetMs) continue;
      const key = loadRouteKey(r);
      drafts.push({
        target: key,
        severity: p95 > 2 * r.budgetMs ? 'blocker' : undefined,
        title: `${key}: p95 ${Math.round(p95)} ms is over its ${r.budgetMs} ms budget`,
        evidence: {
          route: key,
          kind: r.kind,
          p50Ms: r.baseline.p50Ms,
          p95Ms: p95,
          p99Ms: r.baseline.p99Ms,
          budgetMs: r.budgetMs,
          overBudget: `${Math.round((p95 / r.budgetMs) * 10) / 10}x`,
          uncorrectedP95Ms: r.baseline.uncorrected.p95Ms,
          rate: r.baseline.offeredRps !== null ? `${r.baseline.offeredRps} req/s offered` : `${r.baseline.users} users`,
          requests: r.baseline.requests,
          // the generator's own pause, already left out of the latency: a large one says the machine running launchready was busy
          ...(r.baseline.generatorLagMs ? { generatorLagMs: r.baseline.generatorLagMs } : {}),
        },
      });
    }
    const partial = [refusedNote(load as NonNullable<typeof load>), refusedNow ? `p95 ${refusedNow}` : null].filter((n): n is string => n !== null).join('; ');
    return partial ? partialFindings(drafts, partial) : drafts;
  },
);
