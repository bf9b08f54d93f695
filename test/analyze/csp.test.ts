import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cspDirectives, cspWeaknesses, hasFrameAncestors } from '../../src/analyze/csp.ts';

describe('csp', () => {
  it('a strict nonce policy has no bypass', () => {
    assert.deepEqual(cspWeaknesses("script-src 'nonce-abcdefgh12' 'strict-dynamic'; object-src 'none'; base-uri 'none'"), []);
  });
  it('unsafe-inline without nonce, unsafe-eval, wildcard, missing object-src', () => {
    const found = cspWeaknesses("script-src * 'unsafe-inline' 'unsafe-eval'").map((w) => `${w.directive} ${w.value}`);
    assert.ok(found.includes("script-src 'unsafe-inline'"), found.join());
    assert.ok(found.includes("script-src 'unsafe-eval'"), found.join());
    assert.ok(found.includes('script-src *'), found.join());
    assert.ok(found.includes('object-src null'), found.join());
  });
  it('a malformed source (//) does not crash the evaluator nor hide unsafe-inline next to it', () => {
    const found = cspWeaknesses("script-src 'unsafe-inline' //").map((w) => `${w.directive} ${w.value}`);
    assert.ok(found.includes("script-src 'unsafe-inline'"), found.join());
    assert.ok(cspWeaknesses("script-src http://[ 'unsafe-eval'; object-src 'none'").some((w) => w.value === "'unsafe-eval'"));
  });
  it('unsafe-inline next to a nonce is ignored by CSP3 browsers', () => {
    assert.deepEqual(cspWeaknesses("script-src 'nonce-abcdefgh12' 'unsafe-inline'; object-src 'none'; base-uri 'none'"), []);
  });
  it('directives and frame-ancestors', () => {
    assert.deepEqual(cspDirectives("default-src 'self'; Frame-Ancestors 'none'").get('frame-ancestors'), ["'none'"]);
    assert.ok(hasFrameAncestors("frame-ancestors 'self'"));
    assert.equal(hasFrameAncestors("default-src 'self'"), false);
  });
});
