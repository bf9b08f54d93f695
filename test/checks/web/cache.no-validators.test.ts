import check from '../../../src/checks/web/cache.no-validators.ts';
import { checkTester } from '../../support/check-tester.ts';
import { asset, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'ETag and Last-Modified',
      facts: webFactsWith({
        assets: [
          asset('https://app.acme.test/a.js', { 'cache-control': 'max-age=86400', etag: '"abc"' }),
          asset('https://app.acme.test/b.js', { 'cache-control': 'public', 'last-modified': 'Wed, 21 Oct 2026 07:28:00 GMT' }),
        ],
      }),
    },
  ],
  fail: [
    {
      name: 'cacheable without validators',
      facts: webFactsWith({ assets: [asset('https://app.acme.test/a.js', { 'cache-control': 'max-age=86400' })] }),
      findings: [{ target: 'app.acme.test', severity: 'info', evidence: { cacheControl: 'max-age=86400' } }],
    },
  ],
  notApplicable: [{ name: 'nothing cacheable', facts: webFactsWith({ assets: [asset('https://app.acme.test/a.js', { 'cache-control': 'no-store' })] }) }],
});
