import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMtaStsRecord, mtaStsRecordErrors, mxMatchesPattern, parseMtaStsPolicy } from '../../src/analyze/mta-sts.ts';

describe('MTA-STS', () => {
  it('parses a valid policy', () => {
    const p = parseMtaStsPolicy('version: STSv1\r\nmode: enforce\r\nmx: mx1.x.test\r\nmx: *.mail.x.test\r\nmax_age: 604800\r\n');
    assert.deepEqual([p.mode, p.mx, p.maxAge, p.errors], ['enforce', ['mx1.x.test', '*.mail.x.test'], 604800, []]);
  });
  it('reports missing and bad fields', () => {
    const p = parseMtaStsPolicy('mode: strict\nmax_age: forever\n');
    assert.ok(p.errors.some((e) => /mode: strict/.test(e)));
    assert.ok(p.errors.some((e) => /max_age: forever/.test(e)));
    assert.ok(p.errors.some((e) => /version/.test(e)));
    assert.ok(p.errors.some((e) => /no mx/.test(e)));
  });
  it('checks the TXT record', () => {
    assert.equal(isMtaStsRecord('v=STSv1; id=2026'), true);
    assert.deepEqual(mtaStsRecordErrors('v=STSv1; id=2026'), []);
    assert.equal(mtaStsRecordErrors('v=STSv1;').length, 1);
    assert.equal(mtaStsRecordErrors('v=STSv1; id=has-dash').length, 1);
  });
  it('matches MX patterns with a one-label wildcard', () => {
    assert.equal(mxMatchesPattern('a.mail.x.test', '*.mail.x.test'), true);
    assert.equal(mxMatchesPattern('b.a.mail.x.test', '*.mail.x.test'), false);
    assert.equal(mxMatchesPattern('MX1.x.test.', 'mx1.x.test'), true);
  });
});
