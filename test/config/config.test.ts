// Config validation names the key path and expected type; ${VAR} values are interpolated and registered for masking.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpolate, UsageError, validateConfig } from '../../src/config/load.ts';
import { Redactor } from '../../src/mask.ts';
import { buildPlan, parseDuration } from '../../src/plan.ts';

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof UsageError);
    return e.message;
  }
  assert.fail('expected a UsageError');
};

describe('config', () => {
  it('accepts the CONTRACT example', () => {
    const c = validateConfig(
      {
        app: { name: 'Acme Ops', canonical: 'https://app.acme.example', hosts: ['acme.example'], frontendOrigins: ['https://app.acme.example'], ports: { http: 80, https: 443 } },
        email: { domain: 'acme.example', dkimSelectors: ['google', 's1'], smtpPort: 25 },
        routes: [{ path: '/api/orders', method: 'GET', kind: 'read', budgetMs: 300, critical: true, auth: 'private', headers: { Authorization: 'Bearer ${OPS_TOKEN}' } }],
        load: { expectedPeakRps: 20, duration: '20s' },
        repo: '.',
        migrations: { dir: 'db/migrations' },
        database: { urlEnv: 'DATABASE_URL' },
        logs: ['var/log/app/*.log'],
        owners: { domain: 'Dana', ssl: 'Dana', deployments: 'Bo', secrets: 'Bo', performance: 'Bo' },
        monitor: {
          interval: '30s',
          alerts: [
            { type: 'webhook', url: '${ALERT_WEBHOOK}' },
            { type: 'email', to: 'ops@acme.example', smtp: '${SMTP_URL}' },
          ],
        },
      },
      'test',
    );
    assert.equal(c.app?.name, 'Acme Ops');
  });

  it('names the key path of unknown keys, wrong types and bad enums', () => {
    assert.match(
      errorOf(() => validateConfig({ app: { canonicall: 'x' } }, 't')),
      /app\.canonicall: unknown key/,
    );
    assert.match(
      errorOf(() => validateConfig({ routes: [{ path: '/a' }, { path: '/b', budgetMs: 'fast' }] }, 't')),
      /routes\[1\]\.budgetMs: expected integer/,
    );
    assert.match(
      errorOf(() => validateConfig({ routes: [{ path: '/a', kind: 'reading' }] }, 't')),
      /routes\[0\]\.kind: expected one of read, report/,
    );
    assert.match(
      errorOf(() => validateConfig({ owners: { dns: 'x', sales: 'y' } }, 't')),
      /owners\.sales: unknown key/,
    );
    assert.match(
      errorOf(() => validateConfig({ routes: [{ method: 'GET' }] }, 't')),
      /routes\[0\]\.path: required/,
    );
    assert.match(
      errorOf(() => validateConfig('just a string', 't')),
      /expected object/,
    );
  });

  it('suggests the known key a typo is close to, at the same place, and only a known one', () => {
    const load = errorOf(() => validateConfig({ load: { expectedPeak: 20 } }, 't'));
    assert.match(load, /load\.expectedPeak: unknown key, did you mean load\.expectedPeakRps\?/);
    assert.match(
      errorOf(() => validateConfig({ routes: [{ path: '/a', budgetM: 300 }] }, 't')),
      /routes\[0\]\.budgetM: unknown key, did you mean routes\[0\]\.budgetMs\?/,
    );
    assert.match(
      errorOf(() => validateConfig({ rotes: [] }, 't')),
      /rotes: unknown key, did you mean routes\?/,
    );
    assert.doesNotMatch(
      errorOf(() => validateConfig({ owners: { sales: 'y' } }, 't')),
      /did you mean/,
    );
  });

  it('says where the bad keys are: in the same message, not "above"', () => {
    const one = (() => {
      try {
        validateConfig({ load: { expectedPeak: 20 } }, 't');
      } catch (e) {
        return e as UsageError;
      }
      assert.fail('expected a UsageError');
    })();
    assert.doesNotMatch(one.hint, /above/);
    assert.match(one.hint, /^fix that key/);
  });

  it("interpolates ${VAR} from the environment and registers the value with the run's redactor only", () => {
    const redactor = new Redactor();
    const other = new Redactor();
    const out = interpolate({ routes: [{ path: '/a', headers: { Authorization: 'Bearer ${T_TOKEN}' } }] }, { T_TOKEN: 'tok-1234567890' }, redactor);
    assert.equal(out.routes[0]?.headers.Authorization, 'Bearer tok-1234567890');
    assert.equal(redactor.redact('x tok-1234567890 y'), 'x tok-…(14 chars) y');
    assert.equal(other.size, 0, "another run's redactor learns nothing");
    assert.match(
      errorOf(() => interpolate({ a: '${NOPE_NOT_SET}' }, {}, new Redactor())),
      /NOPE_NOT_SET is not set/,
    );
  });

  it('plans hosts, budgets, stages and keeps header values out of the plan', () => {
    const { plan, secrets } = buildPlan(
      {
        app: { canonical: 'https://app.acme.example/' },
        routes: [
          { path: '/r', kind: 'report', headers: { Authorization: 'Bearer zzzzzzzz' } },
          { path: '/login', kind: 'login' },
        ],
      },
      { urls: [], skip: ['perf,db'], cwd: '/', cwdIsGitRepo: false },
      {},
    );
    assert.deepEqual(plan.hosts, ['app.acme.example', 'acme.example', 'www.acme.example']);
    assert.equal(plan.domain, 'acme.example');
    assert.equal(plan.routes[0]?.budgetMs, 800);
    assert.equal(plan.routes[0]?.auth, 'private');
    assert.equal(plan.routes[1]?.method, 'POST');
    assert.ok(!plan.stages.includes('perf') && !plan.stages.includes('db'));
    assert.match(plan.stageReasons.perf ?? '', /--skip/);
    assert.ok(!JSON.stringify(plan).includes('zzzzzzzz'));
    assert.equal(secrets.routeHeaders['GET /r']?.Authorization, 'Bearer zzzzzzzz');
    assert.equal(parseDuration('20s', 0), 20_000);
    assert.equal(parseDuration('2m', 0), 120_000);
  });
});
