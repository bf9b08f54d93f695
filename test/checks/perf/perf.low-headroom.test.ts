import check from '../../../src/checks/perf/perf.low-headroom.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { loadFacts, measuredRoute, step } from '../../support/load-facts.ts';

checkTester(check, {
  pass: [
    { name: 'held up to the ceiling', facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', breakingRps: null, rampEndedBy: 'max-rps' })]) }) },
    {
      name: 'broke at exactly 10x (200 req/s for a 20 req/s peak)',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', breakingRps: 200, breakingCause: 'p95-over-budget', rampEndedBy: 'broken' })]) }),
    },
  ],
  fail: [
    {
      name: 'saturates at 80 req/s',
      facts: factsWith({
        load: loadFacts([
          measuredRoute({
            path: '/api/search',
            breakingRps: 80,
            breakingCause: 'p95-over-budget',
            rampEndedBy: 'broken',
            steps: [step(40, 90), step(80, 900, 0, 'p95-over-budget')],
          }),
          measuredRoute({ path: '/api/fast' }),
        ]),
      }),
      findings: [
        { target: 'GET /api/search', evidence: { breakingRps: 80, expectedPeakRps: 20, headroom: '4x', cause: 'p95 over the 300 ms budget' }, title: /breaks at 80 req\/s/ },
      ],
    },
    {
      name: 'already broken at the baseline (no ramp ran)',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/slow', p95Ms: 900, breakingRps: 20, breakingCause: 'p95-over-budget', rampEndedBy: null, steps: [] })]) }),
      findings: [{ target: 'GET /slow', evidence: { breakingRps: 20, headroom: '1x' } }],
    },
  ],
  notRun: [
    {
      name: '--no-ramp: headroom not measured',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', rampEndedBy: null, steps: [] })], { ramp: null }) }),
      status: 'skipped',
    },
  ],
});
