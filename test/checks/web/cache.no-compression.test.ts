import check from '../../../src/checks/web/cache.no-compression.ts';
import { checkTester } from '../../support/check-tester.ts';
import { asset, page, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'gzip and br',
      facts: webFactsWith({
        pages: [page('https://app.acme.test/', { 'content-encoding': 'gzip' }, {}, { bodyBytes: 9000 })],
        assets: [asset('https://app.acme.test/a.js', { 'content-type': 'application/javascript', 'content-encoding': 'br' }, false, { bodyBytes: 40000 })],
      }),
    },
    { name: 'small responses need no compression', facts: webFactsWith({ pages: [page('https://app.acme.test/', {}, {}, { bodyBytes: 800 })] }) },
    {
      name: 'images are not text',
      facts: webFactsWith({
        assets: [
          asset('https://app.acme.test/a.js', { 'content-type': 'application/javascript', 'content-encoding': 'zstd' }, false, { bodyBytes: 4000 }),
          asset('https://app.acme.test/logo.png', { 'content-type': 'image/png' }, false, { bodyBytes: 90000 }),
        ],
      }),
    },
  ],
  fail: [
    {
      name: 'uncompressed HTML and CSS on one host: one finding listing both (one gzip setting fixes them)',
      facts: webFactsWith({
        pages: [page('https://app.acme.test/', {}, {}, { bodyBytes: 20000 })],
        assets: [asset('https://app.acme.test/s.css', { 'content-type': 'text/css' }, false, { bodyBytes: 256 * 1024, declaredLength: 500000 })],
      }),
      findings: [
        {
          target: 'app.acme.test',
          severity: 'medium',
          title: /2 text responses uncompressed/,
          evidence: {
            urls: ['/', '/s.css'],
            count: 2,
            responses: [
              { url: 'https://app.acme.test/', contentType: 'text/html; charset=utf-8', bytes: 20000, contentEncoding: null, acceptEncoding: 'gzip, br' },
              { url: 'https://app.acme.test/s.css', contentType: 'text/css', bytes: 500000, contentEncoding: null, acceptEncoding: 'gzip, br' },
            ],
          },
        },
      ],
    },
  ],
  notApplicable: [{ name: 'no text responses', facts: webFactsWith({ assets: [asset('https://app.acme.test/logo.png', { 'content-type': 'image/png' })] }) }],
});
