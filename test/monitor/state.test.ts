// The incident state machine with a fake clock: thresholds, reminders, maintenance and certificate warnings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certWarningFromConditions, parseCondition } from '../../src/monitor/conditions.ts';
import { inMaintenance } from '../../src/monitor/config.ts';
import { type AlertEvent, applyResult, type CheckResult, initialState, type MonitorState, resumeIncident, type StateRules, type Transition } from '../../src/monitor/state.ts';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;

/** Feeds results one interval apart and records every transition. */
class FakeMonitor {
  state: MonitorState = initialState();
  now = T0;
  readonly log: Transition[] = [];
  private ids = 0;
  readonly rules: StateRules;

  constructor(overrides: Partial<StateRules> = {}, maintenance: { startMs: number; endMs: number; monitors: string[] }[] = []) {
    this.rules = {
      monitor: 'app',
      failAfter: 2,
      recoverAfter: 1,
      remindersMs: 60 * MIN,
      certWarningMs: 14 * DAY,
      inMaintenance: (at) => inMaintenance(maintenance, 'app', at),
      newIncidentId: (monitor, at) => `${monitor}-${at}-${++this.ids}`,
      ...overrides,
    };
  }

  check(passed: boolean, extra: Partial<CheckResult> = {}, stepMs = MIN): Transition {
    this.now += stepMs;
    const t = applyResult(this.state, { at: this.now, passed, ...(passed ? {} : { error: 'status == 200: got 503' }), ...extra }, this.rules);
    this.state = t.state;
    this.log.push(t);
    return t;
  }

  /** Events in order, e.g. ['down', 'reminder', 'recovered']. */
  events(): AlertEvent[] {
    return this.log.flatMap((t) => t.alerts.map((a) => a.event));
  }
}

describe('incident state machine', () => {
  it('failAfter consecutive failures open one incident; a pass in between resets the count', () => {
    const m = new FakeMonitor({ failAfter: 3 });
    m.check(false);
    m.check(false);
    m.check(true);
    m.check(false);
    m.check(false);
    assert.deepEqual(m.events(), []);
    assert.equal(m.state.incident, null);
    const t = m.check(false);
    assert.deepEqual(m.events(), ['down']);
    assert.equal(t.opened?.id, (m.state as MonitorState).incident?.id);
    assert.equal(t.alerts[0]?.startedAt, m.now);
    assert.equal(t.alerts[0]?.lastError, 'status == 200: got 503');
    assert.equal(m.state.status, 'down');
    m.check(false);
    m.check(false);
    assert.deepEqual(m.events(), ['down'], 'one alert per incident, not per failure');
  });

  it('recoverAfter consecutive passes close it with one recovered alert carrying the duration', () => {
    const m = new FakeMonitor({ recoverAfter: 2 });
    m.check(false);
    m.check(false);
    const startedAt = m.now;
    m.check(true);
    m.check(false);
    m.check(true);
    assert.equal(m.state.status, 'down');
    const t = m.check(true);
    assert.deepEqual(m.events(), ['down', 'recovered']);
    assert.equal(t.closed?.endedAt, m.now);
    assert.equal(t.alerts[0]?.durationMs, m.now - startedAt);
    assert.equal(t.alerts[0]?.incidentId, m.log[1]!.opened!.id);
    assert.equal(m.state.status, 'up');
    m.check(false);
    m.check(false);
    assert.notEqual(m.log.at(-1)!.opened!.id, t.closed!.id, 'a new outage is a new incident');
    assert.deepEqual(m.events(), ['down', 'recovered', 'down']);
  });

  it('reminders every interval while open, numbered so each is sent once; 0 disables them', () => {
    const m = new FakeMonitor({ remindersMs: 30 * MIN });
    m.check(false);
    m.check(false);
    for (let i = 0; i < 65; i++) m.check(false);
    const reminders = m.log.flatMap((t) => t.alerts).filter((a) => a.event === 'reminder');
    assert.deepEqual(
      reminders.map((a) => a.key),
      ['reminder#1', 'reminder#2'],
    );
    const never = new FakeMonitor({ remindersMs: 0 });
    for (let i = 0; i < 200; i++) never.check(false);
    assert.deepEqual(never.events(), ['down']);
  });

  it('maintenance silences alerts but not the incident; a down held back is sent when the window ends', () => {
    const start = T0 + 2 * MIN + 1;
    const m = new FakeMonitor({}, [{ startMs: start, endMs: start + 10 * MIN, monitors: ['*'] }]);
    m.check(true);
    m.check(true);
    // inside the window from here
    m.check(false);
    const opening = m.check(false);
    assert.ok(opening.opened, 'the incident opens (and is stored) during maintenance');
    assert.deepEqual(m.events(), []);
    for (let i = 0; i < 12; i++) m.check(false);
    assert.deepEqual(m.events(), ['down']);
    const alertAt = T0 + (m.log.findIndex((t) => t.alerts.length > 0) + 1) * MIN;
    assert.ok(alertAt >= start + 10 * MIN && alertAt < start + 11 * MIN, 'sent at the first check after the window');
  });

  it('an outage that starts and ends inside maintenance sends nothing; windows for other monitors do not apply', () => {
    const m = new FakeMonitor({}, [{ startMs: T0, endMs: T0 + 60 * MIN, monitors: ['*'] }]);
    m.check(false);
    m.check(false);
    m.check(true);
    assert.deepEqual(m.events(), []);
    assert.equal(m.log[1]!.opened !== null && m.log[2]!.closed !== null, true);
    const other = new FakeMonitor({}, [{ startMs: T0, endMs: T0 + 60 * MIN, monitors: ['db'] }]);
    other.check(false);
    other.check(false);
    assert.deepEqual(other.events(), ['down']);
  });

  it('a certificate inside the warning window warns once per certificate, again for a renewed one that also expires soon', () => {
    const m = new FakeMonitor();
    const first = T0 + 20 * DAY;
    m.check(true, { certExpiresAt: first }, 0);
    assert.deepEqual(m.events(), []);
    m.check(true, { certExpiresAt: first }, 7 * DAY);
    assert.deepEqual(m.events(), ['cert-expiring']);
    m.check(true, { certExpiresAt: first }, DAY);
    assert.deepEqual(m.events(), ['cert-expiring']);
    const renewed = m.now + 5 * DAY;
    m.check(true, { certExpiresAt: renewed });
    const alerts = m.log.flatMap((t) => t.alerts);
    assert.equal(alerts.length, 2);
    assert.notEqual(alerts[0]!.incidentId, alerts[1]!.incidentId);
    assert.match(alerts[1]!.lastError, /in 5\.0 days/);
  });

  it('the warning threshold comes from the monitor’s cert_expires_in condition', () => {
    assert.equal(certWarningFromConditions([parseCondition('cert_expires_in > 21d', 'tls'), parseCondition('response_time < 100', 'tls')]), 21 * DAY);
    assert.equal(certWarningFromConditions([parseCondition('connected == true', 'tls')]), null);
  });

  it('a worker resuming the store’s open incident sends no second down, the next reminder in turn and one recovered', () => {
    const m = new FakeMonitor({ remindersMs: 30 * MIN, recoverAfter: 2 });
    m.check(false);
    // the snapshot lags (one failure, no incident); the store has the incident open, its down and reminder#1 claimed
    const open = {
      id: 'app-elsewhere',
      startedAt: T0,
      lastError: 'refused',
      alertsClaimed: [
        { key: 'down', at: T0 },
        { key: 'reminder#1', at: T0 + 30 * MIN },
      ],
    };
    m.state = resumeIncident(m.state, open);
    assert.equal(m.state.status, 'down');
    assert.deepEqual(m.state.incident, { id: 'app-elsewhere', startedAt: T0, lastError: 'refused', alerted: true, lastAlertAt: T0 + 30 * MIN, reminders: 1 });
    for (let i = 0; i < 60; i++) m.check(false); // a minute apart: reminder#2 is due an hour after the start
    m.check(true);
    m.check(true);
    assert.deepEqual(
      m.log.flatMap((t) => t.alerts).map((a) => `${a.key} ${a.incidentId}`),
      ['reminder#2 app-elsewhere', 'recovered app-elsewhere'],
    );
    assert.equal(m.log.filter((t) => t.opened).length, 0, 'no incident of its own');
    assert.equal(m.log.at(-1)!.closed?.id, 'app-elsewhere');
    // an incident whose down was never claimed (its opener died first) gets its down from the next check
    const orphan = resumeIncident(initialState(), { id: 'app-orphan', startedAt: T0, lastError: 'x', alertsClaimed: [] });
    assert.equal(orphan.incident?.alerted, false);
    assert.deepEqual(
      applyResult(orphan, { at: T0 + MIN, passed: false }, m.rules).alerts.map((a) => `${a.event} ${a.incidentId}`),
      ['down app-orphan'],
    );
    // the store has none open: the snapshot's incident (closed meanwhile, or never written) is dropped
    const closed = resumeIncident(m.state, null);
    assert.equal(closed, m.state, 'nothing to change');
    const stale: MonitorState = { ...orphan, consecutiveFailures: 1 };
    assert.deepEqual(resumeIncident(stale, null), { ...stale, incident: null, status: 'up' });
  });

  it('is pure: the previous state is not modified', () => {
    const m = new FakeMonitor();
    m.check(false);
    m.check(false);
    const before = structuredClone(m.state);
    applyResult(m.state, { at: m.now + 2 * 3_600_000, passed: false }, m.rules);
    assert.deepEqual(m.state, before);
  });
});
