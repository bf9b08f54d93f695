import check from '../../../src/checks/web/http.no-security-txt.ts';
import { checkTester } from '../../support/check-tester.ts';
import { webFactsWith } from './web-facts.ts';

const url = 'https://app.acme.test/.well-known/security.txt';

checkTester(check, {
  pass: [{ name: 'found', facts: webFactsWith({ securityTxt: { url, status: 200, found: true, error: null } }) }],
  fail: [
    {
      name: '404',
      facts: webFactsWith({ securityTxt: { url, status: 404, found: false, error: null } }),
      findings: [{ target: url, severity: 'info', evidence: { url, status: 404 } }],
    },
    { name: 'HTML catch-all page instead of a file', facts: webFactsWith({ securityTxt: { url, status: 200, found: false, error: null } }), findings: [{ target: url }] },
  ],
  notApplicable: [{ name: 'no canonical URL', facts: webFactsWith({ securityTxt: null }) }],
  notRun: [
    {
      name: 'the request never got an answer: could not run, not a missing file',
      status: 'error',
      facts: webFactsWith({ securityTxt: { url, status: null, found: false, error: { code: 'ECONNREFUSED', message: 'connection refused' } } }),
    },
  ],
});
