import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCacheable, isImmutable, isSharedCacheable, maxAgeSeconds, parseCacheControl } from '../../src/analyze/cache-control.ts';

describe('cache-control', () => {
  it('parses directives, first one wins, quotes stripped', () => {
    const d = parseCacheControl('Public, max-age="600", max-age=5, immutable');
    assert.equal(d.get('public'), true);
    assert.equal(maxAgeSeconds(d), 600);
    assert.ok(isImmutable(d));
  });
  it('no-store and no-cache mean no freshness', () => {
    assert.equal(maxAgeSeconds(parseCacheControl('no-cache, max-age=600')), null);
    assert.equal(isCacheable(parseCacheControl('no-store')), false);
    assert.equal(maxAgeSeconds(parseCacheControl('')), null);
  });
  it('shared cacheability', () => {
    assert.ok(isSharedCacheable(parseCacheControl('public')));
    assert.ok(isSharedCacheable(parseCacheControl('s-maxage=60')));
    assert.ok(isSharedCacheable(parseCacheControl('max-age=60')));
    assert.equal(isSharedCacheable(parseCacheControl('private, max-age=60')), false);
    assert.equal(isSharedCacheable(parseCacheControl('max-age=0')), false);
    assert.equal(isSharedCacheable(parseCacheControl(null)), false);
  });
});
