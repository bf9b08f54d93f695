import check from '../../../src/checks/web/cache.static-not-cached.ts';
import { checkTester } from '../../support/check-tester.ts';
import { asset, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'fingerprinted immutable, plain file one day',
      facts: webFactsWith({
        assets: [
          asset('https://app.acme.test/app.3f9a1c2b.js', { 'cache-control': 'public, max-age=31536000, immutable' }, true),
          asset('https://app.acme.test/style.css', { 'cache-control': 'max-age=86400' }),
        ],
      }),
    },
  ],
  fail: [
    {
      name: 'fingerprinted with one day, plain with no-cache',
      facts: webFactsWith({
        assets: [
          asset('https://app.acme.test/app.3f9a1c2b.js', { 'cache-control': 'max-age=86400' }, true),
          asset('https://app.acme.test/style.css', { 'cache-control': 'no-cache' }),
        ],
      }),
      findings: [
        {
          target: 'app.acme.test',
          severity: 'medium',
          evidence: { cacheControl: 'max-age=86400', maxAgeSeconds: 86400, fingerprinted: true, required: 'max-age >= 2592000 or immutable' },
          fix: /immutable/,
        },
        { target: 'app.acme.test', evidence: { cacheControl: 'no-cache', maxAgeSeconds: 0, fingerprinted: false, required: 'max-age >= 86400' } },
      ],
    },
    { name: 'no Cache-Control at all', facts: webFactsWith({ assets: [asset('https://app.acme.test/logo.js')] }), findings: [{ target: 'app.acme.test' }] },
  ],
  notApplicable: [{ name: 'no assets found', facts: webFactsWith({ assets: [] }) }],
});
