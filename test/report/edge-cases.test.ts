// Every reporter survives empty and odd reports: nothing ran, zero metrics, malformed inventory, deep or huge evidence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { REPORTERS } from '../../src/report/formats/index.ts';
import type { Report } from '../../src/types.ts';
import { BARS } from '../../src/types.ts';
import { sampleReport } from '../support/sample-report.ts';

function emptyReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'launchready', version: '0.0.0-test' },
    startedAt: '2026-11-27T20:00:00.000Z',
    durationMs: 0,
    target: { canonical: null, hosts: [], domain: null, repo: null },
    score: 100,
    grade: 'A+',
    minimumBar: BARS.map((row) => ({ row, status: 'unknown' as const, findings: [], missing: 'nothing configured' })),
    checks: [],
    findings: [],
    blockers: [],
    domainMap: [],
    metrics: { routes: [] },
  };
}

function oddReport(): Report {
  const r = sampleReport();
  let deep: Record<string, unknown> = { leaf: 'end' };
  for (let i = 0; i < 50; i++) deep = { level: i, deep };
  const first = r.findings[0];
  assert.ok(first);
  first.evidence = { deep, huge: 'x'.repeat(100_000), emoji: '🚀 déjà vu 漢字', nothing: null, list: [], nested: [[1, [2, [3]]]] };
  first.title = `${'Very long title '.repeat(40)}end`;
  r.metrics.routes = [
    {
      method: 'GET',
      path: '/zero',
      kind: 'read',
      budgetMs: 0,
      requests: 0,
      rps: 0,
      errorsPct: 0,
      p50Ms: 0,
      p95Ms: 0,
      p99Ms: 0,
      maxMs: 0,
      breakingRps: null,
      queriesPerRequest: null,
      curve: [{ rps: 0, p95Ms: 0, errorsPct: 0 }],
    },
    {
      method: 'GET',
      path: '/flat',
      kind: 'read',
      budgetMs: 300,
      requests: 10,
      rps: 5,
      errorsPct: 100,
      p50Ms: 1,
      p95Ms: 1,
      p99Ms: 1,
      maxMs: 1,
      breakingRps: 0,
      queriesPerRequest: 0,
      curve: [
        { rps: 0, p95Ms: 0, errorsPct: 100 },
        { rps: 0, p95Ms: 0, errorsPct: 100 },
      ],
    },
  ];
  r.inventory = { broken: 'not a table', alsoBroken: { title: 'x', columns: 'a', rows: [] }, ok: { title: 'Ragged', columns: ['a', 'b'], rows: [['only one'], ['1', '2', '3']] } };
  r.domainMap.push({ host: 'nothing.acme.test', addresses: [], cname: null, variants: [] });
  r.durationMs = Number.NaN;
  return r;
}

describe('reporters on edge cases', () => {
  for (const [name, render] of Object.entries(REPORTERS)) {
    it(`${name}: an empty report (nothing ran) and an odd one render without throwing`, () => {
      for (const report of [emptyReport(), oddReport()]) {
        const text = render(report, { color: true, width: 40 });
        assert.equal(typeof text, 'string');
        assert.ok(text.length > 50);
        if (name === 'json' || name === 'sarif') assert.doesNotThrow(() => JSON.parse(text));
        if (name === 'junit') assert.equal(XMLValidator.validate(text), true);
        if (name === 'terminal') for (const line of text.trimEnd().split('\n').slice(0, -1)) assert.ok([...line.replace(/\u001b\[[0-9;]*m/g, '')].length <= 40, line);
        if (name === 'html' || name === 'markdown') assert.ok(text.length < 400_000, `${name} bounded: ${text.length}`);
      }
    });
  }

  it('an empty report is never called launch-ready', () => {
    for (const name of ['terminal', 'markdown', 'html'] as const) {
      const text = REPORTERS[name]?.(emptyReport(), { color: false, width: 80 }) ?? '';
      assert.match(text, /No blockers found, but 7 minimum-bar rows unknown/);
      assert.doesNotMatch(text, /Launch-ready:/);
    }
  });
});
