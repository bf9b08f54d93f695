// The `monitor:` block: the contract's example resolves with its defaults, and every mistake is an error naming its key path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { inMaintenance, MONITOR_DEFAULTS, MonitorConfigError, parseMonitorSection } from '../../src/monitor/config.ts';

// the example of CONTRACT.md (*launchready monitor*), with the ${VAR} values already interpolated
const CONTRACT_EXAMPLE = `
interval: 30s
timeout: 10s
failAfter: 2
recoverAfter: 1
reminders: 1h
retention: { raw: 7d, minute: 30d, hour: 400d }
maintenance: [ { start: "2026-12-24T22:00:00Z", end: "2026-12-25T02:00:00Z", monitors: ["*"] } ]
monitors:
  - { name: app, type: http, url: "https://app.acme.example/health", interval: 15s,
      conditions: ["status == 200", "response_time < 300", "body.status == ok"], public: true }
  - { name: api-cert, type: tls, host: api.acme.example, port: 443, conditions: ["cert_expires_in > 14d"] }
  - { name: apex-a, type: dns, host: acme.example, record: A, conditions: ["answer contains 203.0.113.7"] }
  - { name: db-port, type: tcp, host: db.internal, port: 5432 }
  - { name: nightly-export, type: heartbeat, every: 24h, grace: 1h }
alerts:
  - { type: webhook, url: "https://hooks.example/x", secret: "s3cret-value" }
  - { type: slack, url: "https://hooks.slack.example/services/T/B/C" }
  - { type: email, to: ops@acme.example, smtp: "smtp://user:pass@mail.example:587" }
  - { type: pagerduty, routingKey: "R0UT1NGKEY" }
  - { type: ntfy, url: "https://ntfy.example/ops" }
`;

function problemsOf(section: unknown): string[] {
  try {
    parseMonitorSection(section);
  } catch (e) {
    if (e instanceof MonitorConfigError) return e.problems;
    throw e;
  }
  assert.fail('expected a MonitorConfigError');
}

describe('parseMonitorSection', () => {
  it('resolves the contract example', () => {
    const s = parseMonitorSection(parse(CONTRACT_EXAMPLE));
    assert.equal(s.intervalMs, 30_000);
    assert.equal(s.remindersMs, 3_600_000);
    assert.deepEqual(s.retention, { rawMs: 7 * 86_400_000, minuteMs: 30 * 86_400_000, hourMs: 400 * 86_400_000 });
    assert.deepEqual(s.maintenance, [{ startMs: Date.parse('2026-12-24T22:00:00Z'), endMs: Date.parse('2026-12-25T02:00:00Z'), monitors: ['*'] }]);
    assert.deepEqual(
      s.monitors.map((m) => [m.name, m.type, m.intervalMs, m.conditions.length, m.public]),
      [
        ['app', 'http', 15_000, 3, true],
        ['api-cert', 'tls', 30_000, 1, false],
        ['apex-a', 'dns', 30_000, 1, false],
        ['db-port', 'tcp', 30_000, 0, false],
        ['nightly-export', 'heartbeat', 30_000, 0, false],
      ],
    );
    const heartbeat = s.monitors[4]!;
    assert.equal(heartbeat.everyMs, 86_400_000);
    assert.equal(heartbeat.graceMs, 3_600_000);
    assert.deepEqual(
      s.alerts.map((a) => a.type),
      ['webhook', 'slack', 'email', 'pagerduty', 'ntfy'],
    );
  });

  it('an empty section gets the contract defaults', () => {
    const s = parseMonitorSection(undefined);
    assert.equal(s.intervalMs, MONITOR_DEFAULTS.intervalMs);
    assert.equal(s.failAfter, 2);
    assert.equal(s.recoverAfter, 1);
    assert.equal(s.retention.hourMs, 400 * 86_400_000);
    assert.equal(parseMonitorSection({ reminders: '0' }).remindersMs, 0);
  });

  const mistakes: [string, unknown, RegExp][] = [
    ['bad duration', { interval: '30 seconds' }, /^monitor\.interval: expected a duration/],
    ['zero interval', { interval: '0s' }, /^monitor\.interval: expected a duration/],
    ['unknown key', { intervall: '30s' }, /^monitor\.intervall: unknown key/],
    ['bad retention', { retention: { raw: '7 days' } }, /^monitor\.retention\.raw: expected a duration/],
    ['failAfter 0', { failAfter: 0 }, /^monitor\.failAfter: expected an integer/],
    [
      'bad condition names the monitor and the condition',
      { monitors: [{ name: 'app', type: 'http', url: 'https://a.example', conditions: ['status = 200'] }] },
      /^monitor\.monitors\[0\] \(app\)\.conditions\[0\]: "status = 200": expected/,
    ],
    [
      'condition for another type',
      { monitors: [{ name: 'db', type: 'tcp', host: 'db', port: 5432, conditions: ['status == 200'] }] },
      /\(db\)\.conditions\[0\]: "status == 200": "status" does not apply to a tcp monitor/,
    ],
    ['missing url', { monitors: [{ name: 'app', type: 'http' }] }, /\(app\)\.url: required/],
    ['key of another type', { monitors: [{ name: 'app', type: 'http', url: 'https://a.example', host: 'x' }] }, /\(app\)\.host: unknown key/],
    ['unknown type', { monitors: [{ name: 'x', type: 'icmp' }] }, /\(x\)\.type: expected one of http, tls, dns, tcp, heartbeat/],
    [
      'duplicate name',
      {
        monitors: [
          { name: 'a', type: 'tcp', host: 'h', port: 1 },
          { name: 'a', type: 'tcp', host: 'h', port: 2 },
        ],
      },
      /monitors\[1\]\.name: "a" is used by another monitor/,
    ],
    ['heartbeat without every', { monitors: [{ name: 'job', type: 'heartbeat' }] }, /\(job\)\.every: required/],
    ['timeout over interval', { monitors: [{ name: 'a', type: 'tcp', host: 'h', port: 1, interval: '5s', timeout: '10s' }] }, /\(a\)\.timeout: must not be longer/],
    ['bad dns record', { monitors: [{ name: 'd', type: 'dns', host: 'h', record: 'XYZ' }] }, /\(d\)\.record: expected one of/],
    ['maintenance end before start', { maintenance: [{ start: '2026-12-25T02:00:00Z', end: '2026-12-24T22:00:00Z' }] }, /^monitor\.maintenance\[0\]\.end: must be after start/],
    ['maintenance without zone', { maintenance: [{ start: '2026-12-24 22:00', end: '2026-12-25T02:00:00Z' }] }, /^monitor\.maintenance\[0\]\.start: expected an ISO-8601/],
    ['alert type', { alerts: [{ type: 'sms', to: '+1' }] }, /^monitor\.alerts\[0\]\.type: expected one of webhook, slack, email, pagerduty, ntfy/],
    ['email without smtp', { alerts: [{ type: 'email', to: 'ops@a.example' }] }, /^monitor\.alerts\[0\]\.smtp: required/],
    ['smtp not a URL', { alerts: [{ type: 'email', to: 'ops@a.example', smtp: 'mail.example:587' }] }, /^monitor\.alerts\[0\]\.smtp: expected a smtp: or smtps: URL/],
    ['pagerduty without key', { alerts: [{ type: 'pagerduty' }] }, /^monitor\.alerts\[0\]\.routingKey: required/],
  ];
  for (const [what, section, message] of mistakes)
    it(`rejects ${what}`, () => {
      const problems = problemsOf(section);
      assert.ok(
        problems.some((p) => message.test(p)),
        problems.join('\n'),
      );
    });

  it('collects every problem, and never echoes a URL that may hold a secret', () => {
    const problems = problemsOf({ interval: 'x', timeout: 'y', alerts: [{ type: 'webhook', url: 'not a url with s3cr3t-token' }] });
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.ok(!problems.join('\n').includes('s3cr3t'), problems.join('\n'));
  });
});

describe('inMaintenance', () => {
  const windows = [
    { startMs: 1000, endMs: 2000, monitors: ['*'] },
    { startMs: 5000, endMs: 6000, monitors: ['app'] },
  ];
  it('covers [start, end) for the named monitors', () => {
    assert.equal(inMaintenance(windows, 'db', 999), false);
    assert.equal(inMaintenance(windows, 'db', 1000), true);
    assert.equal(inMaintenance(windows, 'db', 2000), false);
    assert.equal(inMaintenance(windows, 'app', 5500), true);
    assert.equal(inMaintenance(windows, 'db', 5500), false);
  });
});
