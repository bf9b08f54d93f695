import { loadRouteKey, measuredRoutes, refusalVerdict, refusedNote, round1, routeRefusal, serverFailures, unmeasuredReason } from '../../analyze/load-verdicts.js';
import type { FindingDraft } from '../../types.js';
import { cannotRun, defineCheck, inputMissing, partialFindings } from '../define.js';

const LIMIT_PCT = 1;

export default defineCheck(
  {
    id: 'perf.errors-under-load',
    title: 'Routes answer without errors at the expected peak rate',
    failureTitle: 'A route fails requests under load',
    requires: ['load'],
    fix: 'Read the server’s logs for the failing requests (5xx, timeouts, resets): exhausted database connections, worker or thread pools too small, or a crash under concurrency; fix that, then run `launchready load` again.',
    docs: {
      why: 'A route that fails more than 1% of requests at the rate you expect at launch will fail far more at 10x. Timeouts and connection resets usually mean a pool (database connections, workers) is exhausted; 5xx under load often means a race or a dependency that cannot keep up.',
      fix: 'Match the failing classes in the evidence against the server logs of the same minute. Size the database connection pool and the worker count for the expected peak, add timeouts to outbound calls, and make slow work asynchronous. Statuses the route is meant to return (a login probe’s 401) are not counted.',
      references: ['https://k6.io/docs/using-k6/thresholds/', 'https://brooker.co.za/blog/2021/05/24/metastable.html'],
    },
  },
  ({ load }) => {
    const unmeasured = unmeasuredReason(load);
    if (unmeasured) return unmeasured.needsYes ? inputMissing(unmeasured.reason) : cannotRun(unmeasured.reason);
    const drafts: FindingDraft[] = [];
    for (const r of measuredRoutes(load)) {
      const b = r.baseline;
      // An error storm inside the warm-up measured nothing: the whole run's outcomes are all there is (4xx left out as below).
      const wholeRun = b.requests === 0 && typeof b.refusals?.failed === 'number' && b.refusals.outcomes > 0;
      const failed = wholeRun
        ? Math.max(0, (b.refusals?.failed ?? 0) - Object.values(b.refusals?.statuses ?? {}).reduce((a, n) => a + (Number(n) || 0), 0))
        : serverFailures(b.errors);
      const outcomes = wholeRun ? (b.refusals?.outcomes ?? 0) + b.cancelled : b.requests + b.cancelled;
      const pct = outcomes > 0 ? (failed * 100) / outcomes : 0;
      const key = loadRouteKey(r);
      const classes = Object.fromEntries(Object.entries(b.errors).filter(([, n]) => n > 0));
      const rate = b.offeredRps !== null ? `${b.offeredRps} req/s` : `${b.users} users`;
      // A route that answers 404 (or 401, 403) to (nearly) every request refuses the probe, whatever stopped the run:
      // the error-storm stop, the end of a short run, the request cap. Saying "100% failed" and pointing at pools and
      // workers sends the user after a saturation that was never measured.
      const refusal = routeRefusal(r);
      if (refusal) {
        drafts.push({
          target: key,
          title: `${key}: ${refusalVerdict(refusal)}`,
          fix: `The route refuses launchready's requests, so its speed under load was not measured: check its path and method and that its headers in launchready.yml (token, cookie) are current, e.g. with curl against ${r.path}; then run \`launchready load\` again.`,
          evidence: {
            route: key,
            verdict: refusalVerdict(refusal),
            refusedStatus: refusal.status,
            refused: refusal.refused,
            outcomes: refusal.outcomes,
            failed,
            requests: b.requests,
            errorsByClass: classes,
            stoppedBy: b.stoppedBy,
            rate: b.offeredRps !== null ? `${b.offeredRps} req/s offered` : `${b.users} users`,
          },
        });
        continue;
      }
      if (pct <= LIMIT_PCT && b.stoppedBy !== 'error-storm') continue;
      // A storm of 4xx alone (a wrong token, path or method) stops the load before anything is measured: saying
      // "0% of requests failed" and pointing at pools hides that the probe itself is refused.
      const refusedProbe = failed === 0 && b.errors.status4xx > 0;
      drafts.push({
        target: key,
        title: refusedProbe
          ? `${key}: the load stopped at ${rate} because the route answered 4xx to ${b.errors.status4xx} of ${outcomes} requests`
          : `${key}: ${round1(pct)}% of requests failed at ${rate}`,
        ...(refusedProbe
          ? {
              fix: `The route refuses launchready's requests, so its speed under load was not measured: check its path and method and that its headers in launchready.yml (token, cookie) are current, e.g. with curl against ${key.split(' ')[1] ?? key}; then run \`launchready load\` again.`,
            }
          : {}),
        evidence: {
          route: key,
          failedPct: round1(pct),
          failed,
          requests: b.requests,
          errorsByClass: classes,
          stoppedBy: b.stoppedBy,
          rate: b.offeredRps !== null ? `${b.offeredRps} req/s offered` : `${b.users} users`,
        },
      });
    }
    const partial = refusedNote(load);
    return partial ? partialFindings(drafts, partial) : drafts;
  },
);
