// The runner never turns could-not-run into not-applicable or findings: a failed collector and a crashing check are
// `error` with the reason, and a check's own could-not-run verdict stays `error`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG } from '../../src/catalog.ts';
import { cannotRun, defineCheck } from '../../src/checks/define.ts';
import { runChecks } from '../../src/checks/run.ts';
import { factsWith } from '../support/facts.ts';
import { runAllChecks } from '../support/run-all.ts';
import { web } from './web/web-facts.ts';

const webIds = CATALOG.filter((e) => e.pipelineStage === 'web').map((e) => e.id);

describe('check runner: could-not-run is error with the reason', () => {
  it('a failed web collector makes every web check error, with no findings', () => {
    const out = runAllChecks(factsWith({ web: { error: { code: 'ECONNREFUSED', message: 'connection refused' } } }));
    for (const id of webIds) {
      const result = out.checks.find((c) => c.id === id);
      if (result?.reason === 'not implemented yet') continue;
      assert.equal(result?.status, 'error', id);
      assert.match(result?.reason ?? '', /web collector failed: connection refused/);
    }
    assert.deepEqual(out.findings, []);
  });

  it('a check that throws on its input is error with the message, and one that cannot judge stays error', () => {
    const crashing = defineCheck({ id: 'http.csp-unsafe', title: 't', failureTitle: 'f', requires: ['web'], fix: 'x', docs: { why: 'w', fix: 'f', references: [] } }, () => {
      throw new TypeError('Invalid URL');
    });
    const unjudged = defineCheck({ id: 'http.csp-missing', title: 't', failureTitle: 'f', requires: ['web'], fix: 'x', docs: { why: 'w', fix: 'f', references: [] } }, () =>
      cannotRun('no page of https://app.acme.test/ could be fetched'),
    );
    const out = runChecks(
      factsWith({ web: web() }),
      new Map([
        ['http.csp-unsafe', crashing],
        ['http.csp-missing', unjudged],
      ]),
    );
    assert.deepEqual(
      out.checks.filter((c) => c.id === 'http.csp-unsafe' || c.id === 'http.csp-missing').map((c) => [c.id, c.status, c.reason]),
      [
        ['http.csp-missing', 'error', 'no page of https://app.acme.test/ could be fetched'],
        ['http.csp-unsafe', 'error', 'check crashed: Invalid URL'],
      ],
    );
    assert.deepEqual(out.findings, []);
  });
});
