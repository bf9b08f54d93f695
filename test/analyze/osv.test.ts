import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advisorySeverity, affectsVersion, cvss3BaseScore, matchAdvisories, type OsvAdvisory, packageKey } from '../../src/analyze/osv.ts';

const range = (events: object[]) => ({ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events }] });

describe('OSV matching', () => {
  it('evaluates introduced/fixed/last_affected events in version order', () => {
    const e = range([{ introduced: '0' }, { fixed: '1.2.6' }, { introduced: '2.0.0' }, { last_affected: '2.3.0' }]);
    assert.deepEqual(affectsVersion(e, 'npm', '1.2.5'), { fixed: '1.2.6' });
    assert.equal(affectsVersion(e, 'npm', '1.2.6'), null);
    assert.equal(affectsVersion(e, 'npm', '1.9.0'), null);
    assert.deepEqual(affectsVersion(e, 'npm', '2.3.0'), { fixed: null });
    assert.equal(affectsVersion(e, 'npm', '2.3.1'), null);
    // events given out of order are sorted first
    assert.deepEqual(affectsVersion(range([{ fixed: '3.0.0' }, { introduced: '2.0.0' }]), 'npm', '2.5.0'), { fixed: '3.0.0' });
  });

  it('uses the versions list and ignores GIT ranges', () => {
    const e = { versions: ['1.0.0'], ranges: [{ type: 'GIT', events: [{ introduced: 'abc' }] }] };
    assert.ok(affectsVersion(e, 'npm', '1.0.0'));
    assert.equal(affectsVersion(e, 'npm', '1.0.1'), null);
  });

  it('computes CVSS v3 base scores and maps severities', () => {
    assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
    assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'), 6.1);
    assert.equal(cvss3BaseScore('CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N'), 1.8);
    assert.equal(cvss3BaseScore('CVSS:4.0/AV:N'), null);
    const base: OsvAdvisory = { id: 'X', affected: [] };
    assert.equal(advisorySeverity({ ...base, database_specific: { severity: 'CRITICAL' } }).severity, 'high');
    assert.equal(advisorySeverity({ ...base, database_specific: { severity: 'MODERATE' } }).severity, 'medium');
    assert.equal(advisorySeverity({ ...base, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' }] }).severity, 'medium');
    assert.deepEqual(advisorySeverity(base), { severity: 'high', source: 'no severity in the advisory' });
  });

  it('matches packages by normalised name per ecosystem', () => {
    const adv: OsvAdvisory = {
      id: 'PYSEC-1',
      affected: [{ package: { ecosystem: 'PyPI', name: 'Django_Rest.Framework' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.15' }] }] }],
    };
    const index = new Map([
      [packageKey('PyPI', 'djangorestframework'), [adv]],
      [packageKey('PyPI', 'django-rest-framework'), [adv]],
    ]);
    const found = matchAdvisories([{ name: 'django-rest-framework', version: '3.14.0', ecosystem: 'PyPI', lockfile: 'poetry.lock' }], index);
    assert.deepEqual(
      found.map((f) => [f.package, f.advisory, f.fixed]),
      [['django-rest-framework', 'PYSEC-1', '3.15']],
    );
  });
});
