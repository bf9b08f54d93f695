// closestName: a typo gets the known name it is near; a far or ambiguous one gets nothing rather than a wrong guess.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName } from '../src/suggest.ts';

describe('closestName', () => {
  const flags = ['baseline', 'config', 'format', 'fail-on', 'out', 'only', 'skip'];
  it('suggests within edit distance 2', () => {
    assert.equal(closestName('baselin', flags), 'baseline');
    assert.equal(closestName('fromat', flags), 'format');
    assert.equal(closestName('Config', flags), 'config');
  });
  it('suggests the one name a typed prefix starts', () => {
    assert.equal(closestName('expectedPeak', ['expectedPeakRps', 'duration', 'ramp']), 'expectedPeakRps');
  });
  it('suggests nothing when far, ambiguous, too short or exact', () => {
    assert.equal(closestName('banana', flags), null);
    assert.equal(closestName('fail-on-everything', flags), null);
    assert.equal(closestName('expected', ['expectedPeakRps', 'expectedUsers']), null);
    assert.equal(closestName('out', flags), null);
    assert.equal(closestName('x'.repeat(10_000), flags), null);
  });
});
