// Ranking from findings only: minimum bar, score and grade, impact order, owners, fix order, baseline and the gate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG_BY_ID } from '../../src/catalog.ts';
import { applyBaseline, failsGate, minimumBar, ownerFor, rankFindings, scoreAndGrade } from '../../src/report/rank.ts';
import type { CheckResult, Finding, Severity } from '../../src/types.ts';
import { planFor } from '../support/facts.ts';

function finding(id: string, target: string, severity?: Severity): Finding {
  const e = CATALOG_BY_ID.get(id);
  assert.ok(e, id);
  return {
    id,
    fingerprint: `${id}|${target}`,
    severity: severity ?? e.severity,
    stage: e.stage,
    bar: e.bar,
    title: id,
    target,
    evidence: {},
    fix: 'fix',
    owner: null,
    impactRank: 0,
    fixOrder: 0,
    baseline: null,
  };
}

describe('rank', () => {
  it('marks a bar row fail with its ids, unknown when a check of it did not run, pass otherwise', () => {
    const checks: CheckResult[] = [
      { id: 'http.hsts-missing', status: 'failed', reason: null, durationMs: 0 },
      { id: 'cache.static-not-cached', status: 'passed', reason: null, durationMs: 0 },
      { id: 'cache.no-compression', status: 'passed', reason: null, durationMs: 0 },
      { id: 'email.spf-missing', status: 'skipped', reason: 'no sending domain configured', durationMs: 0 },
    ];
    const rows = minimumBar(checks, [finding('http.hsts-missing', 'https://app.acme.test/')], planFor({ email: { domain: null, dkimSelectors: [], smtpPort: 25 } }));
    const byRow = Object.fromEntries(rows.map((r) => [r.row, r]));
    assert.equal(rows.length, 7);
    assert.equal(byRow.ssl?.status, 'fail');
    assert.deepEqual(byRow.ssl?.findings, ['http.hsts-missing']);
    assert.equal(byRow.caching?.status, 'pass');
    assert.equal(byRow.email?.status, 'unknown');
    assert.match(byRow.email?.missing ?? '', /no sending domain configured.*email\.domain/);
    // a row none of whose checks ran is never pass
    assert.equal(byRow.monitoring?.status, 'pass', 'no monitoring check listed in this run counts as not failing');
  });

  it('does not repeat the hint when the reasons already name its flags', () => {
    const checks: CheckResult[] = [
      { id: 'redirect.no-https-redirect', status: 'skipped', reason: 'no URL or hosts to audit: give --url or app.canonical', durationMs: 0 },
      { id: 'email.spf-missing', status: 'skipped', reason: 'no sending domain configured', durationMs: 0 },
    ];
    const rows = minimumBar(checks, [], planFor({ canonical: null, email: { domain: null, dkimSelectors: [], smtpPort: 25 } }));
    assert.equal(rows.find((r) => r.row === 'ssl')?.missing, '1 check(s) did not run: no URL or hosts to audit: give --url or app.canonical');
    assert.match(rows.find((r) => r.row === 'email')?.missing ?? '', /no sending domain configured \(.*--domain\)$/);
  });

  it('never passes a row whose checks were skipped', () => {
    const rows = minimumBar([{ id: 'deploy.no-ci', status: 'skipped', reason: 'no repository given', durationMs: 0 }], [], planFor({ repo: null }));
    assert.equal(rows.find((r) => r.row === 'deployments')?.status, 'unknown');
  });

  it('scores by severity, caps the grade at D with a blocker, and gives A+ to a clean run', () => {
    assert.deepEqual(scoreAndGrade([]), { score: 100, grade: 'A+' });
    assert.equal(scoreAndGrade([finding('http.nosniff-missing', 'x')]).grade, 'A+');
    assert.equal(scoreAndGrade([finding('http.hsts-missing', 'x')]).grade, 'A');
    const blocked = scoreAndGrade([finding('redirect.loop', 'http://a/')]);
    assert.equal(blocked.score, 80);
    assert.equal(blocked.grade, 'D');
    // one noisy check cannot sink the score alone
    const many = Array.from({ length: 30 }, (_, i) => finding('http.cookie-insecure', `https://a/${i}`));
    assert.equal(scoreAndGrade(many).score, 84);
  });

  it('ranks by severity then reach, assigns owners by bar, stage or default, and orders fixes DNS → TLS → redirects', () => {
    const plan = planFor();
    const owners = { ssl: 'Dana', domain: 'Eve', default: 'Sam', performance: 'Bo' };
    const findings = [
      finding('redirect.no-https-redirect', 'http://app.acme.test/'),
      finding('tls.cert-expired', 'app.acme.test:443'),
      finding('dns.unresolvable-host', 'api.acme.test'),
      finding('http.csp-missing', 'https://app.acme.test/'),
      finding('perf.p95-over-budget', 'GET /api/orders'),
    ];
    const { findings: ranked, blockers } = rankFindings(findings, plan, owners);
    assert.deepEqual(
      ranked.map((f) => f.id),
      ['dns.unresolvable-host', 'tls.cert-expired', 'redirect.no-https-redirect', 'perf.p95-over-budget', 'http.csp-missing'],
    );
    assert.deepEqual(
      ranked.map((f) => f.impactRank),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      blockers.map((b) => [b.id, b.fixOrder]),
      [
        ['dns.unresolvable-host', 1],
        ['tls.cert-expired', 2],
        ['redirect.no-https-redirect', 3],
      ],
    );
    assert.deepEqual(blockers[2]?.after, [1, 2]);
    assert.equal(ranked.find((f) => f.id === 'tls.cert-expired')?.owner, 'Dana');
    assert.equal(ranked.find((f) => f.id === 'dns.unresolvable-host')?.owner, 'Eve');
    assert.equal(ranked.find((f) => f.id === 'perf.p95-over-budget')?.owner, 'Bo');
    assert.equal(ranked.find((f) => f.id === 'http.csp-missing')?.owner, 'Sam');
    assert.equal(ranked.find((f) => f.id === 'http.csp-missing')?.fixOrder, 0, 'mediums are not in the fix order');
    assert.equal(ownerFor(finding('http.csp-missing', 'x'), {}), null);
  });

  it('rotates a leaked secret before cleaning history', () => {
    const { findings } = rankFindings([finding('secrets.in-history', 'a.js:1'), finding('secrets.hardcoded', 'b.js:2')], planFor());
    assert.equal(findings.find((f) => f.id === 'secrets.hardcoded')?.fixOrder, 1);
    assert.equal(findings.find((f) => f.id === 'secrets.in-history')?.fixOrder, 2);
  });

  it('marks baseline findings known, lists fixed ones, and gates only on new ones', () => {
    const known = finding('redirect.loop', 'http://a/');
    const fresh = finding('http.hsts-missing', 'https://a/');
    const { fixed } = applyBaseline([known, fresh], {
      findings: [
        { id: known.id, fingerprint: known.fingerprint, target: known.target },
        { id: 'tls.cert-expired', fingerprint: 'gone', target: 'a:443' },
      ],
    });
    assert.equal(known.baseline, 'known');
    assert.equal(fresh.baseline, 'new');
    assert.deepEqual(fixed, [{ id: 'tls.cert-expired', fingerprint: 'gone', target: 'a:443' }]);
    assert.equal(failsGate([known, fresh], 'blocker'), false, 'the known blocker does not fail the gate');
    assert.equal(failsGate([known, fresh], 'high'), true);
    assert.equal(failsGate([known, fresh], 'none'), false);
  });

  it('an unreachable or unresolvable canonical host comes first in impact and fix order, before higher-reach blockers', () => {
    const plan = planFor();
    const down = { ...finding('redirect.broken-variant', 'https://app.acme.test', 'blocker'), evidence: { canonicalUnreachable: true } };
    const others = [finding('dns.unresolvable-host', 'www.acme.test'), finding('tls.cert-expired', 'app.acme.test'), finding('secrets.hardcoded', 'src/a.ts:1')];
    const { findings, blockers } = rankFindings([...others, down], plan);
    assert.equal(findings[0]?.id, 'redirect.broken-variant');
    assert.equal(findings[0]?.fixOrder, 1);
    assert.equal(blockers[0]?.id, 'redirect.broken-variant');
    // the same blocker on another host is an ordinary broken variant
    const elsewhere = { ...finding('redirect.broken-variant', 'https://www.acme.test', 'blocker'), evidence: { canonicalUnreachable: true } };
    assert.equal(rankFindings([...others, elsewhere], plan).findings[0]?.id, 'dns.unresolvable-host');
    const unresolvable = finding('dns.unresolvable-host', 'app.acme.test');
    const ranked = rankFindings([finding('secrets.hardcoded', 'src/a.ts:1'), finding('dns.unresolvable-host', 'www.acme.test'), unresolvable], plan).findings;
    assert.equal(ranked[0]?.target, 'app.acme.test');
    assert.equal(ranked[0]?.fixOrder, 1);
  });
});
