import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectivePolicy, parseDmarc, recommendedDmarc } from '../../src/analyze/dmarc.ts';

describe('parseDmarc', () => {
  it('reads p, sp, pct and rua', () => {
    const d = parseDmarc('v=DMARC1; p=quarantine; sp=reject; pct=50; rua=mailto:a@x.test,mailto:b@x.test');
    assert.deepEqual([d.policy, d.subdomainPolicy, d.pct, d.rua, d.errors], ['quarantine', 'reject', 50, ['mailto:a@x.test', 'mailto:b@x.test'], []]);
    assert.equal(effectivePolicy(d, true), 'reject');
    assert.equal(effectivePolicy(d, false), 'quarantine');
  });
  it('defaults pct to 100', () => assert.equal(parseDmarc('v=DMARC1; p=none').pct, 100));
  for (const [record, error] of [
    ['p=reject; v=DMARC1', /must start with v=DMARC1/],
    ['v=DMARC1; p=block', /p=block/],
    ['v=DMARC1', /no p= tag/],
    ['v=DMARC1; p=none; pct=150', /pct=150/],
    ['v=DMARC1; p=none; rua=dmarc@x.test', /not a mailto/],
  ] as const) {
    it(`rejects "${record}"`, () => assert.ok(parseDmarc(record).errors.some((e) => error.test(e))));
  }
  it('builds the record to publish', () => {
    assert.equal(recommendedDmarc('x.test'), 'v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@x.test');
    assert.equal(
      recommendedDmarc('x.test', { policy: 'reject', rua: ['mailto:r@x.test'], keep: { v: 'DMARC1', adkim: 's', pct: '10' } }),
      'v=DMARC1; p=reject; rua=mailto:r@x.test; adkim=s',
    );
  });
});
