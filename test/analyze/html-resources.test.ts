import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assetKindOf, isFingerprinted, summariseHtml } from '../../src/analyze/html-resources.ts';

const PAGE = `<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="/assets/app.3f9a1c2b.css">
<link rel="stylesheet" href="http://cdn.other.test/x.css">
<link rel="icon" href="/favicon.ico">
<script src="/assets/main-4QXK2ZJD.js"></script>
<script src="https://cdn.other.test/lib.js"></script>
<script>window.CONFIG = {"api":"http://api.acme.test/v1","ns":"http://www.w3.org/2000/svg"};</script>
</head><body>
<img src="http://img.other.test/a.png" srcset="/img/a.png 1x, http://img.other.test/a2.png 2x">
<iframe src="http://frame.other.test/"></iframe>
<form action="http://app.acme.test/login"></form>
<video src="/v.mp4" poster="http://img.other.test/p.jpg"></video>
</body></html>`;

describe('html resources', () => {
  it('finds meta CSP/referrer, mixed content with kinds, and same-origin assets', () => {
    const s = summariseHtml(PAGE, 'https://app.acme.test/');
    assert.deepEqual(s.metaCsp, ["default-src 'self'"]);
    assert.equal(s.metaReferrer, 'no-referrer');
    assert.deepEqual(
      s.subresources.map((r) => `${r.kind}${r.active ? '!' : ''} ${r.url}`),
      [
        'stylesheet! http://cdn.other.test/x.css',
        'fetch! http://api.acme.test/v1',
        'img http://img.other.test/a.png',
        'img http://img.other.test/a2.png',
        'iframe! http://frame.other.test/',
        'form! http://app.acme.test/login',
        'img http://img.other.test/p.jpg',
      ],
    );
    assert.deepEqual(s.assets, [
      'https://app.acme.test/assets/app.3f9a1c2b.css',
      'https://app.acme.test/favicon.ico',
      'https://app.acme.test/assets/main-4QXK2ZJD.js',
      'https://app.acme.test/img/a.png',
    ]);
  });
  it('an http page has no mixed content', () => {
    assert.deepEqual(summariseHtml(PAGE, 'http://app.acme.test/').subresources, []);
  });
  it('bounds what it keeps on a hostile page', () => {
    const s = summariseHtml(`<html>${'<img src="http://x.test/a.png">'.repeat(5000)}</html>`, 'https://app.acme.test/');
    assert.equal(s.subresources.length, 500);
    assert.ok(s.truncated);
  });
  it('fingerprints and kinds', () => {
    assert.ok(isFingerprinted('https://a.test/app.3f9a1c2b.js'));
    assert.ok(isFingerprinted('https://a.test/main-4QXK2ZJD.css'));
    assert.equal(isFingerprinted('https://a.test/app.js'), false);
    assert.equal(isFingerprinted('https://a.test/jquery-3.7.1.min.js'), false);
    assert.equal(isFingerprinted('https://a.test/react-dom.production.js'), false);
    assert.equal(assetKindOf('https://a.test/f.woff2?v=1'), 'font');
    assert.equal(assetKindOf('https://a.test/api/orders'), null);
  });
});
