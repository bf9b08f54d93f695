import check from '../../../src/checks/web/http.server-version-leak.ts';
import { checkTester } from '../../support/check-tester.ts';
import { asset, page, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'product only',
      facts: webFactsWith({
        pages: [page('https://app.acme.test/', { server: 'nginx', 'x-powered-by': 'Next.js' })],
        assets: [asset('https://app.acme.test/a.js', { server: 'Microsoft-IIS' })],
      }),
    },
  ],
  fail: [
    {
      name: 'nginx and PHP versions, reported once per host and header',
      facts: webFactsWith({
        pages: [page('https://app.acme.test/', { server: 'nginx/1.24.0', 'x-powered-by': 'PHP/8.2.1' })],
        assets: [asset('https://app.acme.test/a.js', { server: 'nginx/1.24.0' })],
      }),
      findings: [
        { target: 'app.acme.test', evidence: { header: 'server', value: 'nginx/1.24.0', url: 'https://app.acme.test/' }, fix: /server_tokens off/ },
        { target: 'app.acme.test', evidence: { header: 'x-powered-by', value: 'PHP/8.2.1', url: 'https://app.acme.test/' } },
      ],
    },
    {
      name: 'major version only',
      facts: webFactsWith({ pages: [page('https://app.acme.test/', { server: 'Apache/2' })] }),
      findings: [{ evidence: { header: 'server', value: 'Apache/2', url: 'https://app.acme.test/' } }],
    },
  ],
  notApplicable: [{ name: 'no responses', facts: webFactsWith({}) }],
});
