import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareGemVersions, compareGoVersions, compareVersions } from '../../src/analyze/versions.ts';

describe('version ordering', () => {
  it('orders RubyGems versions like Gem::Version', () => {
    const ascending = ['1.0.a', '1.0.b1', '1.0.rc1', '1.0', '1.0.1', '1.1.pre', '1.1', '1.10', '2.0.0.beta1', '2.0.0', '3.0.9', '3.0.9.1', '3.0.10'];
    for (let i = 0; i + 1 < ascending.length; i++) assert.equal(compareGemVersions(ascending[i]!, ascending[i + 1]!), -1, `${ascending[i]} < ${ascending[i + 1]}`);
    assert.equal(compareGemVersions('1.0', '1.0.0'), 0);
    assert.equal(compareGemVersions('1.0.0-rc1', '1.0.0'), -1, 'a dash is a prerelease');
    assert.equal(compareGemVersions('2', '10'), -1, 'numeric, not lexical');
  });

  it('orders Go module versions, pseudo-versions and +incompatible', () => {
    assert.equal(compareGoVersions('v0.22.0', 'v0.23.0'), -1);
    assert.equal(compareGoVersions('v0.0.0-20240101000000-abcdef123456', 'v0.1.0'), -1);
    assert.equal(compareGoVersions('v2.0.0+incompatible', 'v1.9.0'), 1);
    assert.equal(compareVersions('Go', 'v1.2.3', '1.2.3'), 0);
  });

  it('orders PyPI versions by PEP 440 and npm by semver', () => {
    assert.equal(compareVersions('PyPI', '4.2.10', '4.2.11'), -1);
    assert.equal(compareVersions('PyPI', '5.0rc1', '5.0'), -1);
    assert.equal(compareVersions('PyPI', '2.0.post1', '2.0'), 1);
    assert.equal(compareVersions('PyPI', 'not a version', '1.0'), null);
    assert.equal(compareVersions('npm', '4.17.20', '4.17.21'), -1);
    assert.equal(compareVersions('npm', '1.0.0-beta.2', '1.0.0'), -1);
    assert.equal(compareVersions('npm', '10.0.0', '9.0.0'), 1);
  });
});
