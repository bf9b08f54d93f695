import { loadRouteKey, measuredRoutes, refusalOf, refusedNote, refusedRoutesNote, routeRefusal, unmeasuredReason } from '../../analyze/load-verdicts.js';
import type { FindingDraft } from '../../types.js';
import { cannotRun, defineCheck, inputMissing, partialFindings } from '../define.js';

const HEADROOM = 10;

export default defineCheck(
  {
    id: 'perf.low-headroom',
    title: 'Every loaded route holds 10x the expected peak rate',
    failureTitle: 'A route breaks below 10x the expected peak rate',
    requires: ['load'],
    fix: 'Find what saturates first at the breaking rate (database, a lock, a single worker, CPU): add the missing index or cache, raise the pool or worker count, or scale out; then run `launchready load` again.',
    docs: {
      why: 'Launch traffic is spiky: a post on a busy site brings many times the traffic you planned for, within minutes. A route whose p95 passes its budget, or whose errors pass 1%, below ten times the expected peak will be the first thing that breaks. The ramp steps up from the expected peak (`load.expectedPeakRps`) and records the first rate that broke.',
      fix: 'The breaking rate and its cause are in the evidence. A latency break that grows step by step is a queue (too few workers or database connections, a lock); a sudden error break is a pool or a limit. Fix the bottleneck named in the report’s top 3, scale out, or put a cache in front of read-heavy routes. If the expected peak is wrong, set `load.expectedPeakRps`.',
      references: ['https://en.wikipedia.org/wiki/Little%27s_law', 'https://github.com/giltene/wrk2'],
    },
  },
  ({ load }) => {
    const unmeasured = unmeasuredReason(load);
    if (unmeasured) return unmeasured.needsYes ? inputMissing(unmeasured.reason) : cannotRun(unmeasured.reason);
    // A route that answered 404 or 401 to (nearly) every request "broke" at the first rate tried only because the
    // probe was refused: that is no breaking rate, and saturation advice (indexes, workers) would be wrong.
    const all = measuredRoutes(load);
    const refusedNow = refusedRoutesNote(all);
    const routes = all.filter((r) => !routeRefusal(r));
    const judged = routes.filter((r) => r.breakingRps !== null || r.rampEndedBy !== null);
    if (judged.length === 0) {
      if (refusedNow) return cannotRun(`headroom ${refusedNow}`);
      return inputMissing('headroom not measured (--no-ramp, or no ramp step could run)');
    }
    const peak = load.settings.expectedPeakRps;
    const drafts: FindingDraft[] = [];
    const notes: string[] = [];
    for (const r of routes) {
      if (r.breakingRps === null || r.breakingRps >= HEADROOM * peak) continue;
      const key = loadRouteKey(r);
      const broke = r.steps.find((s) => s.broken) ?? null;
      // A ramp step refused with 4xx (a firewall or token check in front of the route) is not a saturation either.
      const refusedStep = broke ? refusalOf(broke) : null;
      if (broke && refusedStep) {
        notes.push(
          `${key} at ${broke.offeredRps} req/s answered ${refusedStep.status ?? '4xx'} to ${refusedStep.refused} of ${refusedStep.outcomes} requests: headroom not measured beyond ${r.steps.filter((s) => !s.broken).at(-1)?.offeredRps ?? r.baseline.offeredRps ?? 'the baseline'} req/s`,
        );
        continue;
      }
      drafts.push({
        target: key,
        title: `${key} breaks at ${r.breakingRps} req/s, below 10x the expected peak (${HEADROOM * peak} req/s)`,
        evidence: {
          route: key,
          breakingRps: r.breakingRps,
          cause: r.breakingCause === 'errors' ? 'errors over 1%' : `p95 over the ${r.budgetMs} ms budget`,
          expectedPeakRps: peak,
          headroom: `${Math.round((r.breakingRps / peak) * 10) / 10}x`,
          atBreak: broke
            ? { p95Ms: broke.p95Ms, errorsPct: broke.errorsPct, achievedRps: broke.rps }
            : { p95Ms: r.baseline.p95Ms, errorsPct: r.baseline.errorsPct, achievedRps: r.baseline.rps },
        },
      });
    }
    const partial = [refusedNote(load), refusedNow ? `headroom ${refusedNow}` : null, ...notes].filter((n): n is string => n !== null).join('; ');
    return partial ? partialFindings(drafts, partial) : drafts;
  },
);
