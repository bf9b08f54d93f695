import check from '../../../src/checks/perf/perf.inline-long-work.ts';
import { checkTester } from '../../support/check-tester.ts';
import { accessRoute, evidenceFacts, traceRoute, withAccessLog, withTraces } from '../../support/evidence-facts.ts';
import { factsWith } from '../../support/facts.ts';

const smtpRoute = traceRoute('POST /api/signup', {
  requests: 4,
  p95Ms: 1300,
  inlineLongWork: {
    requestsOverThreshold: 4,
    p95OverLimit: false,
    worst: {
      traceId: '0000000000000000000000000000002a',
      outboundMs: 1230,
      durationMs: 1290,
      calls: [
        { kind: 'smtp', target: 'smtp.mailgun.org', span: 'smtp send', ms: 1200 },
        { kind: 'http', target: 'api.segment.io', span: 'POST', ms: 30 },
      ],
    },
    targets: [{ kind: 'smtp', target: 'smtp.mailgun.org', calls: 4, meanMs: 1200, maxMs: 1200 }],
  },
});

checkTester(check, {
  pass: [
    { name: 'traces without outbound waits', facts: factsWith({ evidence: withTraces([traceRoute('GET /api/orders')]) }) },
    { name: 'an access log with every p95 under 2 s', facts: factsWith({ evidence: withAccessLog([accessRoute('GET', '/api/orders', 1900)]) }) },
  ],
  fail: [
    {
      name: 'a signup that waits on SMTP before answering',
      facts: factsWith({ evidence: withTraces([traceRoute('GET /api/orders'), smtpRoute]) }),
      findings: [
        {
          target: 'POST /api/signup',
          severity: 'medium',
          title: /1\.23 s on smtp smtp\.mailgun\.org/,
          evidence: { route: 'POST /api/signup', requests: 4, requestsOverThreshold: 4, source: 'traces' },
        },
      ],
    },
    {
      name: 'an access-log route with a p95 over 2 s',
      facts: factsWith({ evidence: withAccessLog([accessRoute('GET', '/api/export', 4200), accessRoute('GET', '/api/orders', 90)]) }),
      findings: [
        {
          target: 'GET /api/export',
          evidence: {
            summary: 'from access log, 1,240 requests between 2026-11-01T10:00:00.000Z and 2026-11-01T11:59:00.000Z: p95 4.20 s, over 2 s',
            requests: 1240,
          },
        },
      ],
    },
  ],
  notRun: [
    { name: 'only a HAR file was given', status: 'skipped', facts: factsWith({ evidence: evidenceFacts({ inputs: { accessLogs: [], traces: [], har: ['a.har'] } }) }) },
    {
      name: 'the only trace file was rejected',
      status: 'error',
      facts: factsWith({
        evidence: evidenceFacts({
          files: [{ kind: 'traces', path: 'bad.json', format: null, bytes: 5, lines: 1, malformed: 0, items: 0, error: 'bad.json: rejected, not JSON' }],
        }),
      }),
    },
  ],
});
