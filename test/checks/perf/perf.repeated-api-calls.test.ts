import check from '../../../src/checks/perf/perf.repeated-api-calls.ts';
import { checkTester } from '../../support/check-tester.ts';
import { evidenceFacts } from '../../support/evidence-facts.ts';
import { factsWith } from '../../support/facts.ts';

const page = (repeated: NonNullable<ReturnType<typeof evidenceFacts>['har'][number]['pages'][number]['repeated']>) => ({
  pageref: 'page_1',
  title: 'Dashboard',
  startedDateTime: '2026-11-01T10:00:00.000Z',
  apiCalls: 6,
  repeated,
});

checkTester(check, {
  pass: [{ name: 'every API call once', facts: factsWith({ evidence: evidenceFacts({ har: [{ path: 'dash.har', entries: 12, pages: [page([])] }] }) }) }],
  fail: [
    {
      name: '/api/me three times in one load; a token in the query is masked',
      facts: factsWith({
        evidence: evidenceFacts({
          har: [
            {
              path: 'dash.har',
              entries: 12,
              pages: [
                page([
                  {
                    method: 'GET',
                    url: 'https://app.acme.test/api/me?access_token=abcdef0123456789secret',
                    count: 3,
                    startTimes: ['2026-11-01T10:00:00.100Z', '2026-11-01T10:00:00.350Z', '2026-11-01T10:00:00.900Z'],
                    offsetsMs: [100, 350, 900],
                    statuses: [200, 200, 200],
                  },
                ]),
              ],
            },
          ],
        }),
      }),
      findings: [
        {
          target: /^GET https:\/\/app\.acme\.test\/api\/me\?access_token=abcd/,
          severity: 'medium',
          evidence: {
            count: 3,
            offsetsMs: [100, 350, 900],
            startTimes: ['2026-11-01T10:00:00.100Z', '2026-11-01T10:00:00.350Z', '2026-11-01T10:00:00.900Z'],
            summary: 'from dash.har: 3 identical calls in one page load, at 100 ms, 350 ms, 900 ms from the page start',
          },
        },
      ],
    },
  ],
  notRun: [
    { name: 'no HAR given', status: 'skipped', facts: factsWith({ evidence: evidenceFacts() }) },
    {
      name: 'the HAR file was not JSON',
      status: 'error',
      facts: factsWith({
        evidence: evidenceFacts({ files: [{ kind: 'har', path: 'x.har', format: null, bytes: 0, lines: 0, malformed: 0, items: 0, error: 'x.har: not JSON' }] }),
      }),
    },
  ],
});
