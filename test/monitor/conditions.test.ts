// The condition language: parse errors name what is wrong, evaluation is table-driven over probe observations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConditionError, evaluateConditions, type MonitorType, type ProbeObservation, parseCondition } from '../../src/monitor/conditions.ts';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const DAY = 86_400_000;

describe('parseCondition', () => {
  const good: [string, MonitorType, Partial<ReturnType<typeof parseCondition>>][] = [
    ['status == 200', 'http', { operator: '==', numeric: 200, subject: { kind: 'status' } }],
    ['response_time < 300', 'http', { operator: '<', numeric: 300 }],
    ['response_time <= 1s', 'http', { operator: '<=', numeric: 1000 }],
    ['body contains "all good"', 'http', { operator: 'contains', value: 'all good', subject: { kind: 'body' } }],
    ['body.status == ok', 'http', { operator: '==', value: 'ok', subject: { kind: 'body-path', path: ['status'] } }],
    ['body.checks[1].latency_ms < 50', 'http', { operator: '<', numeric: 50, subject: { kind: 'body-path', path: ['checks', 1, 'latency_ms'] } }],
    ['header.Content-Type contains json', 'http', { operator: 'contains', subject: { kind: 'header', name: 'content-type' } }],
    ['cert_expires_in > 14d', 'tls', { operator: '>', numeric: 14 * DAY }],
    ['cert_expires_in >= 36h', 'http', { operator: '>=', numeric: 36 * 3_600_000 }],
    ['answer contains 203.0.113.7', 'dns', { operator: 'contains', value: '203.0.113.7' }],
    ['rcode == NOERROR', 'dns', { operator: '==', value: 'NOERROR' }],
    ['connected == true', 'tcp', { operator: '==', value: 'true' }],
  ];
  for (const [text, type, expected] of good)
    it(`accepts ${text} (${type})`, () => {
      const c = parseCondition(text, type);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(c[k as keyof typeof c], v, k);
    });

  const bad: [string, MonitorType, RegExp][] = [
    ['status = 200', 'http', /expected "<subject> <operator> <value>"/],
    ['status == abc', 'http', /3-digit/],
    ['status contains 2', 'http', /operator "contains" does not apply to status/],
    ['latency < 300', 'http', /unknown subject "latency"/],
    ['response_time < fast', 'http', /milliseconds/],
    ['cert_expires_in > 14', 'tls', /days or hours/],
    ['cert_expires_in > 2w', 'tls', /days or hours/],
    ['body < 3', 'http', /operator "<" does not apply to body/],
    ['body.a..b == 1', 'http', /unknown subject/],
    ['body.count > many', 'http', /needs a number/],
    ['answer contains 1.2.3.4', 'http', /does not apply to a http monitor/],
    ['status == 200', 'tcp', /does not apply to a tcp monitor/],
    ['connected == yes', 'tcp', /true or false/],
    ['status ==', 'http', /missing value|expected/],
  ];
  for (const [text, type, message] of bad)
    it(`rejects ${text} (${type})`, () => {
      assert.throws(
        () => parseCondition(text, type),
        (e: unknown) => e instanceof ConditionError && message.test(e.message),
      );
    });
});

describe('evaluateConditions', () => {
  const json = JSON.stringify({ status: 'ok', count: 3, checks: [{ name: 'db', up: true }], tags: ['a', 'b'] });
  const http: ProbeObservation = {
    status: 200,
    responseTimeMs: 120,
    body: json,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-multi': ['a', 'b'] },
    certExpiresAt: NOW + 5 * DAY,
  };
  const cases: [string, MonitorType, ProbeObservation, boolean, RegExp?][] = [
    ['status == 200', 'http', http, true],
    ['status == 200', 'http', { ...http, status: 503 }, false, /got 503/],
    ['status != 500', 'http', http, true],
    ['status >= 500', 'http', http, false],
    ['response_time < 300', 'http', http, true],
    ['response_time < 100', 'http', http, false, /got 120 ms/],
    ['response_time < 300', 'http', { error: 'timeout after 10000 ms' }, false, /no value/],
    ['body contains "ok"', 'http', http, true],
    ['body contains maintenance', 'http', http, false, /not found/],
    ['body == pong', 'http', { ...http, body: 'pong' }, true],
    ['body != pong', 'http', { ...http, body: 'pong' }, false],
    ['body.status == ok', 'http', http, true],
    ['body.status == ok', 'http', { ...http, body: '{"status":"degraded"}' }, false, /got "degraded"/],
    ['body.status == ok', 'http', { ...http, body: '<html>' }, false, /not JSON/],
    ['body.missing == ok', 'http', http, false, /path not found/],
    ['body.count > 2', 'http', http, true],
    ['body.count > 3', 'http', http, false, /got 3/],
    ['body.count == 3', 'http', http, true],
    ['body.checks[0].up == true', 'http', http, true],
    ['body.checks[1].up == true', 'http', http, false, /path not found/],
    ['body.tags contains b', 'http', http, true],
    ['body.status > 1', 'http', http, false, /not a number/],
    ['header.Content-Type contains json', 'http', http, true],
    ['header.content-type == text/html', 'http', http, false],
    ['header.X-Multi == a, b', 'http', http, true],
    ['header.X-Absent != x', 'http', http, true],
    ['header.X-Absent == x', 'http', http, false, /absent/],
    ['cert_expires_in > 14d', 'http', http, false, /expires in 5\.0 days/],
    ['cert_expires_in > 4d', 'tls', http, true],
    ['cert_expires_in > 120h', 'tls', { certExpiresAt: NOW + 121 * 3_600_000 }, true],
    ['cert_expires_in > 14d', 'tls', { error: 'ECONNREFUSED' }, false, /no certificate/],
    ['answer contains 203.0.113.7', 'dns', { answers: ['203.0.113.70', '203.0.113.8'] }, false],
    ['answer contains 203.0.113.7', 'dns', { answers: ['203.0.113.8', '203.0.113.7'] }, true],
    ['answer == 203.0.113.7, 203.0.113.8', 'dns', { answers: ['203.0.113.8', '203.0.113.7'] }, true],
    ['answer == 203.0.113.7', 'dns', { answers: ['203.0.113.8', '203.0.113.7'] }, false],
    ['answer != 203.0.113.9', 'dns', { answers: ['203.0.113.7'] }, true],
    ['rcode == NOERROR', 'dns', { rcode: 'NXDOMAIN' }, false, /got NXDOMAIN/],
    ['rcode == noerror', 'dns', { rcode: 'NOERROR' }, true],
    ['connected == true', 'tcp', { connected: true }, true],
    ['connected == true', 'tcp', { connected: false, error: 'ECONNREFUSED' }, false, /ECONNREFUSED/],
    ['connected == false', 'tcp', { connected: false, error: 'ECONNREFUSED' }, true],
  ];
  for (const [text, type, observation, passed, message] of cases)
    it(`${text} on ${JSON.stringify(observation).slice(0, 60)} -> ${passed ? 'pass' : 'fail'}`, () => {
      const outcome = evaluateConditions([parseCondition(text, type)], observation, NOW);
      assert.equal(outcome.passed, passed, outcome.failures.join('; '));
      if (message) assert.match(outcome.failures.join('; '), message);
    });

  it('a transport error fails the check even with no conditions, and every failed condition is listed', () => {
    assert.deepEqual(evaluateConditions([], { error: 'connect ECONNREFUSED 127.0.0.1:9' }, NOW), { passed: false, failures: ['connect ECONNREFUSED 127.0.0.1:9'] });
    assert.deepEqual(evaluateConditions([], { connected: true }, NOW), { passed: true, failures: [] });
    const both = evaluateConditions([parseCondition('status == 200', 'http'), parseCondition('response_time < 100', 'http')], { ...http, status: 500 }, NOW);
    assert.deepEqual(both.failures, ['status == 200: got 500', 'response_time < 100: got 120 ms']);
  });
});
