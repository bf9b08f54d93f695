import check from '../../../src/checks/web/http.mixed-content.ts';
import { checkTester } from '../../support/check-tester.ts';
import { page, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [{ name: 'no http:// subresources', facts: webFactsWith({ pages: [page('https://app.acme.test/', {}, { subresources: [] })] }) }],
  fail: [
    {
      name: 'active script is high, passive image medium',
      facts: webFactsWith({
        pages: [
          page(
            'https://app.acme.test/',
            {},
            {
              subresources: [
                { kind: 'script', url: 'http://cdn.acme.test/app.js', active: true },
                { kind: 'fetch', url: 'http://api.acme.test/v1', active: true },
                { kind: 'img', url: 'http://cdn.acme.test/logo.png', active: false },
              ],
            },
          ),
        ],
      }),
      findings: [
        { target: 'app.acme.test', severity: 'high', evidence: { resources: ['script http://cdn.acme.test/app.js', 'fetch http://api.acme.test/v1'], resourceCount: 2 } },
        { target: 'app.acme.test', severity: 'medium', evidence: { resources: ['img http://cdn.acme.test/logo.png'], resourceCount: 1 } },
      ],
    },
  ],
  notApplicable: [{ name: 'only http pages', facts: webFactsWith({ pages: [page('http://app.acme.test/', {}, { subresources: [] })] }) }],
});
