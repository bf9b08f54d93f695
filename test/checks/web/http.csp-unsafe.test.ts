import check from '../../../src/checks/web/http.csp-unsafe.ts';
import { checkTester } from '../../support/check-tester.ts';
import { page, webFactsWith } from './web-facts.ts';

const csp = (value: string | string[]) => webFactsWith({ pages: [page('https://app.acme.test/', { 'content-security-policy': value })] });

checkTester(check, {
  pass: [
    { name: 'nonce-based strict policy', facts: csp("script-src 'nonce-r4nd0mN0nce' 'strict-dynamic'; object-src 'none'; base-uri 'none'") },
    { name: 'a weak policy next to a strict one is still strict', facts: csp(["script-src * 'unsafe-inline'", "default-src 'self'; object-src 'none'; base-uri 'none'"]) },
  ],
  fail: [
    {
      name: 'unsafe-inline and unsafe-eval',
      facts: csp("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; object-src 'none'; base-uri 'none'"),
      findings: [{ target: 'app.acme.test', title: /unsafe-inline.*unsafe-eval/ }],
    },
    { name: 'unsafe-inline next to a malformed source (crashed the evaluator once)', facts: csp("script-src 'unsafe-inline' //"), findings: [{ title: /unsafe-inline/ }] },
    { name: 'wildcard and scheme-only sources', facts: csp("script-src * https:; object-src 'none'"), findings: [{ title: /script-src \*/ }] },
    {
      name: 'missing object-src (meta)',
      facts: webFactsWith({ pages: [page('https://app.acme.test/', {}, { metaCsp: ["script-src 'self'"] })] }),
      findings: [{ title: /missing object-src/ }],
    },
  ],
  notApplicable: [{ name: 'no CSP at all', facts: webFactsWith({ pages: [page('https://app.acme.test/')] }) }],
});
